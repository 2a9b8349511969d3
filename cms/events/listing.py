"""Filters of the public events listing (all of them work without JavaScript:
they are plain GET parameters, so a filtered URL can be shared)."""

from urllib.parse import urlencode

from django.utils import timezone
from wagtail.models import Locale, Page

from cms.core.choices import Audience, sort_key
from cms.core.filters import shown
from cms.core.generation import request_generation
from cms.core.listing import cards, loader, remembered_listing
from cms.core.page_cache import public, remember
from cms.core.templatetags.hub_tags import country_name
from cms.institutions.models import Discipline, InstitutionPage, RepresentationPage

from .filters import EventFilterSet
from .models import EventPage, EventType

PAGE_SIZE = 20
CARD_TEMPLATE = "events/_event_card.html"


def listed_events(params, locale: Locale, request=None):
    """The listing's events for its GET parameters: the events filter set
    (cms/events/filters.py), lenient. Returns (queryset, chosen filters,
    notices about the values it ignored)."""

    events = public(EventPage.objects.live(), request).filter(locale=locale)
    filterset = EventFilterSet(params, queryset=events)
    chosen = {name: shown(value, locale)
              for name, value in filterset.cleaned().items()}
    chosen["when"] = filterset.window()
    return filterset.qs, chosen, filterset.notices()


def filter_options(locale: Locale) -> dict:
    """The choices of the filter form: organisations, institutions,
    disciplines and the venue countries of the locale's events, as plain
    values (labels in the active language)."""

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
        # ordered by the name the visitor reads, not by code
        "countries": sorted(({"code": code, "name": country_name(code)}
                             for code in set(codes)),
                            key=lambda country: sort_key(country["name"])),
    }


def event_cards(events: list, request) -> list:
    """The cards of ``events`` as HTML, each rendered once per content
    generation and language. A recurring event's card shows its next date,
    which moves with time, not with a publish: it is part of the key."""

    return cards(request, "event-card", CARD_TEMPLATE, "event",
                 [(event.pk, event.next_start.isoformat()) for event in events],
                 {event.pk: event for event in events}.get)


def listed_event_cards(keys: list[tuple], request) -> list:
    """The cards of a remembered listing page, keyed (pk, next start): the
    events are loaded only if a card is missing from the cache."""

    return cards(request, "event-card", CARD_TEMPLATE, "event", keys,
                 loader(EventPage.objects.all(), keys))


def event_listing_context(request, page) -> dict:

    locale = Locale.get_active()
    listing = remembered_listing(
        request, "events", PAGE_SIZE,
        lambda: listed_events(request.GET, locale, request),
        lambda event: (event.pk, event.next_start.isoformat()), locale.pk)
    options = remember(request, "event-filter-options",
                       lambda: filter_options(locale), locale.pk)
    return {
        "events": listing.page,
        "event_cards": listed_event_cards(listing.keys, request),
        "filters": listing.chosen,
        "filter_notices": listing.notices,
        "event_types": EventType.choices,
        "audiences": Audience.choices,
        **options,
        "query_string": urlencode(listing.chosen),
        # the filter form is cached under it (events/event_index_page.html)
        "content_generation": request_generation(request),
    }


def home_context(request) -> dict:
    """The home page's upcoming events (cms.core.registry: home_context)."""
    events = list(EventPage.objects.live().public()
                  .filter(locale=Locale.get_active())
                  .upcoming(timezone.now()).order_by("start")[:6])
    # the cards are rendered once per content generation
    return {"upcoming_events": events,
            "upcoming_event_cards": event_cards(events, request)}


def organisation_context(organisation, request) -> dict:
    """An organisation page's events: its own upcoming and past ones, and the
    upcoming ones an institution takes part in (cms.core.registry)."""
    # view restrictions read once per content generation, not per list
    events = public(EventPage.objects.live(), request)
    own = events.descendant_of(organisation)
    now = timezone.now()
    context = {
        "upcoming_events": own.upcoming(now).order_by("start")[:20],
        "past_events": own.past(now).order_by("-start")[:10],
        "participating_events": (
            events.filter(participating_institutions=organisation.pk)
            .upcoming(now).order_by("start")[:10]
            if isinstance(organisation, InstitutionPage) else []),
    }
    # each card rendered once per content generation (cms/core/page_cache.py)
    for name in ("upcoming_events", "past_events", "participating_events"):
        context[f"{name}_cards"] = event_cards(list(context[name]), request)
    return context
