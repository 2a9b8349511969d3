"""schema.org JSON-LD for the public pages.

Builders return plain dicts; ``{% json_ld page %}`` (cms/core/templatetags/hub_meta.py)
serialises them safely. The vocabulary choices are explained in
docs/embedding-metadata.md."""

import json
from datetime import datetime, timedelta

from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import strip_tags
from wagtail.models import Page

from cms.core.absolute import absolute_url, page_url

SCHEMA = "https://schema.org/"

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
# Universities and research centres do research first; university colleges
# teach first; the Department is a government body.
INSTITUTION_TYPE = {
    "university": "ResearchOrganization",
    "research-centre": "ResearchOrganization",
    "university-college": "CollegeOrUniversity",
    "government": "GovernmentOrganization",
}
RRULE_FREQUENCY = {"DAILY": "D", "WEEKLY": "W", "MONTHLY": "M", "YEARLY": "Y"}
WEEKDAYS = {
    "MO": "Monday", "TU": "Tuesday", "WE": "Wednesday", "TH": "Thursday",
    "FR": "Friday", "SA": "Saturday", "SU": "Sunday",
}
# Characters that could end a <script> element or start an HTML comment, and
# the two line separators that old JavaScript parsers treat as newlines.
_SCRIPT_ESCAPES = {
    ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026",
    0x2028: "\\u2028", 0x2029: "\\u2029",
}


def dumps_for_script(data: dict | list) -> str:
    """JSON that is safe inside <script type="application/ld+json">."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
    return text.translate(_SCRIPT_ESCAPES)


def _compact(data: dict) -> dict:
    """Drop empty values so the output carries only what the page knows."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def image_url(page: Page, request: HttpRequest | None = None) -> str:
    """An image that represents the page: the logo of the institution it is
    (or belongs to). Events and expertise have no image field of their own."""
    from cms.institutions.models import InstitutionPage

    owner = page
    if not isinstance(owner, InstitutionPage):
        parent = page.get_parent()
        owner = parent.specific if parent else None
    logo = getattr(owner, "logo", None) if isinstance(owner, InstitutionPage) else None
    if logo is None:
        return ""
    return absolute_url(logo.get_rendition("max-1200x630").url, request)


def description(page: Page) -> str:
    text = getattr(page, "search_description", "") or getattr(page, "summary", "")
    return " ".join(strip_tags(text).split())


# -- organisations -------------------------------------------------------------


def organisation(page: Page, request: HttpRequest | None = None) -> dict:
    """Organization data for an institution or a representation page."""
    from cms.institutions.models import InstitutionPage, RepresentationPage

    url = page_url(page, request)
    data: dict = {"@type": "Organization", "@id": f"{url}#organization", "name": page.title,
                  "url": url, "description": description(page)}
    if isinstance(page, InstitutionPage):
        data["@type"] = INSTITUTION_TYPE.get(page.kind, "Organization")
        data["alternateName"] = page.acronym
        data["identifier"] = page.ror_url
        data["sameAs"] = [u for u in (page.ror_url, page.website) if u]
        data["logo"] = image_url(page, request)
        data["address"] = _compact({"@type": "PostalAddress",
                                    "addressLocality": page.city, "addressCountry": "BE"})
    elif isinstance(page, RepresentationPage):
        # A diplomatic representation is part of the Government of Flanders.
        data["@type"] = "GovernmentOrganization"
        data["sameAs"] = [page.website] if page.website else []
        data["telephone"] = page.phone
        data["address"] = _compact({
            "@type": "PostalAddress",
            "streetAddress": " ".join(page.address.split()),
            "addressLocality": page.city,
            "addressCountry": page.country.code if page.country else "",
        })
    data["email"] = getattr(page, "contact_email", "")
    return _compact(data)


# -- events ---------------------------------------------------------------------


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
    return _compact(schedule)


def _until_date(until: str, event) -> str:
    if len(until) < 8 or not until[:8].isdigit():
        return ""
    return f"{until[:4]}-{until[4:6]}-{until[6:8]}"


def _place(event) -> dict:
    geo = None
    if event.latitude is not None and event.longitude is not None:
        geo = {"@type": "GeoCoordinates", "latitude": float(event.latitude),
               "longitude": float(event.longitude)}
    address = _compact({
        "@type": "PostalAddress",
        "streetAddress": event.venue_address,
        "addressLocality": event.venue_city,
        "addressCountry": event.venue_country.code if event.venue_country else "",
    })
    return _compact({
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
    if page.registration_url:
        # No prices are recorded: the Offer says where and until when to register.
        data["offers"] = _compact({
            "@type": "Offer",
            "url": page.registration_url,
            "validThrough": page.registration_deadline.astimezone(page.tz).isoformat()
            if page.registration_deadline else None,
        })
    return _compact(data)


# -- expertise ------------------------------------------------------------------


def person(contact) -> dict:
    """A contact person; only ever called for people who agreed to publication."""
    return _compact({
        "@type": "Person",
        "name": contact.name,
        "jobTitle": contact.role,
        "identifier": contact.orcid_url,
        "sameAs": contact.orcid_url,
        "email": contact.public_email,
    })


def expertise(page, request: HttpRequest | None = None) -> dict:
    """An expertise entry as a research unit of its institution.

    Research groups, labs and facilities are organisational units that do
    research, so the entry is a ResearchOrganization whose parentOrganization
    is the institution; its disciplines and keywords are what it knowsAbout."""
    institution = page.institution
    knows_about = [d.label for d in page.disciplines.all()]
    knows_about += [tag.name for tag in page.keywords.all()]
    return _compact({
        "@context": "https://schema.org",
        "@type": "ResearchOrganization",
        "@id": f"{page_url(page, request)}#expertise",
        "name": page.title,
        "description": description(page),
        "url": page_url(page, request),
        "knowsAbout": knows_about,
        "knowsLanguage": list(page.working_languages),
        "parentOrganization": organisation(institution, request) if institution else None,
        "member": [person(c) for c in page.contacts.all() if c.consent_to_publish],
        "sameAs": [link.url for link in page.links.all()],
        "image": image_url(page, request),
    })


# -- scholarships ---------------------------------------------------------------


def scholarship(page, request: HttpRequest | None = None) -> dict:
    """A scholarship as a schema.org MonetaryGrant funded by the Department.

    The amount is free text ("up to EUR 12,000 per academic year"), so it is a
    MonetaryAmount with only a description. A Grant has no deadline property:
    the application is a potentialAction (ApplyAction on the application link)
    whose access ends at the deadline (ActionAccessSpecification)."""
    funder = page.funder
    apply = {
        "@type": "ApplyAction",
        "target": page.link,
        "actionAccessibilityRequirement": {
            "@type": "ActionAccessSpecification",
            "availabilityEnds": timezone.localtime(page.deadline).isoformat(),
        },
    }
    return _compact({
        "@context": "https://schema.org",
        "@type": "MonetaryGrant",
        "@id": f"{page_url(page, request)}#scholarship",
        "name": page.title,
        "description": description(page),
        "url": page_url(page, request),
        "funder": organisation(funder, request) if funder else None,
        "amount": {"@type": "MonetaryAmount", "description": page.amount}
        if page.amount else None,
        "potentialAction": apply,
    })


def for_page(page: Page | None, request: HttpRequest | None = None) -> dict:
    """The JSON-LD for any page, or {} for pages that carry none. Each page
    model says what it exposes (``structured_data``, built with the helpers
    above), so no content model is named here."""
    if not isinstance(page, Page):
        return {}
    build = getattr(page.specific, "structured_data", None)
    return build(request) if callable(build) else {}
