"""Filters of the public events listing (all of them work without JavaScript:
they are plain GET parameters, so a filtered URL can be shared)."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Q
from django.utils import timezone
from wagtail.models import Locale, Page

from cms.core.choices import Audience
from cms.institutions.models import Discipline, InstitutionPage, RepresentationPage

PAGE_SIZE = 20


def _parse_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def filter_events(params, locale: Locale):
    """Apply the listing's GET parameters; returns (queryset, cleaned filters)."""
    from .models import EventPage, EventType

    events = EventPage.objects.live().public().filter(locale=locale)
    now = timezone.now()
    chosen: dict[str, str] = {}
    when = params.get("when", "upcoming")
    if when == "past":
        events = events.past(now).order_by("-start")
    else:
        when = "upcoming"
        events = events.upcoming(now).order_by("start")
    chosen["when"] = when

    if (event_type := params.get("type")) in EventType.values:
        events = events.filter(event_type=event_type)
        chosen["type"] = event_type
    if country := (params.get("country") or "").upper()[:2]:
        if country.isalpha():
            events = events.filter(venue_country=country)
            chosen["country"] = country
    if audience := params.get("audience"):
        if audience in Audience.values:
            events = events.filter(audience__contains=f"|{audience}|")
            chosen["audience"] = audience
    if organiser := params.get("organiser"):
        org = Page.objects.filter(locale=locale, slug=organiser).type(
            InstitutionPage, RepresentationPage).first()
        if org:
            events = events.descendant_of(org)
            chosen["organiser"] = organiser
    if institution := params.get("institution"):
        inst = InstitutionPage.objects.filter(locale=locale, slug=institution).first()
        if inst:
            events = events.filter(
                Q(path__startswith=inst.path) | Q(participating_institutions=inst)
            ).distinct()
            chosen["institution"] = institution
    if code := params.get("discipline"):
        discipline = Discipline.objects.filter(code=code.replace("-", ".")).first()
        if discipline:
            events = events.filter(disciplines__in=discipline.with_descendants()).distinct()
            chosen["discipline"] = discipline.code
    tz = ZoneInfo(settings.TIME_ZONE)
    if start_day := _parse_date(params.get("from")):
        events = events.filter(last_end__gte=datetime.combine(start_day, time.min, tz))
        chosen["from"] = start_day.isoformat()
    if end_day := _parse_date(params.get("to")):
        events = events.filter(start__lte=datetime.combine(end_day, time.max, tz))
        chosen["to"] = end_day.isoformat()
    return events, chosen


def event_listing_context(request, page) -> dict:
    from .models import EventType

    locale = Locale.get_active()
    events, chosen = filter_events(request.GET, locale)
    paginator = Paginator(events, PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("page"))
    organisers = Page.objects.live().filter(locale=locale).type(
        InstitutionPage, RepresentationPage).order_by("title")
    return {
        "events": page_obj,
        "filters": chosen,
        "event_types": EventType.choices,
        "audiences": Audience.choices,
        "organisers": organisers,
        "institutions": InstitutionPage.objects.live().filter(locale=locale).order_by("title"),
        "disciplines": Discipline.objects.all(),
        "countries": sorted(
            {c for c in events.model.objects.live().filter(locale=locale)
             .values_list("venue_country", flat=True) if c}
        ),
        "query_string": "&".join(f"{k}={v}" for k, v in chosen.items()),
    }
