"""The public filters of expertise: one filter set for the listing page, the
read API and the feeds (docs/api.md)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from cms.core.filters import (
    TITLE_SORTS,
    CatalogueFilterSet,
    Disciplines,
    InvalidParameter,
    ParamFilter,
    choice,
    declare,
    organisation_parser,
    parse_country,
    parse_discipline,
)

from .models import ExpertiseKind, ExpertisePage

KEYWORD_LENGTH = 100


def parse_keyword(value: str, param: str) -> str:
    if len(value) > KEYWORD_LENGTH:
        raise InvalidParameter(
            "too_long", f"{param} must be at most {KEYWORD_LENGTH} characters.", param)
    return value


def _with_discipline(entries: QuerySet, found: Disciplines) -> QuerySet:
    through = ExpertisePage.disciplines.through.objects
    return entries.filter(pk__in=through.filter(
        discipline__in=found.pks).values("expertisepage"))


def _with_keyword(entries: QuerySet, keyword: str) -> QuerySet:
    # A subquery, not a join: one row per entry, no DISTINCT.
    return entries.filter(pk__in=ExpertisePage.objects.filter(
        keywords__name__iexact=keyword).values("pk"))


class ExpertiseFilterSet(CatalogueFilterSet):
    institution = ParamFilter(
        organisation_parser("institutions.InstitutionPage"),
        lambda qs, found: qs.filter(found.below()), label=_("Institution"),
        help_text="Institution: public id or slug.")
    discipline = ParamFilter(
        parse_discipline, _with_discipline, label=_("Discipline"),
        help_text="Discipline code (e.g. 1.2), sub-disciplines included.")
    kind = ParamFilter(
        choice(ExpertiseKind.values), lambda qs, v: qs.filter(kind=v),
        label=_("Kind"), help_text="Kind of expertise entry.")
    country = ParamFilter(
        parse_country, lambda qs, v: qs.filter(collaboration_countries__contains=v),
        label=_("Country"),
        help_text="Country of collaboration (ISO 3166-1 alpha-2).",
        schema={"type": "string", "pattern": "^[A-Za-z]{2}$"})
    keyword = ParamFilter(
        parse_keyword, _with_keyword,
        label=_("Keyword"), help_text="Keyword (exact, any case).")

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        entries = super().filter_queryset(queryset)
        sort = self.form.cleaned_data.get("sort") or "title"
        return entries.order_by(*TITLE_SORTS[sort], "pk")


declare(ExpertiseFilterSet, "sort", ParamFilter(
    choice(TITLE_SORTS), label=_("Sort by"), help_text="Order of the results."))
