"""Filters of the public expertise listing (plain GET parameters)."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from wagtail.models import Locale

from cms.core.filters import shown
from cms.institutions.models import Discipline, InstitutionPage

PAGE_SIZE = 24


def listed_expertise(params, locale: Locale, request=None):
    """The listing's entries for its GET parameters: the expertise filter set
    (cms/expertise/filters.py), lenient. Returns (queryset, chosen filters,
    notices about the values it ignored)."""
    from cms.api.page_cache import public

    from .filters import ExpertiseFilterSet
    from .models import ExpertisePage

    entries = public(ExpertisePage.objects.live(), request).filter(locale=locale)
    filterset = ExpertiseFilterSet(params, queryset=entries)
    chosen = {name: shown(value, locale)
              for name, value in filterset.cleaned().items()}
    return filterset.qs, chosen, filterset.notices()


def expertise_cards(entries: list, request) -> list:
    """The cards of ``entries`` as HTML, each rendered once per content
    generation and language (cms/api/page_cache.py)."""
    from django.template.loader import get_template

    from cms.api.page_cache import remember_html

    template = get_template("expertise/_expertise_card.html")
    host = request.get_host() if request is not None else ""
    return remember_html(
        request, "expertise-card", [((entry.pk, host), entry) for entry in entries],
        lambda entry: template.render({"entry": entry, "request": request}))


def expertise_listing_context(request, page) -> dict:
    from cms.api.cache import request_generation

    from .models import ExpertiseKind

    locale = Locale.get_active()
    entries, chosen, notices = listed_expertise(request.GET, locale, request)
    page_obj = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return {
        "entries": page_obj,
        "expertise_cards": expertise_cards(list(page_obj), request),
        "filters": chosen,
        "filter_notices": notices,
        "kinds": ExpertiseKind.choices,
        "institutions": InstitutionPage.objects.live().filter(locale=locale).order_by("title"),
        "disciplines": Discipline.objects.all(),
        "query_string": urlencode(chosen),
        # the filter form is cached under it (expertise/expertise_index_page.html)
        "content_generation": request_generation(request),
    }
