"""Filters of the public events listing (all of them work without JavaScript:
they are plain GET parameters, so a filtered URL can be shared)."""

from urllib.parse import urlencode

from wagtail.models import Locale, Page

from cms.core.choices import Audience
from cms.core.filters import shown
from cms.institutions.models import Discipline, InstitutionPage, RepresentationPage

PAGE_SIZE = 20
CARD_TEMPLATE = "events/_event_card.html"


def listed_events(params, locale: Locale, request=None):
    """The listing's events for its GET parameters: the events filter set
    (cms/events/filters.py), lenient. Returns (queryset, chosen filters,
    notices about the values it ignored)."""
    from cms.api.page_cache import public

    from .filters import EventFilterSet
    from .models import EventPage

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
    from cms.core.listing import cards

    return cards(request, "event-card", CARD_TEMPLATE, "event",
                 [(event.pk, event.next_start.isoformat()) for event in events],
                 {event.pk: event for event in events}.get)


def listed_event_cards(keys: list[tuple], request) -> list:
    """The cards of a remembered listing page, keyed (pk, next start): the
    events are loaded only if a card is missing from the cache."""
    from cms.core.listing import cards, loader

    from .models import EventPage

    return cards(request, "event-card", CARD_TEMPLATE, "event", keys,
                 loader(EventPage.objects.all(), keys))


def event_listing_context(request, page) -> dict:
    from cms.api.cache import request_generation
    from cms.api.page_cache import remember
    from cms.core.listing import remembered_listing

    from .models import EventType

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
