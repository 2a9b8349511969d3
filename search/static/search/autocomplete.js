// Suggestions while typing in the search box (ARIA 1.2 combobox with a
// listbox). Without JavaScript the form works as a plain GET form.
(function () {
  "use strict";
  var input = document.getElementById("search-q");
  if (!input || !window.fetch) return;
  var list = document.getElementById(input.getAttribute("aria-controls"));
  var url = input.getAttribute("data-suggest-url");
  // Screen readers hear how many suggestions arrived (a visually hidden status).
  var status = document.getElementById("search-suggestions-status");
  function announce(count) {
    if (!status) return;
    var message = count === 1 ? status.dataset.one
                : count ? status.dataset.some : status.dataset.none;
    status.textContent = message.replace("%(count)s", count);
  }
  var active = -1, timer = null, last = "", generation = 0;

  function close() {
    // Also forget the last prefix and drop a pending request, so an answer
    // that arrives after Escape or blur does not reopen the list.
    clearTimeout(timer); generation++;
    list.hidden = true; list.innerHTML = ""; active = -1; last = "";
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }
  function highlight(index) {
    var options = list.querySelectorAll("[role=option]");
    if (!options.length) return;
    active = (index + options.length) % options.length;
    options.forEach(function (o, i) { o.setAttribute("aria-selected", i === active ? "true" : "false"); });
    input.setAttribute("aria-activedescendant", options[active].id);
  }
  function choose(option) {
    if (option.dataset.url) { window.location.href = option.dataset.url; return; }
    input.value = option.dataset.text; close(); input.form.submit();
  }
  function show(items) {
    // A new list: no option is active until the visitor moves to one.
    list.innerHTML = ""; active = -1;
    input.removeAttribute("aria-activedescendant");
    items.forEach(function (item, i) {
      var li = document.createElement("li");
      li.id = "search-suggestion-" + i; li.setAttribute("role", "option");
      li.dataset.text = item.text; li.dataset.url = item.url || "";
      li.textContent = item.text;  // text, never HTML
      var kind = document.createElement("span");
      kind.className = "search-suggestions__kind"; kind.textContent = " " + (item.kind_label || item.kind);
      li.appendChild(kind);
      li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(li); });
      list.appendChild(li);
    });
    list.hidden = !items.length;
    input.setAttribute("aria-expanded", items.length ? "true" : "false");
    announce(items.length);
  }
  input.addEventListener("input", function () {
    var value = input.value.trim();
    clearTimeout(timer);
    if (value.length < 2) { close(); return; }
    timer = setTimeout(function () {
      if (value === last) return;
      last = value;
      var mine = ++generation;
      fetch(url + "?q=" + encodeURIComponent(value), {headers: {Accept: "application/json"}})
        .then(function (r) { return r.ok ? r.json() : {suggestions: []}; })
        .then(function (data) {
          if (mine === generation && input.value.trim() === value) show(data.suggestions);
        })
        .catch(function () { if (mine === generation) close(); });
    }, 150);
  });
  input.addEventListener("keydown", function (e) {
    if (e.key === "Escape") {
      // Dismiss the list (keeping the text: in a type=search box Escape would
      // clear it); with no list shown, the browser's own Escape applies.
      if (!list.hidden) e.preventDefault();
      close(); return;
    }
    if (list.hidden) return;
    if (e.key === "ArrowDown") { e.preventDefault(); highlight(active + 1); }
    else if (e.key === "ArrowUp") { e.preventDefault(); highlight(active - 1); }
    else if (e.key === "Enter" && active >= 0) {
      e.preventDefault(); choose(list.querySelectorAll("[role=option]")[active]);
    }
  });
  input.addEventListener("blur", function () { setTimeout(close, 100); });
})();
