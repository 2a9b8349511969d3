"""Filters of the public expertise listing (plain GET parameters)."""

from urllib.parse import urlencode

from wagtail.models import Locale

from cms.core.filters import shown
from cms.core.generation import request_generation
from cms.core.listing import cards, loader, remembered_listing
from cms.core.page_cache import public
from cms.institutions.models import Discipline, InstitutionPage

from .filters import ExpertiseFilterSet
from .models import ExpertiseKind, ExpertisePage

PAGE_SIZE = 24
CARD_TEMPLATE = "expertise/_expertise_card.html"


def listed_expertise(params, locale: Locale, request=None):
    """The listing's entries for its GET parameters: the expertise filter set
    (cms/expertise/filters.py), lenient. Returns (queryset, chosen filters,
    notices about the values it ignored)."""

    entries = public(ExpertisePage.objects.live(), request).filter(locale=locale)
    filterset = ExpertiseFilterSet(params, queryset=entries)
    chosen = {name: shown(value, locale)
              for name, value in filterset.cleaned().items()}
    return filterset.qs, chosen, filterset.notices()


def expertise_cards(entries: list, request) -> list:
    """The cards of ``entries`` as HTML, each rendered once per content
    generation and language (cms/core/page_cache.py)."""

    return cards(request, "expertise-card", CARD_TEMPLATE, "entry",
                 [(entry.pk,) for entry in entries],
                 {entry.pk: entry for entry in entries}.get)


def listed_expertise_cards(keys: list[tuple], request) -> list:
    """The cards of a remembered listing page, keyed (pk,): the entries are
    loaded only if a card is missing from the cache."""

    return cards(request, "expertise-card", CARD_TEMPLATE, "entry", keys,
                 loader(ExpertisePage.objects.all(), keys))


def expertise_listing_context(request, page) -> dict:

    locale = Locale.get_active()
    listing = remembered_listing(
        request, "expertise", PAGE_SIZE,
        lambda: listed_expertise(request.GET, locale, request),
        lambda entry: (entry.pk,), locale.pk)
    return {
        "entries": listing.page,
        "expertise_cards": listed_expertise_cards(listing.keys, request),
        "filters": listing.chosen,
        "filter_notices": listing.notices,
        "kinds": ExpertiseKind.choices,
        "institutions": InstitutionPage.objects.live().filter(locale=locale).order_by("title"),
        "disciplines": Discipline.objects.all(),
        "query_string": urlencode(listing.chosen),
        # the filter form is cached under it (expertise/expertise_index_page.html)
        "content_generation": request_generation(request),
    }


def home_context(request) -> dict:
    """The home page's latest expertise (cms.core.registry: home_context)."""
    entries = list(ExpertisePage.objects.live().public()
                   .filter(locale=Locale.get_active())
                   .order_by("-first_published_at")[:6])
    return {"latest_expertise": entries,
            "latest_expertise_cards": expertise_cards(entries, request)}


def organisation_context(organisation, request) -> dict:
    """The expertise entries of an organisation's page (cms.core.registry)."""
    entries = public(ExpertisePage.objects.live(), request).child_of(
        organisation).order_by("title")
    return {"expertise": entries,
            "expertise_cards": expertise_cards(list(entries), request)}
