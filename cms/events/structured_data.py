"""schema.org Event of an event page (its type's JSON-LD, cms.core.registry);
the choices are explained in docs/embedding-metadata.md."""

from datetime import datetime, timedelta

from django.http import HttpRequest

from cms.core.absolute import page_url
from cms.core.structured_data import (
    SCHEMA,
    compact,
    description,
    image_url,
    organisation,
)

EVENT_STATUS = {
    "scheduled": "EventScheduled",
    "cancelled": "EventCancelled",
    "postponed": "EventPostponed",
    "rescheduled": "EventRescheduled",
    "moved-online": "EventMovedOnline",
}
ATTENDANCE_MODE = {
    "offline": "OfflineEventAttendanceMode",
    "online": "OnlineEventAttendanceMode",
    "mixed": "MixedEventAttendanceMode",
}
RRULE_FREQUENCY = {"DAILY": "D", "WEEKLY": "W", "MONTHLY": "M", "YEARLY": "Y"}
WEEKDAYS = {
    "MO": "Monday", "TU": "Tuesday", "WE": "Wednesday", "TH": "Thursday",
    "FR": "Friday", "SA": "Saturday", "SU": "Sunday",
}

def _event_date(value: datetime, event) -> str:
    """ISO 8601 in the event's own zone (with its offset); a date for all-day events."""
    local = value.astimezone(event.tz)
    return local.date().isoformat() if event.all_day else local.isoformat()


def _iso_duration(delta: timedelta) -> str:
    seconds = int(delta.total_seconds())
    days, seconds = divmod(seconds, 86400)
    hours, seconds = divmod(seconds, 3600)
    minutes = seconds // 60
    time_part = "".join(f"{n}{unit}" for n, unit in ((hours, "H"), (minutes, "M")) if n)
    result = "P" + (f"{days}D" if days else "") + (f"T{time_part}" if time_part else "")
    return result if result != "P" else "PT0M"


def _parse_rrule(rule: str) -> dict[str, str]:
    text = rule.strip()
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    parts = (part.split("=", 1) for part in text.split(";") if "=" in part)
    return {key.strip().upper(): value.strip().upper() for key, value in parts}


def _int_list(value: str) -> list[int]:
    return [int(v) for v in value.split(",") if v.strip().lstrip("-").isdigit()]


def event_schedule(event) -> dict:
    """schema.org Schedule derived from the event's RRULE (validated on save)."""
    rule = _parse_rrule(event.recurrence_rule)
    frequency = RRULE_FREQUENCY.get(rule.get("FREQ", ""))
    if not frequency:
        return {}
    interval = int(rule["INTERVAL"]) if rule.get("INTERVAL", "").isdigit() else 1
    local_start, local_end = event.local_start, event.local_end
    # Plain weekdays become DayOfWeek URLs; "1MO"-style values stay iCal text,
    # which schema.org's byDay also accepts.
    by_day = [SCHEMA + WEEKDAYS[d] if d in WEEKDAYS else d
              for d in rule.get("BYDAY", "").split(",") if d]
    schedule = {
        "@type": "Schedule",
        "repeatFrequency": f"P{interval}{frequency}",
        "byDay": by_day,
        "byMonthDay": _int_list(rule.get("BYMONTHDAY", "")),
        "byMonth": _int_list(rule.get("BYMONTH", "")),
        "repeatCount": int(rule["COUNT"]) if rule.get("COUNT", "").isdigit() else None,
        "startDate": local_start.date().isoformat(),
        "endDate": _until_date(rule.get("UNTIL", ""), event),
        "duration": _iso_duration(event.end - event.start),
        "scheduleTimezone": event.time_zone,
        "exceptDate": [line.strip()[:10] for line in
                       event.recurrence_exceptions.replace(",", "\n").splitlines()
                       if line.strip()],
    }
    if not event.all_day:
        schedule["startTime"] = local_start.time().isoformat("seconds")
        schedule["endTime"] = local_end.time().isoformat("seconds")
    return compact(schedule)


def _until_date(until: str, event) -> str:
    if len(until) < 8 or not until[:8].isdigit():
        return ""
    return f"{until[:4]}-{until[4:6]}-{until[6:8]}"


def _place(event) -> dict:
    geo = None
    if event.latitude is not None and event.longitude is not None:
        geo = {"@type": "GeoCoordinates", "latitude": float(event.latitude),
               "longitude": float(event.longitude)}
    address = compact({
        "@type": "PostalAddress",
        "streetAddress": event.venue_address,
        "addressLocality": event.venue_city,
        "addressCountry": event.venue_country.code if event.venue_country else "",
    })
    return compact({
        "@type": "Place",
        "name": event.venue_name or event.venue_city,
        "address": address if len(address) > 1 else None,
        "geo": geo,
    })


def _locations(event) -> list[dict]:
    moved_online = event.status == "moved-online"
    has_venue = bool(event.venue_name or event.venue_city or event.venue_address)
    locations = []
    if has_venue and event.attendance_mode != "online" and not moved_online:
        locations.append(_place(event))
    if event.online_url and (event.attendance_mode != "offline" or moved_online):
        locations.append({"@type": "VirtualLocation", "url": event.online_url})
    return locations


def _previous_start(page) -> datetime | None:
    """schema.org previousStartDate: where a rescheduled event moved from; a
    postponed event keeps its old start until a new date is known."""
    if page.status == "rescheduled":
        return page.previous_start
    if page.status == "postponed":
        return page.previous_start or page.start
    return None


def event(page, request: HttpRequest | None = None) -> dict:
    """schema.org Event for an EventPage. A recurring event gives its next
    occurrence as startDate/endDate and the whole series as eventSchedule."""
    start, end = page.next_occurrence() if page.is_recurring else (page.start, page.end)
    mode = "online" if page.status == "moved-online" else page.attendance_mode
    locations = _locations(page)
    organiser = page.organiser
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "@id": f"{page_url(page, request)}#event",
        "name": page.title,
        "description": description(page),
        "url": page_url(page, request),
        "startDate": _event_date(start, page),
        "endDate": _event_date(end, page),
        "eventStatus": SCHEMA + EVENT_STATUS.get(page.status, "EventScheduled"),
        "eventAttendanceMode": SCHEMA + ATTENDANCE_MODE.get(mode, ATTENDANCE_MODE["offline"]),
        "location": locations[0] if len(locations) == 1 else locations,
        "organizer": organisation(organiser, request) if organiser else None,
        # The languages the event is held in; the page language when not given.
        "inLanguage": list(page.languages) or page.locale.language_code,
        "image": image_url(page, request),
        "eventSchedule": event_schedule(page) if page.is_recurring else None,
        "audience": [{"@type": "Audience", "audienceType": a} for a in page.audience],
    }
    previous = _previous_start(page)
    if previous:
        data["previousStartDate"] = _event_date(previous, page)
    if page.registration_url and page.status != "cancelled":
        # No prices are recorded: the Offer says where and until when to register.
        data["offers"] = compact({
            "@type": "Offer",
            "url": page.registration_url,
            "validThrough": page.registration_deadline.astimezone(page.tz).isoformat()
            if page.registration_deadline else None,
        })
    return compact(data)
