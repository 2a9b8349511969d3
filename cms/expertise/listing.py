"""Filters of the public expertise listing (plain GET parameters)."""

from django.core.paginator import Paginator
from wagtail.models import Locale

from cms.institutions.models import Discipline, InstitutionPage

PAGE_SIZE = 24


def filter_expertise(params, locale: Locale):
    from .models import ExpertiseKind, ExpertisePage

    entries = ExpertisePage.objects.live().public().filter(locale=locale).order_by("title")
    chosen: dict[str, str] = {}
    if (kind := params.get("kind")) in ExpertiseKind.values:
        entries = entries.filter(kind=kind)
        chosen["kind"] = kind
    if institution := params.get("institution"):
        inst = InstitutionPage.objects.filter(locale=locale, slug=institution).first()
        if inst:
            entries = entries.child_of(inst)
            chosen["institution"] = institution
    if code := params.get("discipline"):
        discipline = Discipline.objects.filter(code=code.replace("-", ".")).first()
        if discipline:
            entries = entries.filter(disciplines__in=discipline.with_descendants()).distinct()
            chosen["discipline"] = discipline.code
    if country := (params.get("country") or "").upper()[:2]:
        if country.isalpha():
            entries = entries.filter(collaboration_countries__contains=country)
            chosen["country"] = country
    if keyword := params.get("keyword"):
        entries = entries.filter(keywords__name__iexact=keyword[:100]).distinct()
        chosen["keyword"] = keyword[:100]
    return entries, chosen


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
    entries, chosen = filter_expertise(request.GET, locale)
    page_obj = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return {
        "entries": page_obj,
        "expertise_cards": expertise_cards(list(page_obj), request),
        "filters": chosen,
        "kinds": ExpertiseKind.choices,
        "institutions": InstitutionPage.objects.live().filter(locale=locale).order_by("title"),
        "disciplines": Discipline.objects.all(),
        "query_string": "&".join(f"{k}={v}" for k, v in chosen.items()),
        # the filter form is cached under it (expertise/expertise_index_page.html)
        "content_generation": request_generation(request),
    }
