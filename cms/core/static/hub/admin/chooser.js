// Searchable multiple choice (cms/core/widgets.py): adds a filter box, the
// chosen items as removable chips and a spoken count to a list of checkboxes.
// Without this script the checkboxes work as they are.
(function () {
  "use strict";

  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_, key) {
      return key in values ? String(values[key]) : "";
    });
  }

  function fieldName(root, list) {
    // a group of checkboxes has a label without "for" (Wagtail's w-field)
    var label = list.id && document.querySelector('label[for="' + list.id + '"]');
    // or is named by its panel's heading (aria-labelledby)
    var field = root.closest(".w-field");
    var panel = root.closest("[data-panel][aria-labelledby]");
    var heading = panel && document.getElementById(panel.getAttribute("aria-labelledby"));
    var source = label || (field && field.querySelector(".w-field__label")) || heading;
    return source ? source.textContent.replace(/\*/g, "").trim() : "";
  }

  function enhance(root) {
    if (root.dataset.hubChooserReady) return;
    root.dataset.hubChooserReady = "1";
    var text = root.dataset;
    var list = root.querySelector("div");
    var items = Array.prototype.map.call(
      list.querySelectorAll('input[type="checkbox"]'),
      function (box) {
        var label = box.closest("label");
        var row = box.closest("div") || label;
        return { box: box, row: row, text: label ? label.textContent.trim() : box.value };
      }
    );
    var base = list.id || "hub-chooser-" + Math.random().toString(36).slice(2);
    var name = fieldName(root, list);

    var chips = document.createElement("ul");
    chips.className = "hub-chooser__chips";
    chips.setAttribute("aria-label", name ? text.textChosen + ": " + name : text.textChosen);

    var filterLabel = document.createElement("label");
    filterLabel.className = "hub-chooser__filter-label";
    filterLabel.htmlFor = base + "-filter";
    filterLabel.textContent = fill(text.textFilter, { field: name }).trim();
    var filter = document.createElement("input");
    filter.type = "search";
    filter.id = base + "-filter";
    filter.className = "hub-chooser__filter";
    filter.autocomplete = "off";
    filter.setAttribute("aria-controls", list.id || "");
    filter.setAttribute("aria-describedby", base + "-status");

    var status = document.createElement("p");
    status.id = base + "-status";
    status.className = "hub-chooser__status";
    status.setAttribute("aria-live", "polite");

    var empty = document.createElement("p");
    empty.className = "hub-chooser__none";
    empty.textContent = text.textNone;
    empty.hidden = true;

    list.classList.add("hub-chooser__options");
    root.insertBefore(chips, list);
    root.insertBefore(filterLabel, list);
    root.insertBefore(filter, list);
    root.insertBefore(status, list);
    root.insertBefore(empty, list);

    function visible() {
      return items.filter(function (item) { return !item.row.hidden; });
    }

    function update() {
      var shown = visible().length;
      var chosen = items.filter(function (item) { return item.box.checked; });
      status.textContent = fill(text.textCount, {
        chosen: chosen.length, shown: shown, total: items.length,
      });
      empty.hidden = shown > 0;
      chips.textContent = "";
      chosen.forEach(function (item) {
        var chip = document.createElement("li");
        chip.className = "hub-chooser__chip";
        var label = document.createElement("span");
        label.textContent = item.text;
        var remove = document.createElement("button");
        remove.type = "button";
        remove.className = "hub-chooser__remove";
        remove.textContent = "\u00d7";
        remove.setAttribute("aria-label", fill(text.textRemove, { item: item.text }));
        remove.addEventListener("click", function () {
          var index = chosen.indexOf(item);
          item.box.checked = false;
          item.box.dispatchEvent(new Event("change", { bubbles: true }));
          var next = chips.querySelectorAll(".hub-chooser__remove")[index] ||
            chips.querySelector(".hub-chooser__remove:last-of-type");
          (next || filter).focus();
        });
        chip.appendChild(label);
        chip.appendChild(remove);
        chips.appendChild(chip);
      });
      chips.hidden = chosen.length === 0;
    }

    function applyFilter() {
      var query = fold(filter.value.trim());
      items.forEach(function (item) {
        item.row.hidden = query !== "" && fold(item.text).indexOf(query) === -1;
      });
      update();
    }

    filter.addEventListener("input", applyFilter);
    filter.addEventListener("keydown", function (event) {
      var shown = visible();
      if (event.key === "Enter") {
        // never submit the page form from the filter; one match: choose it
        event.preventDefault();
        if (shown.length === 1) {
          shown[0].box.checked = !shown[0].box.checked;
          shown[0].box.dispatchEvent(new Event("change", { bubbles: true }));
        }
      } else if (event.key === "ArrowDown" && shown.length) {
        event.preventDefault();
        shown[0].box.focus();
      }
    });
    list.addEventListener("keydown", function (event) {
      if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
      var shown = visible();
      var at = shown.findIndex(function (item) { return item.box === event.target; });
      if (at === -1) return;
      event.preventDefault();
      var to = event.key === "ArrowDown" ? at + 1 : at - 1;
      if (to < 0) filter.focus();
      else if (to < shown.length) shown[to].box.focus();
    });
    list.addEventListener("change", update);
    update();
  }

  function enhanceAll(scope) {
    (scope || document).querySelectorAll("[data-hub-chooser]").forEach(enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { enhanceAll(); });
  } else {
    enhanceAll();
  }
  window.hubChooser = { enhanceAll: enhanceAll };
})();
