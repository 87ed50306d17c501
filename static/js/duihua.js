/* Duihua: small enhancements; every page reads and works without this file.
 *  - a passage's link (2.3) also copies the passage's permanent URL, for citing;
 *  - on the reading page, j / k move to the next / previous question, / focuses search. */
(function () {
  "use strict";

  function toast(message) {
    var note = document.createElement("div");
    note.className = "toast";
    note.setAttribute("role", "status");
    note.textContent = message;
    document.body.appendChild(note);
    setTimeout(function () { note.remove(); }, 2000);
  }

  function copyPassageLinks() {
    if (!navigator.clipboard || !window.isSecureContext) return;
    var copied = document.documentElement.lang === "zh-Hans" ? "已复制段落链接" : "Passage link copied";
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest(".passage-link");
      if (!link) return;
      // The permanent link (/p/<id>/) where there is one: it outlives renumbering.
      var url = new URL(link.dataset.permalink || link.getAttribute("href"), window.location.href);
      url.search = "";
      navigator.clipboard.writeText(url.href).then(function () { toast(copied); }, function () {});
    });
  }

  function typing(event) {
    var target = event.target;
    return event.ctrlKey || event.metaKey || event.altKey ||
      /^(INPUT|TEXTAREA|SELECT|BUTTON)$/.test(target.tagName) || target.isContentEditable;
  }

  function questionShortcuts() {
    var questions = Array.prototype.slice.call(document.querySelectorAll("section.question"));
    document.addEventListener("keydown", function (event) {
      if (typing(event)) return;
      if (event.key === "/") {
        var search = document.getElementById("header-q") || document.getElementById("search-q");
        if (search) { event.preventDefault(); search.focus(); }
        return;
      }
      if (!questions.length || (event.key !== "j" && event.key !== "k")) return;
      var current = questions.findIndex(function (q) { return q.getBoundingClientRect().top > 5; });
      if (current === -1) current = questions.length;
      var next = event.key === "j" ? current : current - 2;
      if (event.key === "j" && questions[current] && questions[current].getBoundingClientRect().top < 40) next += 1;
      var target = questions[Math.max(0, Math.min(next, questions.length - 1))];
      var heading = target.querySelector("h2");
      history.replaceState(null, "", "#" + target.id);
      heading.setAttribute("tabindex", "-1");
      heading.focus();
      target.scrollIntoView();
    });
  }

  copyPassageLinks();
  questionShortcuts();
})();
document.querySelectorAll(".toc .keys").forEach(function (hint) { hint.hidden = false; });
