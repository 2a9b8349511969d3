"""Parameter parsing of the public read API: languages and their fallback,
view restrictions, and the strict use of the catalogue types' filter sets.

The filters themselves live with their content (cms/events/filters.py,
cms/expertise/filters.py, cms/scholarships/filters.py), shared with the
listing pages, feeds, exporters and widget links. `filter_events(params,
language)` selects events "like the events API does" (the JSON API, the
iCalendar and RSS feeds, the exports). Bad input raises `InvalidParameter`;
callers turn it into a 400 JSON answer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import (
    Case,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from wagtail.models import Page, PageViewRestriction

from cms.core.filters import (
    LANGUAGES,
    CatalogueFilterSet,
    InvalidParameter,
    organisation_parser,
    parse_choice,
    parse_discipline,
)
from cms.core.page_cache import public
from cms.core.registry import CatalogueType, catalogue_type

__all__ = ["LANGUAGES", "InvalidParameter", "parse_choice", "parse_discipline"]

#: A missing translation falls back in this order after the requested language.
FALLBACK_ORDER = ("en", "nl", "fr", "de")


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
    request is given (cms/core/page_cache.py)."""
    if request is not None:
        return lambda queryset: public(queryset, request)
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


def organisation_pages(value: str, param: str, types) -> list[Page]:
    """Every translation of the organisation named by public id or slug;
    ``types`` are catalogue type names (or their models)."""
    models = [catalogue_type(t).model if isinstance(t, str) else t for t in types]
    labels = [model._meta.label for model in models]
    found = organisation_parser(*labels)(value, param)
    return list(Page.objects.filter(pk__in=found.pks).select_related("locale")
                .order_by("path"))


def params_of(filterset: type[CatalogueFilterSet]) -> list[Param]:
    """The API parameters of a filter set, for check_known and OpenAPI."""
    return [Param(name, f.help_text, f.schema)
            for name, f in filterset.base_filters.items()]


def select(kind: CatalogueType | str, params, language: str,
           request=None) -> QuerySet:
    """Live public items of a catalogue type selected by its API query
    parameters, one per translation key in `language` (or its fallback),
    ordered as its filter set says.

    `params` is any mapping of str -> str (e.g. request.GET). Unknown parameters
    are not checked here (the API view does that); bad values raise
    InvalidParameter. With the request, view restrictions are read once per
    content generation.
    """
    kind = catalogue_type(kind) if isinstance(kind, str) else kind
    public = restrictions_excluded(request)
    items = kind.filterset(params, queryset=public(kind.model.objects.live())).strict()
    return localised(items, language, public)


def filter_events(params, language: str, request=None) -> QuerySet:
    """Events "like the events API selects them": the JSON API, the
    iCalendar and RSS feeds, the exports and the widgets."""
    return select("events", params, language, request)


def event_params() -> list[Param]:
    return params_of(catalogue_type("events").filterset)
