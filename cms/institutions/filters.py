"""The public filters of institutions and representations (the read API's,
docs/api.md)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from cms.core.choices import Region
from cms.core.filters import (
    TITLE_SORTS,
    CatalogueFilterSet,
    ParamFilter,
    choice,
    declare,
    parse_country,
)

from .models import InstitutionPage, RepresentationPage


class TitleSorted(CatalogueFilterSet):
    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        pages = super().filter_queryset(queryset)
        sort = self.form.cleaned_data.get("sort") or "title"
        return pages.order_by(*TITLE_SORTS[sort], "pk")


class InstitutionFilterSet(TitleSorted):
    kind = ParamFilter(
        choice(InstitutionPage.Kind.values), lambda qs, v: qs.filter(kind=v),
        label=_("Kind"), help_text="Kind of institution.")


class RepresentationFilterSet(TitleSorted):
    country = ParamFilter(
        parse_country, lambda qs, v: qs.filter(country=v), label=_("Country"),
        help_text="ISO 3166-1 alpha-2 country code.",
        schema={"type": "string", "pattern": "^[A-Za-z]{2}$"})
    region = ParamFilter(
        choice(Region.values), lambda qs, v: qs.filter(region=v),
        label=RepresentationPage._meta.get_field("region").verbose_name,
        help_text="Region.")


for filterset in (InstitutionFilterSet, RepresentationFilterSet):
    declare(filterset, "sort", ParamFilter(
        choice(TITLE_SORTS), label=_("Sort by"), help_text="Order of the results."))
