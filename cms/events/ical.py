"""RFC 5545 output for events: stable UIDs, the event's own time zone with its
VTIMEZONE, all-day events as DATE values, RRULE/EXDATE, STATUS:CANCELLED.

Used by the per-event download (/events/<id>.ics) and by the subscribable
calendar feeds (/feeds/events.ics, see cms/feeds/events.py)."""

from collections.abc import Iterable
from datetime import timedelta

import icalendar

from cms.core.absolute import page_url

from .recurrence import parse_exceptions

# How often subscribed calendar clients should re-fetch a feed (RFC 7986).
REFRESH_INTERVAL = timedelta(hours=1)

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
        excluded = parse_exceptions(event.recurrence_exceptions, event.tz, event.local_start)
        for value in excluded:
            vevent.add("exdate", value.date() if event.all_day else value)
    vevent.add("categories", [str(event.get_event_type_display())])
    vevent.add("status", STATUS.get(event.status, "CONFIRMED"))
    location = ", ".join(
        part for part in (event.venue_name, event.venue_address, event.venue_city,
                          event.venue_country.name if event.venue_country else "") if part
    )
    if location:
        vevent.add("location", location)
    url = page_url(event, request)
    if url:
        vevent.add("url", url)
    stamp = event.last_published_at or event.latest_revision_created_at
    if stamp:
        vevent.add("last-modified", stamp)
        vevent.add("dtstamp", stamp)
    vevent.add("sequence", _sequence(event))
    return vevent


def _sequence(event) -> int:
    """Every saved revision bumps SEQUENCE; feeds annotate the count
    (``revision_count``) to avoid one query per event."""
    if not event.pk:
        return 0
    count = getattr(event, "revision_count", None)
    return count if count is not None else event.revisions.count()


def event_calendar(
    events: Iterable, request=None, name: str | None = None, description: str | None = None,
) -> icalendar.Calendar:
    """A VCALENDAR of the events; ``name`` makes it a subscribable calendar
    (NAME / X-WR-CALNAME, REFRESH-INTERVAL / X-PUBLISHED-TTL)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Flanders Academic Hub//events//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if name:
        calendar.calendar_name = name
        if description:
            calendar.description = description
        calendar.refresh_interval = REFRESH_INTERVAL
        calendar.add("x-published-ttl", icalendar.vDuration(REFRESH_INTERVAL))
    for event in events:
        calendar.add_component(event_component(event, request))
    calendar.add_missing_timezones()
    return calendar
