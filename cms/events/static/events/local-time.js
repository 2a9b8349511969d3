/* The event page (cms/templates/events/event_page.html): when the visitor's
   time zone differs from the event's, show the start in the visitor's own
   time. A static file, not an inline script: the public pages'
   Content-Security-Policy allows no inline script. */
(function () {
  "use strict";
  var el = document.querySelector(".visitor-time");
  if (!el || !window.Intl || !Intl.DateTimeFormat) { return; }
  var zone = el.closest("[data-event-tz]");
  var eventTz = zone && zone.getAttribute("data-event-tz");
  var visitorTz = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!eventTz || visitorTz === eventTz) { return; }
  var fmt = new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
    weekday: "long", day: "numeric", month: "long", year: "numeric",
    hour: "2-digit", minute: "2-digit", timeZoneName: "short"
  });
  var start = new Date(el.getAttribute("data-start"));
  el.textContent = el.getAttribute("data-label") + " " + fmt.format(start);
  el.hidden = false;
})();
