"""The public filters of scholarships (the read API's, docs/api.md)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.core.filters import (
    TITLE_SORTS,
    CatalogueFilterSet,
    Disciplines,
    ParamFilter,
    choice,
    declare,
    parse_discipline,
)

from .models import ScholarshipPage

SORTS = {**TITLE_SORTS, "deadline": ("deadline",), "-deadline": ("-deadline",)}


def _with_discipline(pages: QuerySet, found: Disciplines) -> QuerySet:
    through = ScholarshipPage.disciplines.through.objects
    return pages.filter(pk__in=through.filter(
        discipline__in=found.pks).values("scholarshippage"))


def _with_status(pages: QuerySet, status: str) -> QuerySet:
    if status == "open":
        return pages.filter(deadline__gte=timezone.now())
    if status == "closed":
        return pages.filter(deadline__lt=timezone.now())
    return pages


class ScholarshipFilterSet(CatalogueFilterSet):
    discipline = ParamFilter(
        parse_discipline, _with_discipline, label=_("Discipline"),
        help_text="Discipline code (e.g. 1.2), sub-disciplines included.")
    status = ParamFilter(
        choice(("open", "closed", "all")), _with_status, label=_("Status"),
        help_text="open (deadline to come), closed or all (default).")

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        pages = super().filter_queryset(queryset)
        sort = self.form.cleaned_data.get("sort") or "deadline"
        return pages.order_by(*SORTS[sort], "pk")


declare(ScholarshipFilterSet, "sort", ParamFilter(
    choice(SORTS), label=_("Sort by"), help_text="Order of the results."))
