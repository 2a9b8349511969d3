"""Times and event states in templates, in the page's language, through the
one formatter (cms/core/timefmt.py). Every tag returns plain text, which the
template escapes."""

from datetime import datetime

from django import template

from cms.core import timefmt

register = template.Library()


@register.simple_tag
def event_when(event) -> str:
    """"Tue, 4 May 2027, 19:00–21:00 Tokyo time" (a series: its next date)."""
    return timefmt.event_when(event)


@register.simple_tag
def occurrence_when(event, start: datetime, end: datetime) -> str:
    """One occurrence of a recurring event, in the same words."""
    return timefmt.when_text(start, end, event.time_zone, all_day=event.all_day)


@register.simple_tag
def event_moment(event, value: datetime | None) -> str:
    """A point in time of the event ("1 May 2027, 12:00 Tokyo time")."""
    return timefmt.format_moment(value, event.time_zone) if value else ""


@register.simple_tag
def status_notice(event) -> str:
    return timefmt.status_notice(event)


@register.simple_tag
def deadline_text(deadline: datetime | None) -> str:
    """"Apply by 15 March 2027, 23:59 Brussels time"."""
    return timefmt.deadline_text(deadline) if deadline else ""


@register.simple_tag
def deadline_moment(deadline: datetime | None) -> str:
    """"15 March 2027, 23:59 Brussels time" (the site's zone)."""
    return timefmt.format_moment(deadline, timefmt.site_zone()) if deadline else ""


@register.simple_tag
def registration_deadline(event) -> str:
    """"Register by 1 May 2027, 12:00 Tokyo time"; "" without a deadline."""
    deadline = event.registration_deadline
    return timefmt.registration_deadline_text(deadline, event.time_zone) if (
        deadline) else ""


@register.simple_tag
def zone_label(zone: str) -> str:
    """"Tokyo time" for "Asia/Tokyo"; the name itself if it is no zone."""
    try:
        return timefmt.zone_label(zone) if zone else ""
    except (ValueError, LookupError):
        return zone
