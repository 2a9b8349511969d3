"""The public filters of events: one filter set for the listing page, the
read API, the feeds, the exporters and the widgets' links (docs/api.md)."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import F, FloatField, Q, QuerySet, Value
from django.db.models.functions import ACos, Cos, Greatest, Least, Radians, Sin
from django.utils.translation import gettext_lazy as _

from cms.core.choices import Audience
from cms.core.filters import (
    LANGUAGES,
    CatalogueFilterSet,
    InvalidParameter,
    ParamFilter,
    choice,
    declare,
    organisation_parser,
    parse_country,
    parse_date,
    parse_discipline,
)

from .models import EventPage, EventStatus, EventType
from .when import ALL, DEFAULT, WHEN_VALUES, when_window

EARTH_RADIUS_KM = 6371.0
MAX_RADIUS_KM = 20_000.0
DEFAULT_RADIUS_KM = 50.0
INSTITUTION, REPRESENTATION = "institutions.InstitutionPage", \
    "institutions.RepresentationPage"
COUNTRY = {"type": "string", "pattern": "^[A-Za-z]{2}$"}
EVENT_SORTS = {
    "start": ("start", "title"), "-start": ("-start", "title"),
    "title": ("title", "start"), "-title": ("-title", "start"),
    "updated": ("last_published_at", "pk"), "-updated": ("-last_published_at", "pk"),
}


def parse_near(value: str, param: str) -> tuple[float, float]:
    try:
        lat, lon = (float(part) for part in value.split(","))
    except ValueError:
        raise InvalidParameter(
            "invalid_point", "near must be 'latitude,longitude' in degrees.",
            param) from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise InvalidParameter("invalid_point", "near is outside the globe.", param)
    return lat, lon


def parse_radius(value: str, param: str) -> float:
    try:
        radius = float(value)
    except ValueError:
        radius = -1.0
    if not (0 < radius <= MAX_RADIUS_KM):  # also refuses nan
        raise InvalidParameter(
            "invalid_radius", f"radius_km must be in (0, {MAX_RADIUS_KM:g}].", param)
    return radius


def within_radius(events: QuerySet, lat: float, lon: float, radius: float) -> QuerySet:
    """Great-circle distance (spherical law of cosines) computed in the database."""
    cosine = (
        Sin(Radians(Value(lat))) * Sin(Radians(F("latitude")))
        + Cos(Radians(Value(lat))) * Cos(Radians(F("latitude")))
        * Cos(Radians(F("longitude")) - Radians(Value(lon)))
    )
    clamped = Greatest(Least(cosine, Value(1.0)), Value(-1.0))
    return events.exclude(latitude=None).exclude(longitude=None).annotate(
        distance_km=ACos(clamped, output_field=FloatField()) * EARTH_RADIUS_KM
    ).filter(distance_km__lte=radius)


def _day(day, moment: time) -> datetime:
    return datetime.combine(day, moment, ZoneInfo(settings.TIME_ZONE))


# Many-to-many filters are subqueries (pk__in), not joins: one row per event
# however many participants or disciplines match, and no DISTINCT.
def _with_institution(events: QuerySet, found) -> QuerySet:
    through = EventPage.participating_institutions.through.objects
    return events.filter(found.below() | Q(pk__in=through.filter(
        institutionpage__in=found.pks).values("eventpage")))


def _with_discipline(events: QuerySet, found) -> QuerySet:
    through = EventPage.disciplines.through.objects
    return events.filter(pk__in=through.filter(
        discipline__in=found.pks).values("eventpage"))


class EventFilterSet(CatalogueFilterSet):
    when = ParamFilter(
        choice([*WHEN_VALUES, ALL]), label=_("When"),
        help_text="upcoming (default), this-month, next-3-months or past; "
                  "'all' disables the time filter.")
    type = ParamFilter(
        choice(EventType.values), lambda qs, v: qs.filter(event_type=v),
        label=_("Event type"), help_text="Event type.")
    status = ParamFilter(
        choice(EventStatus.values), lambda qs, v: qs.filter(status=v),
        label=_("Status"), help_text="Event status.")
    audience = ParamFilter(
        choice(Audience.values), lambda qs, v: qs.filter(audience__contains=f"|{v}|"),
        label=_("Audience"), help_text="Audience.")
    language = ParamFilter(
        choice(LANGUAGES), lambda qs, v: qs.filter(languages__contains=f"|{v}|"),
        label=_("Language"), help_text="Language spoken at the event.")
    country = ParamFilter(
        parse_country, lambda qs, v: qs.filter(venue_country=v), label=_("Country"),
        help_text="Venue country, ISO 3166-1 alpha-2 (e.g. JP).", schema=COUNTRY)
    organiser = ParamFilter(
        organisation_parser(INSTITUTION, REPRESENTATION),
        lambda qs, found: qs.filter(found.below()), label=_("Organiser"),
        help_text="Organiser (institution or representation): public id or slug.")
    representation = ParamFilter(
        organisation_parser(REPRESENTATION), lambda qs, found: qs.filter(found.below()),
        label=_("Representation"),
        help_text="Organised by this representation: public id or slug.")
    institution = ParamFilter(
        organisation_parser(INSTITUTION), _with_institution, label=_("Institution"),
        help_text="Organised by or with this institution: public id or slug.")
    discipline = ParamFilter(
        parse_discipline, _with_discipline, label=_("Discipline"),
        help_text="Discipline code (e.g. 1.2), sub-disciplines included.")

    def cross_check(self, cleaned: dict[str, Any]) -> list[InvalidParameter]:
        problems = []
        start, end = cleaned.get("from"), cleaned.get("to")
        if start and end and start > end:
            problems.append(InvalidParameter("invalid_range", "from is after to.",
                                             "from"))
        if cleaned.get("radius_km") and not self.data.get("near"):
            problems.append(InvalidParameter("missing_parameter",
                                             "radius_km needs near.", "near"))
        return problems

    def window(self) -> str:
        """The time window in force: ``upcoming`` unless another is chosen."""
        return self.cleaned().get("when") or DEFAULT

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        events = super().filter_queryset(queryset)
        cleaned = self.form.cleaned_data
        when = cleaned.get("when") or DEFAULT
        events = events.filter(when_window(when).q())
        if near := cleaned.get("near"):
            radius = cleaned.get("radius_km") or DEFAULT_RADIUS_KM
            events = within_radius(events, *near, radius)
        sort = cleaned.get("sort") or ("-start" if when == "past" else "start")
        return events.order_by(*EVENT_SORTS[sort], "pk")


declare(EventFilterSet, "from", ParamFilter(
    parse_date, lambda qs, day: qs.filter(last_end__gte=_day(day, time.min)),
    label=_("From"), help_text="Events still running on or after this day (ISO date).",
    schema={"type": "string", "format": "date"}))
declare(EventFilterSet, "to", ParamFilter(
    parse_date, lambda qs, day: qs.filter(start__lte=_day(day, time.max)),
    label=_("To"), help_text="Events starting on or before this day (ISO date).",
    schema={"type": "string", "format": "date"}))
declare(EventFilterSet, "near", ParamFilter(
    parse_near, label=_("Location"),
    help_text="Point 'latitude,longitude' (degrees); events within radius_km.",
    schema={"type": "string", "pattern": r"^-?[0-9.]+,-?[0-9.]+$"}))
declare(EventFilterSet, "radius_km", ParamFilter(
    parse_radius, help_text=f"Radius for near, in km (default {DEFAULT_RADIUS_KM:g}).",
    schema={"type": "number", "minimum": 0, "exclusiveMinimum": True,
            "maximum": MAX_RADIUS_KM}))
declare(EventFilterSet, "sort", ParamFilter(
    choice(EVENT_SORTS), label=_("Sort by"),
    help_text="Order; default start for upcoming, -start for past.",
))
