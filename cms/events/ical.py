"""RFC 5545 output for events: stable UIDs, the event's own time zone with its
VTIMEZONE, all-day events as DATE values, RRULE/EXDATE, STATUS:CANCELLED."""

from datetime import timedelta

import icalendar

STATUS = {"cancelled": "CANCELLED", "postponed": "TENTATIVE"}


def event_component(event, request=None) -> icalendar.Event:
    vevent = icalendar.Event()
    vevent.add("uid", f"{event.public_id}@flanders-academic-hub")
    vevent.add("summary", event.title)
    if event.summary:
        vevent.add("description", event.summary)
    if event.all_day:
        vevent.add("dtstart", event.local_start.date())
        vevent.add("dtend", event.local_end.date() + timedelta(days=1))
    else:
        vevent.add("dtstart", event.local_start)
        vevent.add("dtend", event.local_end)
    if event.is_recurring:
        rule = event.recurrence_rule.strip()
        rule = rule[6:] if rule.upper().startswith("RRULE:") else rule
        vevent.add("rrule", icalendar.vRecur.from_ical(rule))
        from .recurrence import parse_exceptions

        excluded = parse_exceptions(event.recurrence_exceptions, event.tz, event.local_start)
        for value in excluded:
            vevent.add("exdate", value.date() if event.all_day else value)
    vevent.add("status", STATUS.get(event.status, "CONFIRMED"))
    location = ", ".join(
        part for part in (event.venue_name, event.venue_address, event.venue_city,
                          event.venue_country.name if event.venue_country else "") if part
    )
    if location:
        vevent.add("location", location)
    url = event.get_full_url(request)
    if url:
        vevent.add("url", url)
    stamp = event.last_published_at or event.latest_revision_created_at
    if stamp:
        vevent.add("last-modified", stamp)
        vevent.add("dtstamp", stamp)
    vevent.add("sequence", event.revisions.count() if event.pk else 0)
    return vevent


def event_calendar(events, request=None) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Flanders Academic Hub//events//EN")
    calendar.add("version", "2.0")
    for event in events:
        calendar.add_component(event_component(event, request))
    calendar.add_missing_timezones()
    return calendar
