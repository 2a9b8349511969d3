"""The API's resources: model, filters and serialiser of each."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet

from cms.expertise.filters import ExpertiseFilterSet
from cms.institutions.filters import InstitutionFilterSet, RepresentationFilterSet
from cms.scholarships.filters import ScholarshipFilterSet

from . import serializers
from .filters import (
    EVENT_PARAMS,
    Param,
    filter_events,
    localised,
    params_of,
)


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


def _pages(model) -> QuerySet:
    return model.objects.live().public()


def select_expertise(params, language: str) -> QuerySet:
    from cms.expertise.models import ExpertisePage

    return localised(ExpertiseFilterSet(
        params, queryset=_pages(ExpertisePage)).strict(), language)


def select_institutions(params, language: str) -> QuerySet:
    from cms.institutions.models import InstitutionPage

    return localised(InstitutionFilterSet(
        params, queryset=_pages(InstitutionPage)).strict(), language)


def select_representations(params, language: str) -> QuerySet:
    from cms.institutions.models import RepresentationPage

    return localised(RepresentationFilterSet(
        params, queryset=_pages(RepresentationPage)).strict(), language)


def select_scholarships(params, language: str) -> QuerySet:
    from cms.scholarships.models import ScholarshipPage

    return localised(ScholarshipFilterSet(
        params, queryset=_pages(ScholarshipPage)).strict(), language)


def select_events(params, language: str) -> QuerySet:
    return filter_events(params, language)


RESOURCES: dict[str, Resource] = {
    "events": Resource("events", EVENT_PARAMS, select_events, serializers.event,
                       "Events", "events.EventPage", serializers.prefetch_events),
    "expertise": Resource("expertise", params_of(ExpertiseFilterSet),
                          select_expertise, serializers.expertise, "Expertise",
                          "expertise.ExpertisePage"),
    "institutions": Resource("institutions", params_of(InstitutionFilterSet),
                             select_institutions, serializers.institution,
                             "Institutions", "institutions.InstitutionPage"),
    "representations": Resource("representations",
                                params_of(RepresentationFilterSet),
                                select_representations, serializers.representation,
                                "Representations", "institutions.RepresentationPage"),
    "scholarships": Resource("scholarships", params_of(ScholarshipFilterSet),
                             select_scholarships, serializers.scholarship,
                             "Scholarships", "scholarships.ScholarshipPage"),
}
