"""Parameter parsing and filtering of the public read API.

`filter_events(params, language)` is the one entry point for every consumer that
selects events "like the events API does" (the JSON API, iCalendar and RSS feeds).
Bad input raises `InvalidParameter`; callers turn it into a 400 JSON answer.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import (
    Case,
    Exists,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import ACos, Cos, Greatest, Least, Radians, Sin
from django.utils import timezone
from wagtail.models import Page

from cms.core.choices import Audience

LANGUAGES = ("nl", "en", "fr", "de")
#: A missing translation falls back in this order after the requested language.
FALLBACK_ORDER = ("en", "nl", "fr", "de")
EARTH_RADIUS_KM = 6371.0
MAX_RADIUS_KM = 20_000.0


class InvalidParameter(ValueError):
    """A query parameter the API refuses; answered as HTTP 400."""

    def __init__(self, code: str, message: str, param: str | None = None) -> None:
        super().__init__(message)
        self.code, self.message, self.param = code, message, param

    def as_dict(self) -> dict:
        return {"code": self.code, "message": self.message, "param": self.param}


@dataclass(frozen=True)
class Param:
    """One query parameter: drives validation *and* the OpenAPI document."""

    name: str
    description: str
    schema: dict = field(default_factory=lambda: {"type": "string"})


def language_order(language: str) -> list[str]:
    """Requested language first, then the documented fallback order."""
    return [language] + [code for code in FALLBACK_ORDER if code != language]


def parse_language(params) -> str:
    language = params.get("lang") or "en"
    if language not in LANGUAGES:
        raise InvalidParameter(
            "invalid_language", f"lang must be one of {', '.join(LANGUAGES)}.", "lang")
    return language


def restrictions_excluded(request=None) -> Callable[[QuerySet], QuerySet]:
    """A function that does ``queryset.public()``, with the view restrictions
    read once (not once per call), or once per content generation when the
    request is given (cms/api/page_cache.py)."""
    if request is not None:
        from cms.api.page_cache import public

        return lambda queryset: public(queryset, request)
    from wagtail.models import PageViewRestriction

    private = Q()
    for path, depth in PageViewRestriction.objects.values_list("page__path",
                                                              "page__depth"):
        private |= Q(path__startswith=path, depth__gte=depth)  # as private_q()
    return lambda queryset: queryset.exclude(private) if private else queryset


def localised(pages: QuerySet, language: str,
              public: Callable[[QuerySet], QuerySet] | None = None) -> QuerySet:
    """One page per translation key: the requested language, else the first
    live public translation found in FALLBACK_ORDER.

    Each page gets its language's place in that order (its rank); a page is
    kept when no live public translation ranks before it. One NOT EXISTS,
    which PostgreSQL runs as an anti-join (per language, NOT IN (...) read
    every live page of that language, twice per list: count and page).
    ``public`` is ``restrictions_excluded()`` when the caller has one."""
    order = language_order(language)
    rank = Case(*[When(locale__language_code=code, then=Value(place))
                  for place, code in enumerate(order)], output_field=IntegerField())
    visible = pages.model.objects.live()
    visible = public(visible) if public is not None else visible.public()
    better = visible.filter(translation_key=OuterRef("translation_key")).alias(
        language_rank=rank).filter(language_rank__lt=OuterRef("language_rank"))
    return pages.alias(language_rank=rank).filter(
        language_rank__isnull=False).exclude(Exists(better))


def parse_uuid(value: str, param: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except (ValueError, AttributeError):
        raise InvalidParameter("invalid_id", f"{param} must be a public id (UUID).",
                               param) from None


def parse_date(value: str, param: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidParameter(
            "invalid_date", f"{param} must be an ISO 8601 date (YYYY-MM-DD).", param
        ) from None


def parse_choice(value: str, choices, param: str) -> str:
    if value not in choices:
        raise InvalidParameter(
            "invalid_choice", f"{param} must be one of {', '.join(choices)}.", param)
    return value


def organisation_pages(value: str, param: str, models) -> list[Page]:
    """Every translation of the organisation named by public id or slug."""
    pages = Page.objects.type(*models)
    try:
        key = uuid.UUID(value)
        found = pages.filter(translation_key=key)
    except ValueError:
        slugs = pages.filter(slug=value).values("translation_key")
        found = pages.filter(translation_key__in=slugs)
    found = list(found)
    if not found:
        raise InvalidParameter("unknown_value", f"No {param} '{value}'.", param)
    return found


def under_any(pages: list[Page]) -> Q:
    condition = Q(pk__in=[])
    for page in pages:
        condition |= Q(path__startswith=page.path, depth__gt=page.depth)
    return condition


def discipline_filter(value: str) -> list:
    """The discipline (code `1.2` or slug `1-2`) and all its sub-disciplines."""
    from cms.institutions.models import Discipline

    discipline = Discipline.objects.filter(code=value.replace("-", ".")).first()
    if discipline is None:
        raise InvalidParameter("unknown_value", f"No discipline '{value}'.", "discipline")
    return discipline.with_descendants()


def parse_near(params) -> tuple[float, float, float] | None:
    near = params.get("near")
    if not near:
        if params.get("radius_km"):
            raise InvalidParameter("missing_parameter", "radius_km needs near.", "near")
        return None
    try:
        lat, lon = (float(part) for part in near.split(","))
        radius = float(params.get("radius_km") or 50)
    except ValueError:
        raise InvalidParameter(
            "invalid_point", "near must be 'latitude,longitude' in degrees and "
            "radius_km a number.", "near") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise InvalidParameter("invalid_point", "near is outside the globe.", "near")
    if not (0 < radius <= MAX_RADIUS_KM):
        raise InvalidParameter(
            "invalid_radius", f"radius_km must be in (0, {MAX_RADIUS_KM:g}].",
            "radius_km")
    return lat, lon, radius


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


EVENT_SORTS = {
    "start": ("start", "title"), "-start": ("-start", "title"),
    "title": ("title", "start"), "-title": ("-title", "start"),
    "updated": ("last_published_at", "pk"), "-updated": ("-last_published_at", "pk"),
}

EVENT_PARAMS = [
    Param("organiser", "Organiser (institution or representation): public id or slug."),
    Param("institution", "Organised by or with this institution: public id or slug."),
    Param("representation", "Organised by this representation: public id or slug."),
    Param("country", "Venue country, ISO 3166-1 alpha-2 (e.g. JP).",
          {"type": "string", "pattern": "^[A-Za-z]{2}$"}),
    Param("discipline", "Discipline code (e.g. 1.2), sub-disciplines included."),
    Param("type", "Event type.", {"type": "string", "enum": []}),
    Param("audience", "Audience.", {"type": "string", "enum": list(Audience.values)}),
    Param("language", "Language spoken at the event.",
          {"type": "string", "enum": list(LANGUAGES)}),
    Param("status", "Event status.", {"type": "string", "enum": []}),
    Param("from", "Events still running on or after this day (ISO date).",
          {"type": "string", "format": "date"}),
    Param("to", "Events starting on or before this day (ISO date).",
          {"type": "string", "format": "date"}),
    Param("when", "upcoming (default) or past; 'all' disables the time filter.",
          {"type": "string", "enum": ["upcoming", "past", "all"]}),
    Param("near", "Point 'latitude,longitude' (degrees); events within radius_km.",
          {"type": "string", "pattern": r"^-?[0-9.]+,-?[0-9.]+$"}),
    Param("radius_km", "Radius for near, in km (default 50).",
          {"type": "number", "minimum": 0, "exclusiveMinimum": True,
           "maximum": MAX_RADIUS_KM}),
    Param("sort", "Order; default start for upcoming, -start for past.",
          {"type": "string", "enum": list(EVENT_SORTS)}),
]


def _fill_event_enums() -> None:
    from cms.events.models import EventStatus, EventType

    for param in EVENT_PARAMS:
        if param.name == "type":
            param.schema["enum"] = list(EventType.values)
        if param.name == "status":
            param.schema["enum"] = list(EventStatus.values)


def filter_events(params, language: str, request=None) -> QuerySet:
    """Live public events selected by the events API's query parameters, one per
    translation key in `language` (or its fallback), ordered by `sort`.

    `params` is any mapping of str -> str (e.g. request.GET). Unknown parameters
    are not checked here (the API view does that); bad values raise
    InvalidParameter. With the request, view restrictions are read once per
    content generation.
    """
    from cms.events.models import EventPage, EventStatus, EventType
    from cms.institutions.models import InstitutionPage, RepresentationPage

    public = restrictions_excluded(request)
    events = public(EventPage.objects.live())
    now = timezone.now()
    tz = ZoneInfo(settings.TIME_ZONE)

    when = parse_choice(params.get("when") or "upcoming", ("upcoming", "past", "all"),
                        "when")
    if when == "upcoming":
        events = events.upcoming(now)
    elif when == "past":
        events = events.past(now)
    if value := params.get("type"):
        events = events.filter(event_type=parse_choice(value, EventType.values, "type"))
    if value := params.get("status"):
        events = events.filter(status=parse_choice(value, EventStatus.values, "status"))
    if value := params.get("audience"):
        value = parse_choice(value, Audience.values, "audience")
        events = events.filter(audience__contains=f"|{value}|")
    if value := params.get("language"):
        value = parse_choice(value, LANGUAGES, "language")
        events = events.filter(languages__contains=f"|{value}|")
    if value := params.get("country"):
        if len(value) != 2 or not value.isalpha():
            raise InvalidParameter(
                "invalid_country", "country must be an ISO 3166-1 alpha-2 code.",
                "country")
        events = events.filter(venue_country=value.upper())
    if value := params.get("organiser"):
        events = events.filter(under_any(organisation_pages(
            value, "organiser", (InstitutionPage, RepresentationPage))))
    if value := params.get("representation"):
        events = events.filter(under_any(organisation_pages(
            value, "representation", (RepresentationPage,))))
    if value := params.get("institution"):
        institutions = organisation_pages(value, "institution", (InstitutionPage,))
        events = events.filter(
            under_any(institutions)
            | Q(pk__in=EventPage.participating_institutions.through.objects.filter(
                institutionpage__in=[p.pk for p in institutions]).values("eventpage")))
    if value := params.get("discipline"):
        events = events.filter(pk__in=EventPage.disciplines.through.objects.filter(
            discipline__in=discipline_filter(value)).values("eventpage"))
    start_day = end_day = None
    if value := params.get("from"):
        start_day = parse_date(value, "from")
        events = events.filter(last_end__gte=datetime.combine(start_day, time.min, tz))
    if value := params.get("to"):
        end_day = parse_date(value, "to")
        events = events.filter(start__lte=datetime.combine(end_day, time.max, tz))
    if start_day and end_day and start_day > end_day:
        raise InvalidParameter("invalid_range", "from is after to.", "from")

    # Many-to-many filters are subqueries (pk__in), not joins: one row per
    # event however many participants or disciplines match.
    events = localised(events, language, public)
    if near := parse_near(params):
        events = within_radius(events, *near)
    default_sort = "-start" if when == "past" else "start"
    sort = parse_choice(params.get("sort") or default_sort, list(EVENT_SORTS), "sort")
    return events.order_by(*EVENT_SORTS[sort], "pk")
