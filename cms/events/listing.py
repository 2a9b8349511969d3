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


def _organiser_paths(locale: Locale) -> dict[str, tuple[str, int]]:
    """slug -> (path, depth) of every organisation (institution or
    representation) of the locale; only a publish changes them."""
    found: dict[str, tuple[str, int]] = {}
    for slug, path, depth in Page.objects.filter(locale=locale).type(
            InstitutionPage, RepresentationPage).order_by("path").values_list(
            "slug", "path", "depth"):
        found.setdefault(slug, (path, depth))  # the first by path, as before
    return found


def _institutions(locale: Locale) -> dict[str, tuple[int, str]]:
    """slug -> (pk, path) of every institution of the locale."""
    found: dict[str, tuple[int, str]] = {}
    for slug, pk, path in InstitutionPage.objects.filter(locale=locale).order_by(
            "path").values_list("slug", "pk", "path"):
        found.setdefault(slug, (pk, path))
    return found


def _discipline_tree() -> dict[str, list[int]]:
    """code -> pks of the discipline and every discipline below it."""
    rows = list(Discipline.objects.values_list("pk", "code", "parent_id"))
    children: dict[int | None, list[int]] = {}
    for pk, _code, parent in rows:
        children.setdefault(parent, []).append(pk)
    tree = {}
    for pk, code, _parent in rows:
        found, frontier = [pk], [pk]
        while frontier:
            frontier = [c for f in frontier for c in children.get(f, [])]
            found += frontier
        tree[code] = found
    return tree


def filter_events(params, locale: Locale, request=None):
    """Apply the listing's GET parameters; returns (queryset, cleaned filters).
    The organisations and disciplines a filter names are looked up in lists
    cached under the content generation (cms/api/page_cache.py)."""
    from cms.api.page_cache import public, remember

    from .models import EventPage, EventType

    events = public(EventPage.objects.live(), request).filter(locale=locale)
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
        found = remember(request, "organiser-paths",
                         lambda: _organiser_paths(locale), locale.pk).get(organiser)
        if found:
            path, depth = found
            events = events.filter(path__startswith=path, depth__gt=depth)
            chosen["organiser"] = organiser
    if institution := params.get("institution"):
        found = remember(request, "institution-paths",
                         lambda: _institutions(locale), locale.pk).get(institution)
        if found:
            pk, path = found
            events = events.filter(
                Q(path__startswith=path) | Q(participating_institutions=pk)
            ).distinct()
            chosen["institution"] = institution
    if code := params.get("discipline"):
        code = code.replace("-", ".")
        found = remember(request, "discipline-tree", _discipline_tree).get(code)
        if found:
            events = events.filter(disciplines__in=found).distinct()
            chosen["discipline"] = code
    tz = ZoneInfo(settings.TIME_ZONE)
    if start_day := _parse_date(params.get("from")):
        events = events.filter(last_end__gte=datetime.combine(start_day, time.min, tz))
        chosen["from"] = start_day.isoformat()
    if end_day := _parse_date(params.get("to")):
        events = events.filter(start__lte=datetime.combine(end_day, time.max, tz))
        chosen["to"] = end_day.isoformat()
    return events, chosen


def filter_options(locale: Locale) -> dict:
    """The choices of the filter form: organisations, institutions,
    disciplines and the venue countries of the locale's events, as plain
    values (labels in the active language)."""
    from cms.core.templatetags.hub_tags import country_name

    from .models import EventPage

    def names(queryset) -> list[dict]:
        return [{"slug": slug, "title": title}
                for slug, title in queryset.values_list("slug", "title")]

    codes = (EventPage.objects.live().filter(locale=locale).exclude(venue_country="")
             .order_by().values_list("venue_country", flat=True).distinct())
    return {
        "organisers": names(Page.objects.live().filter(locale=locale).type(
            InstitutionPage, RepresentationPage).order_by("title")),
        "institutions": names(
            InstitutionPage.objects.live().filter(locale=locale).order_by("title")),
        "disciplines": [{"code": d.code, "slug": d.slug, "label": d.label}
                        for d in Discipline.objects.all()],
        "countries": [{"code": code, "name": country_name(code)}
                      for code in sorted(set(codes))],
    }


def event_cards(events: list, request) -> list:
    """The cards of ``events`` as HTML, each rendered once per content
    generation and language. A recurring event's card shows its next date,
    which moves with time, not with a publish: it is part of the key."""
    from django.template.loader import get_template

    from cms.api.page_cache import remember_html

    template = get_template("events/_event_card.html")
    host = request.get_host() if request is not None else ""
    return remember_html(
        request, "event-card",
        [((event.pk, event.next_start.isoformat(), host), event) for event in events],
        lambda event: template.render({"event": event, "request": request}))


def event_listing_context(request, page) -> dict:
    from cms.api.cache import request_generation
    from cms.api.page_cache import remember

    from .models import EventType

    locale = Locale.get_active()
    events, chosen = filter_events(request.GET, locale, request)
    paginator = Paginator(events, PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("page"))
    options = remember(request, "event-filter-options",
                       lambda: filter_options(locale), locale.pk)
    return {
        "events": page_obj,
        "event_cards": event_cards(list(page_obj), request),
        "filters": chosen,
        "event_types": EventType.choices,
        "audiences": Audience.choices,
        **options,
        "query_string": "&".join(f"{k}={v}" for k, v in chosen.items()),
        # the filter form is cached under it (events/event_index_page.html)
        "content_generation": request_generation(request),
    }
