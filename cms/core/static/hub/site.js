// The filters of listings and search (base.html, site.css). On narrow
// screens the "Filters" disclosure opens a drawer: a modal <dialog>, which
// keeps the keyboard inside, closes on Escape and returns focus. Without
// JavaScript the disclosure opens in place; on wide screens the filters are
// always shown beside the results.
(function () {
  "use strict";
  var narrow = window.matchMedia("(max-width: 59.99rem)");

  function drawer(panel) {
    var dialog = document.getElementById(panel.getAttribute("data-drawer"));
    var summary = panel.querySelector("summary");
    var body = panel.querySelector("[data-drawer-body]");
    if (!dialog || !summary || !body || typeof dialog.showModal !== "function") return;
    var slot = dialog.querySelector("[data-drawer-slot]");

    function layout() {
      if (narrow.matches) {
        panel.open = false;
        summary.setAttribute("aria-haspopup", "dialog");
      } else {
        if (dialog.open) dialog.close();
        panel.open = true;
        summary.removeAttribute("aria-haspopup");
      }
    }
    summary.addEventListener("click", function (event) {
      if (!narrow.matches) return;
      event.preventDefault();
      slot.appendChild(body);  // the same controls: still in their form
      dialog.showModal();
    });
    dialog.addEventListener("close", function () {
      panel.appendChild(body);
      if (narrow.matches) summary.focus();
    });
    dialog.addEventListener("click", function (event) {
      var box = dialog.getBoundingClientRect();
      var outside = event.clientX < box.left || event.clientX > box.right ||
                    event.clientY < box.top || event.clientY > box.bottom;
      if (event.target === dialog && outside) dialog.close();  // the backdrop
    });
    dialog.querySelectorAll("[data-drawer-close]").forEach(function (button) {
      button.addEventListener("click", function () { dialog.close(); });
    });
    narrow.addEventListener("change", layout);
    layout();
  }

  function start() {
    document.querySelectorAll("details[data-drawer]").forEach(drawer);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
