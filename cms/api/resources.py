"""The API's resources: one per catalogue type of the registry
(cms.core.registry), with the type's filters and serialiser."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.apps import apps
from django.db.models import QuerySet

from cms.core.registry import CatalogueType, catalogue_type, catalogue_types
from plugins.signals import api_item_fields

from .filters import Param, params_of, select


@dataclass(frozen=True)
class Resource:
    """A catalogue type as the API serves it."""

    type: CatalogueType

    @property
    def name(self) -> str:
        return self.type.name

    @property
    def tag(self) -> str:
        return self.type.title

    @property
    def prefetch(self):
        return self.type.prefetch

    @cached_property
    def params(self) -> list[Param]:
        return params_of(self.type.filterset)

    def model_class(self) -> type:
        return self.type.model

    def select(self, params, language: str, request=None) -> QuerySet:
        return select(self.type, params, language, request)

    def item(self, page, request, language: str) -> dict:
        """The item as the API shows it (see :meth:`items`)."""
        return self.items([page], request, language)[0]

    def items(self, pages: list, request, language: str) -> list[dict]:
        """The items as the API shows them, with the fields plugins add
        (plugins.signals.api_item_fields, sent once for all of them) under
        ``extra.<app label>``."""
        data = [self.type.serialise(page, request, language) for page in pages]
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


def resources() -> dict[str, Resource]:
    """Every registered type, by name (the API path)."""
    return {t.name: Resource(t) for t in catalogue_types()}


def resource(name: str) -> Resource:
    """The resource called ``name``; KeyError when no type has that name."""
    return Resource(catalogue_type(name))
