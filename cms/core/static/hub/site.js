// The filters of listings and search (base.html, site.css). On narrow
// screens a "Filters" disclosure shows them; with JavaScript it opens a
// drawer instead: a modal <dialog>, which keeps the keyboard inside, closes
// on Escape and returns focus. The filters move into it and back, so they
// still belong to their form. On wide screens they sit beside the results.
(function () {
  "use strict";
  var narrow = window.matchMedia("(width < 60rem)");

  function drawer(panel) {
    var dialog = document.getElementById(panel.getAttribute("data-drawer"));
    var toggle = panel.querySelector(".filter-panel__toggle");
    var body = panel.querySelector("[data-drawer-body]");
    if (!dialog || !toggle || !body || typeof dialog.showModal !== "function") return;
    var summary = toggle.querySelector("summary");
    var slot = dialog.querySelector("[data-drawer-slot]");

    function layout() {
      if (dialog.open && !narrow.matches) dialog.close();
      toggle.open = false;
      if (narrow.matches) summary.setAttribute("aria-haspopup", "dialog");
      else summary.removeAttribute("aria-haspopup");
    }
    summary.addEventListener("click", function (event) {
      event.preventDefault();
      slot.appendChild(body);
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
    document.querySelectorAll(".filter-panel[data-drawer]").forEach(drawer);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
