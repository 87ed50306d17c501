// The split page: clicking in a text fills in the character count before the caret.
// Counted in code points, as the server counts; without JavaScript the numbers are typed.
document.addEventListener("DOMContentLoaded", () => {
  for (const area of document.querySelectorAll("textarea[data-offset-field]")) {
    const field = document.getElementById(area.dataset.offsetField);
    const update = () => {
      field.value = Array.from(area.value.slice(0, area.selectionStart)).length;
    };
    area.addEventListener("click", update);
    area.addEventListener("keyup", update);
  }
});
