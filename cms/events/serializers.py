"""The API's JSON of an event (cms.core.registry: the events type)."""

from __future__ import annotations

from django.db.models import Prefetch, prefetch_related_objects
from wagtail.models import Page

from cms.core import timefmt
from cms.core.serializers import base, disciplines, iso, page_ref, rich_text
from cms.institutions.models import Discipline


def _participants(page) -> list:
    found = getattr(page, "api_participants", None)  # prefetch_events()
    return list(page.participating_institutions.all()) if found is None else found


def prefetch_events(pages: list) -> None:
    """What event() reads besides the page, for a whole page of results in
    three queries: the organisers (the pages' parents, by path), the
    participating institutions and the disciplines with their parents."""
    if not pages:
        return
    parents = {page.path[:-Page.steplen] for page in pages}
    # specific(defer=True): the organiser's class without reading its table
    # (event() needs the page's title, slug, key, URL and type only).
    found = {p.path: p for p in Page.objects.filter(path__in=parents).specific(
        defer=True)}
    for page in pages:
        page.__dict__["organiser"] = found.get(page.path[:-Page.steplen])
    prefetch_related_objects(
        pages,
        Prefetch("participating_institutions", to_attr="api_participants"),
        Prefetch("disciplines", queryset=Discipline.objects.select_related("parent"),
                 to_attr="api_disciplines"))


_VENUE_FIELDS = ("name", "address", "city", "country", "latitude", "longitude")


def _venue(page) -> dict:
    return {
        "name": page.venue_name, "address": page.venue_address,
        "city": page.venue_city, "country": str(page.venue_country) or None,
        "latitude": float(page.latitude) if page.latitude is not None else None,
        "longitude": float(page.longitude) if page.longitude is not None else None,
    }


def event(page, request, language: str) -> dict:
    organiser = page.organiser
    moved_online = page.is_moved_online
    data = base(page, request, language)
    data.update({
        "event_type": page.event_type,
        "status": page.status,
        # Moved online: the venue is replaced by the online link, as on the
        # page and in JSON-LD (issue 14), so clients never show the old venue.
        "attendance_mode": "online" if moved_online else page.attendance_mode,
        "start": page.local_start.isoformat(),
        "end": page.local_end.isoformat(),
        "time_zone": page.time_zone,
        "all_day": page.all_day,
        # How the hub says it, in `lang` (cms/core/timefmt.py): widgets and
        # host plugins show these rather than formatting times themselves.
        "when_text": timefmt.event_when(page, language),
        "time_zone_label": timefmt.event_zone_label(page, language),
        "status_label": timefmt.status_label(page, language),
        "status_notice": timefmt.status_notice(page, language) or None,
        "previous_start": iso(page.previous_start
                              and page.previous_start.astimezone(page.tz)),
        "recurrence": {
            "rule": page.recurrence_rule or None,
            "exceptions": page.recurrence_exceptions.split() or [],
            "next_start": page.next_start.astimezone(page.tz).isoformat(),
            "last_end": iso(page.last_end and page.last_end.astimezone(page.tz)),
        } if page.is_recurring else None,
        "venue": dict.fromkeys(_VENUE_FIELDS) if moved_online else _venue(page),
        "online_url": page.online_url or None,
        "organiser": page_ref(organiser, request),
        "organiser_type": (organiser.specific_class.__name__.removesuffix("Page").lower()
                           if organiser else None),
        "participating_institutions": [
            page_ref(p, request) for p in _participants(page)],
        "disciplines": disciplines(page, language),
        "audience": page.audience,
        "languages": page.languages,
        "registration_url": page.registration_url or None,
        "registration_deadline": iso(page.registration_deadline),
        "body": rich_text(page.body),
    })
    if hasattr(page, "distance_km"):
        data["distance_km"] = round(page.distance_km, 3)
    return data
