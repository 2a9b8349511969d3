// The recurrence builder of the event form (cms/events/forms.py): controls
// for "every N days/weeks/months, on these weekdays, until a date or N times,
// except these dates" that write the RRULE text field and the excluded dates,
// read an existing RRULE back, and preview the next occurrences from the
// server (admin_views.recurrence_preview, which validates like the model).
// Without this script the two text fields work as they are; with it they sit
// behind an "Edit the rule as text" disclosure under the builder.
(function () {
  "use strict";

  var DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
  var FREQS = ["DAILY", "WEEKLY", "MONTHLY"];
  var KNOWN = ["FREQ", "INTERVAL", "BYDAY", "COUNT", "UNTIL"];

  function el(tag, props, children) {
    var node = document.createElement(tag);
    Object.keys(props || {}).forEach(function (key) {
      if (key === "text") node.textContent = props[key];
      else if (key in node && key !== "list") node[key] = props[key];
      else node.setAttribute(key, props[key]);
    });
    (children || []).forEach(function (child) { node.appendChild(child); });
    return node;
  }

  function labelled(id, text, control) {
    return [el("label", { htmlFor: id, text: text }), control];
  }

  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_, key) { return values[key]; });
  }

  // "20270502T065959Z" as the date it is in the event's zone
  function localDate(until, zone) {
    var digits = until.slice(0, 8);
    var iso = digits.slice(0, 4) + "-" + digits.slice(4, 6) + "-" + digits.slice(6, 8);
    if (!/Z$/i.test(until) || until.length < 16) return iso;
    var instant = new Date(iso + "T" + until.slice(9, 11) + ":" + until.slice(11, 13) +
                           ":" + until.slice(13, 15) + "Z");
    try {
      return new Intl.DateTimeFormat("en-CA", {
        timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit",
      }).format(instant);
    } catch (error) {
      return iso;  // an unknown zone: the server will say so
    }
  }

  // {freq, interval, days, until, count} or null when the builder cannot
  // show the rule (it is then edited as text only)
  function parse(rule, zone) {
    var text = rule.trim().replace(/^RRULE:/i, "");
    var result = { freq: "", interval: 1, days: [], until: "", count: "" };
    if (!text) return result;
    var ok = true;
    text.split(";").forEach(function (part) {
      if (!part) return;
      var pair = part.split("=");
      var key = (pair[0] || "").trim().toUpperCase();
      var value = (pair[1] || "").trim().toUpperCase();
      if (KNOWN.indexOf(key) === -1 || pair.length !== 2) ok = false;
      else if (key === "FREQ") result.freq = value;
      else if (key === "INTERVAL") result.interval = parseInt(value, 10);
      else if (key === "COUNT") result.count = value;
      else if (key === "UNTIL") result.until = localDate(value, zone);
      else if (key === "BYDAY") result.days = value.split(",");
    });
    var validDays = result.days.every(function (day) { return DAYS.indexOf(day) !== -1; });
    if (!ok || FREQS.indexOf(result.freq) === -1 || !validDays ||
        !(result.interval >= 1) || (result.days.length && result.freq !== "WEEKLY") ||
        (result.count && !/^\d+$/.test(result.count)) ||
        (result.count && result.until)) {
      return null;
    }
    return result;
  }

  function compose(state) {
    if (!state.freq) return "";
    var parts = ["FREQ=" + state.freq];
    if (state.interval > 1) parts.push("INTERVAL=" + state.interval);
    if (state.freq === "WEEKLY" && state.days.length) {
      parts.push("BYDAY=" + DAYS.filter(function (d) {
        return state.days.indexOf(d) !== -1;
      }).join(","));
    }
    if (state.until) parts.push("UNTIL=" + state.until.replace(/-/g, ""));
    else if (state.count) parts.push("COUNT=" + state.count);
    return parts.join(";");
  }

  function weekdayNames() {
    var lang = document.documentElement.lang || undefined;
    var format = new Intl.DateTimeFormat(lang, { weekday: "long", timeZone: "UTC" });
    return DAYS.map(function (_, i) { return format.format(new Date(Date.UTC(2024, 0, 1 + i))); });
  }

  function enhance(root) {
    if (root.dataset.hubRecurrenceReady) return;
    root.dataset.hubRecurrenceReady = "1";
    var T = JSON.parse(root.dataset.text);
    var input = root.querySelector("input");
    var form = input.form;
    var field = function (name) { return form && form.elements.namedItem(name); };
    var exceptions = field("recurrence_exceptions");
    var base = input.id || "hub-recurrence";
    var id = function (name) { return base + "-" + name; };

    // -- the controls (no name: they are never posted) -------------------------
    var freq = el("select", { id: id("freq") }, [el("option", { value: "", text: T.never })]
      .concat(FREQS.map(function (f) { return el("option", { value: f, text: T[f] }); })));
    var interval = el("input", { id: id("interval"), type: "number", min: "1", value: "1" });
    var unit = el("span", { id: id("unit") });
    interval.setAttribute("aria-describedby", id("unit"));
    var names = weekdayNames();
    var dayBoxes = DAYS.map(function (day, i) {
      var box = el("input", { type: "checkbox", id: id("day-" + day), value: day });
      return { day: day, box: box, label: el("label", { htmlFor: box.id }, [box, document.createTextNode(" " + names[i])]) };
    });
    var endsName = id("ends");
    var ends = ["never", "until", "count"].map(function (kind) {
      var radio = el("input", { type: "radio", name: endsName, id: id("ends-" + kind), value: kind });
      return { kind: kind, radio: radio,
               label: el("label", { htmlFor: radio.id }, [radio, document.createTextNode(" " + T["ends_" + kind])]) };
    });
    var until = el("input", { id: id("until"), type: "date" });
    var count = el("input", { id: id("count"), type: "number", min: "1", value: "" });
    var exceptionDate = el("input", { id: id("exception"), type: "date" });
    var addException = el("button", { type: "button", className: "button button-small button-secondary", text: T.add });
    var chips = el("ul", { className: "hub-recurrence__chips" });
    chips.setAttribute("aria-label", T.exceptions);
    var note = el("p", { className: "hub-recurrence__note", text: T.custom, hidden: true });
    var status = el("p", { id: id("status"), className: "hub-recurrence__status" });
    status.setAttribute("aria-live", "polite");
    var list = el("ol", { id: id("occurrences") });
    var heading = el("p", { className: "hub-recurrence__heading" }, [el("strong", { text: T.preview })]);

    var everyRow = el("div", { className: "hub-recurrence__row" },
      labelled(interval.id, T.every, interval).concat([unit]));
    var daysGroup = el("fieldset", { className: "hub-recurrence__group" },
      [el("legend", { text: T.on })].concat(dayBoxes.map(function (d) { return d.label; })));
    var endsGroup = el("fieldset", { className: "hub-recurrence__group" },
      [el("legend", { text: T.ends })].concat(ends.map(function (e) { return e.label; }),
        [el("div", { className: "hub-recurrence__row" }, labelled(until.id, T.until, until)),
         el("div", { className: "hub-recurrence__row" }, labelled(count.id, T.count, count))]));
    var untilRow = until.parentNode;
    var countRow = count.parentNode;
    var exceptionsGroup = el("fieldset", { className: "hub-recurrence__group" }, [
      el("legend", { text: T.exceptions }),
      el("div", { className: "hub-recurrence__row" }, [exceptionDate, addException]),
      chips,
    ]);
    exceptionDate.setAttribute("aria-label", T.exceptions);
    var repeatDetails = el("div", {}, [everyRow, daysGroup, endsGroup]);
    var builder = el("fieldset", { className: "hub-recurrence__builder" }, [
      el("legend", { text: T.builder }),
      el("div", { className: "hub-recurrence__row" }, labelled(freq.id, T.repeats, freq)),
      note, repeatDetails, exceptionsGroup,
      el("div", { className: "hub-recurrence__preview" }, [heading, status, list]),
    ]);
    root.insertBefore(builder, input);

    // The rule and the excluded dates as text, behind a disclosure: one place
    // to edit exceptions, the text still reachable and kept in sync.
    var textPanel = el("details", { className: "hub-recurrence__text" },
      [el("summary", { text: T.as_text })]);
    root.insertBefore(textPanel, input);
    textPanel.appendChild(input);
    // the excluded dates with their label (Wagtail's panel child), unless
    // that wrapper also holds the builder
    var exceptionsField = exceptions && [".w-panel__wrapper", ".w-field__wrapper"]
      .map(function (selector) { return exceptions.closest(selector); })
      .filter(function (node) { return node && !node.contains(root); })[0];
    if (exceptions) textPanel.appendChild(exceptionsField || exceptions);
    // a refused rule or date must be seen with the server's message
    if (root.closest(".w-field--error") ||
        (exceptionsField && exceptionsField.querySelector(".w-field--error"))) {
      textPanel.open = true;
    }

    // -- rule text <-> controls ------------------------------------------------
    var custom = false;

    function zone() {
      var z = field("time_zone");
      return (z && z.value) || "UTC";
    }

    function state() {
      var chosenEnd = ends.filter(function (e) { return e.radio.checked; })[0];
      var kind = chosenEnd ? chosenEnd.kind : "never";
      return {
        freq: freq.value,
        interval: Math.max(parseInt(interval.value, 10) || 1, 1),
        days: dayBoxes.filter(function (d) { return d.box.checked; }).map(function (d) { return d.day; }),
        until: kind === "until" ? until.value : "",
        count: kind === "count" ? count.value : "",
      };
    }

    function showParts() {
      var s = state();
      repeatDetails.hidden = custom || !s.freq;
      daysGroup.hidden = s.freq !== "WEEKLY";
      unit.textContent = s.freq ? T["unit_" + s.freq] : "";
      untilRow.hidden = !ends[1].radio.checked;
      countRow.hidden = !ends[2].radio.checked;
      note.hidden = !custom;
      freq.disabled = custom;
    }

    function read() {
      var parsed = parse(input.value, zone());
      custom = parsed === null;
      if (custom) textPanel.open = true;  // the note says: edit it as text below
      if (parsed) {
        freq.value = parsed.freq;
        interval.value = parsed.interval;
        dayBoxes.forEach(function (d) { d.box.checked = parsed.days.indexOf(d.day) !== -1; });
        until.value = parsed.until;
        count.value = parsed.count;
        var kind = parsed.until ? "until" : parsed.count ? "count" : "never";
        ends.forEach(function (e) { e.radio.checked = e.kind === kind; });
      }
      showParts();
    }

    function write() {
      if (custom) return;
      input.value = compose(state());
      showParts();
    }

    // -- excluded dates ----------------------------------------------------------
    function exceptionLines() {
      return exceptions ? exceptions.value.split(/[\n,]/).map(function (line) {
        return line.trim();
      }).filter(Boolean) : [];
    }

    function drawChips() {
      chips.textContent = "";
      exceptionLines().forEach(function (line) {
        var remove = el("button", { type: "button", text: "\u00d7" });
        remove.setAttribute("aria-label", fill(T.remove, { item: line }));
        remove.addEventListener("click", function () {
          exceptions.value = exceptionLines().filter(function (l) { return l !== line; }).join("\n");
          drawChips();
          exceptionDate.focus();
          preview();
        });
        chips.appendChild(el("li", {}, [el("span", { text: line }), remove]));
      });
      chips.hidden = !chips.childNodes.length;
    }

    addException.addEventListener("click", function () {
      if (!exceptions || !exceptionDate.value) return;
      var lines = exceptionLines();
      if (lines.indexOf(exceptionDate.value) === -1) lines.push(exceptionDate.value);
      exceptions.value = lines.sort().join("\n");
      exceptionDate.value = "";
      drawChips();
      preview();
    });
    if (!exceptions) exceptionsGroup.hidden = true;

    // -- preview ---------------------------------------------------------------
    var timer = null;
    var asked = 0;

    function preview() {
      clearTimeout(timer);
      timer = setTimeout(ask, 250);
    }

    function say(text, isError) {
      status.textContent = text;
      status.className = "hub-recurrence__status" + (isError ? " hub-recurrence__error" : "");
    }

    function ask() {
      var start = field("start");
      list.textContent = "";
      if (!start || !start.value) { say(T.no_start); return; }
      var allDay = field("all_day");
      var params = new URLSearchParams({
        rule: input.value, exceptions: exceptions ? exceptions.value : "",
        start: start.value, time_zone: zone(), all_day: allDay && allDay.checked ? "1" : "",
      });
      var mine = ++asked;
      fetch(root.dataset.previewUrl + "?" + params.toString(), {
        credentials: "same-origin", headers: { Accept: "application/json" },
      }).then(function (response) {
        return response.json();
      }).then(function (data) {
        if (mine !== asked) return;  // an answer to an older question
        if (data.error) { say(data.error, true); return; }
        heading.firstChild.textContent = T.preview + " (" + data.zone + ")";
        data.occurrences.forEach(function (item) {
          list.appendChild(el("li", {}, [el("time", { dateTime: item.start, text: item.text })]));
        });
        if (data.more) list.appendChild(el("li", { text: T.more }));
        say(data.occurrences.length ? "" : T.none);
      }).catch(function () {
        if (mine === asked) say("");
      });
    }

    // -- wiring ----------------------------------------------------------------
    builder.addEventListener("input", function (event) {
      if (event.target !== exceptionDate) { write(); preview(); }
    });
    builder.addEventListener("change", function (event) {
      if (event.target !== exceptionDate) { write(); preview(); }
    });
    input.addEventListener("input", function () { read(); preview(); });
    if (exceptions) exceptions.addEventListener("input", function () { drawChips(); preview(); });
    if (form) {
      form.addEventListener("change", function (event) {
        var name = event.target && event.target.name;
        if (name === "start" || name === "time_zone" || name === "all_day") preview();
      });
    }
    read();
    drawChips();
    ask();
  }

  function enhanceAll() {
    document.querySelectorAll("[data-hub-recurrence]").forEach(enhance);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", enhanceAll);
  else enhanceAll();
})();
