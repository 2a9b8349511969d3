/* The event page (cms/templates/events/event_page.html): when the visitor's
   time zone differs from the event's, show the start and end in the
   visitor's own time, in the page language's format with a 24-hour clock
   (English pages follow en-GB, as the server does: cms/core/timefmt.py).
   A static file, not an inline script: the public pages'
   Content-Security-Policy allows no inline script. */
(function () {
  "use strict";
  var el = document.querySelector(".visitor-time");
  if (!el || !window.Intl || !Intl.DateTimeFormat) { return; }
  var zone = el.closest("[data-event-tz]");
  var eventTz = zone && zone.getAttribute("data-event-tz");
  var visitorTz = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!eventTz || !visitorTz || visitorTz === eventTz) { return; }
  var start = new Date(el.getAttribute("data-start"));
  var end = new Date(el.getAttribute("data-end"));
  if (isNaN(start.getTime())) { return; }
  var lang = (document.documentElement.lang || "en").toLowerCase();
  var locale = lang.split("-")[0] === "en" ? "en-GB" : lang;
  var day = { weekday: "short", day: "numeric", month: "short", year: "numeric" };
  var clock = { hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
  function format(options, date) {
    return new Intl.DateTimeFormat(locale, options).format(date);
  }
  var dayClock = Object.assign({}, day, clock);
  var text;
  if (isNaN(end.getTime())) {
    text = format(dayClock, start);
  } else if (format(day, start) === format(day, end)) {
    text = format(day, start) + ", " + format(clock, start) + "\u2013" + format(clock, end);
  } else {
    text = format(dayClock, start) + " \u2013 " + format(dayClock, end);
  }
  el.textContent = el.getAttribute("data-label") + " " + text;
  el.hidden = false;
})();
