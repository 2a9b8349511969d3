"""The API's resources: model, filters and serialiser of each."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from . import serializers
from .filters import (
    EVENT_PARAMS,
    InvalidParameter,
    Param,
    discipline_filter,
    filter_events,
    localised,
    organisation_pages,
    parse_choice,
    under_any,
)

TITLE_SORTS = {"title": ("title",), "-title": ("-title",),
               "updated": ("last_published_at",), "-updated": ("-last_published_at",)}


@dataclass(frozen=True)
class Resource:
    name: str
    params: list[Param]
    select: Callable[[dict, str], QuerySet]
    serialise: Callable
    tag: str
    model: str  # "app_label.ModelName"
    # Loads what serialise() reads for a list of items at once (N+1 queries
    # otherwise); None: nothing to load.
    prefetch: Callable[[list], None] | None = None

    def model_class(self) -> type:
        from django.apps import apps

        return apps.get_model(self.model)

    def item(self, page, request, language: str) -> dict:
        """The item as the API shows it (see :meth:`items`)."""
        return self.items([page], request, language)[0]

    def items(self, pages: list, request, language: str) -> list[dict]:
        """The items as the API shows them, with the fields plugins add
        (plugins.signals.api_item_fields, sent once for all of them) under
        ``extra.<app label>``."""
        from django.apps import apps

        from plugins.signals import api_item_fields

        data = [self.serialise(page, request, language) for page in pages]
        if not pages:
            return data
        extras: list[dict] = [{} for _page in pages]
        for receiver, by_page in api_item_fields.send_to_enabled(
                self.name, pages=pages, language=language):
            config = apps.get_containing_app_config(receiver.__module__)
            if not isinstance(by_page, dict) or config is None:
                continue
            for extra, page in zip(extras, pages, strict=True):
                fields = by_page.get(page.pk)
                if isinstance(fields, dict) and fields:
                    extra[config.label] = fields
        for item, extra in zip(data, extras, strict=True):
            if extra:
                item["extra"] = extra
        return data


def _sort(pages: QuerySet, params, sorts: dict, default: str) -> QuerySet:
    sort = parse_choice(params.get("sort") or default, list(sorts), "sort")
    return pages.order_by(*sorts[sort], "pk")


def _pages(model) -> QuerySet:
    return model.objects.live().public()


def select_expertise(params, language: str) -> QuerySet:
    from cms.expertise.models import ExpertiseKind, ExpertisePage
    from cms.institutions.models import InstitutionPage

    pages = _pages(ExpertisePage)
    if value := params.get("institution"):
        pages = pages.filter(under_any(
            organisation_pages(value, "institution", (InstitutionPage,))))
    if value := params.get("discipline"):
        pages = pages.filter(disciplines__in=discipline_filter(value))
    if value := params.get("kind"):
        pages = pages.filter(kind=parse_choice(value, ExpertiseKind.values, "kind"))
    if value := params.get("country"):
        pages = pages.filter(collaboration_countries__contains=value.upper()[:2])
    pages = localised(ExpertisePage.objects.filter(pk__in=pages.values("pk")), language)
    return _sort(_pages(ExpertisePage).filter(pk__in=pages.values("pk")),
                 params, TITLE_SORTS, "title")


def select_institutions(params, language: str) -> QuerySet:
    from cms.institutions.models import InstitutionPage

    pages = _pages(InstitutionPage)
    if value := params.get("kind"):
        pages = pages.filter(
            kind=parse_choice(value, InstitutionPage.Kind.values, "kind"))
    pages = localised(InstitutionPage.objects.filter(pk__in=pages.values("pk")),
                      language)
    return _sort(_pages(InstitutionPage).filter(pk__in=pages.values("pk")),
                 params, TITLE_SORTS, "title")


def select_representations(params, language: str) -> QuerySet:
    from cms.core.choices import Region
    from cms.institutions.models import RepresentationPage

    pages = _pages(RepresentationPage)
    if value := params.get("country"):
        if len(value) != 2 or not value.isalpha():
            raise InvalidParameter("invalid_country",
                                   "country must be an ISO 3166-1 alpha-2 code.",
                                   "country")
        pages = pages.filter(country=value.upper())
    if value := params.get("region"):
        pages = pages.filter(region=parse_choice(value, Region.values, "region"))
    pages = localised(RepresentationPage.objects.filter(pk__in=pages.values("pk")),
                      language)
    return _sort(_pages(RepresentationPage).filter(pk__in=pages.values("pk")),
                 params, TITLE_SORTS, "title")


def select_scholarships(params, language: str) -> QuerySet:
    from cms.scholarships.models import ScholarshipPage

    pages = _pages(ScholarshipPage)
    if value := params.get("discipline"):
        pages = pages.filter(disciplines__in=discipline_filter(value))
    status = parse_choice(params.get("status") or "all", ("open", "closed", "all"),
                          "status")
    if status == "open":
        pages = pages.filter(deadline__gte=timezone.now())
    elif status == "closed":
        pages = pages.filter(deadline__lt=timezone.now())
    pages = localised(ScholarshipPage.objects.filter(pk__in=pages.values("pk")),
                      language)
    sorts = {**TITLE_SORTS, "deadline": ("deadline",), "-deadline": ("-deadline",)}
    return _sort(_pages(ScholarshipPage).filter(pk__in=pages.values("pk")),
                 params, sorts, "deadline")


def select_events(params, language: str) -> QuerySet:
    return filter_events(params, language)


def _sort_param(values) -> Param:
    return Param("sort", "Order of the results.", {"type": "string", "enum": values})


DISCIPLINE_PARAM = Param("discipline", "Discipline code (e.g. 1.2), "
                         "sub-disciplines included.")
COUNTRY_PARAM = Param("country", "ISO 3166-1 alpha-2 country code.",
                      {"type": "string", "pattern": "^[A-Za-z]{2}$"})

RESOURCES: dict[str, Resource] = {
    "events": Resource("events", EVENT_PARAMS, select_events, serializers.event,
                       "Events", "events.EventPage", serializers.prefetch_events),
    "expertise": Resource("expertise", [
        Param("institution", "Institution: public id or slug."), DISCIPLINE_PARAM,
        Param("kind", "Kind of expertise entry."),
        Param("country", "Country of collaboration (ISO 3166-1 alpha-2)."),
        _sort_param(list(TITLE_SORTS)),
    ], select_expertise, serializers.expertise, "Expertise",
        "expertise.ExpertisePage"),
    "institutions": Resource("institutions", [
        Param("kind", "Kind of institution."), _sort_param(list(TITLE_SORTS)),
    ], select_institutions, serializers.institution, "Institutions",
        "institutions.InstitutionPage"),
    "representations": Resource("representations", [
        COUNTRY_PARAM, Param("region", "Region."), _sort_param(list(TITLE_SORTS)),
    ], select_representations, serializers.representation, "Representations",
        "institutions.RepresentationPage"),
    "scholarships": Resource("scholarships", [
        DISCIPLINE_PARAM,
        Param("status", "open (deadline to come), closed or all (default).",
              {"type": "string", "enum": ["open", "closed", "all"]}),
        _sort_param([*TITLE_SORTS, "deadline", "-deadline"]),
    ], select_scholarships, serializers.scholarship, "Scholarships",
        "scholarships.ScholarshipPage"),
}
