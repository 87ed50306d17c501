// The admin's autocomplete boxes (select2) type into a search field that has no label of its
// own; give it the label of the select it stands for, so screen readers announce it.
(() => {
  const label = (field) => {
    if (field.hasAttribute("aria-label")) return;
    const select = field.closest(".select2-container")?.previousElementSibling;
    const text = select?.id && document.querySelector(`label[for="${select.id}"]`)?.textContent;
    if (text) field.setAttribute("aria-label", text.trim().replace(/:$/, ""));
  };
  const labelAll = () => document.querySelectorAll(".select2-search__field").forEach(label);
  document.addEventListener("DOMContentLoaded", () => {
    labelAll();
    new MutationObserver(labelAll).observe(document.body, { childList: true, subtree: true });
  });
})();
