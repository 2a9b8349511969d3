"""The catalogue-type registry: one descriptor per content type.

Each content app declares what the hub's services need to know about its
type in one :class:`CatalogueType`, in its own ``catalogue_type.py``, and
registers it from its ``AppConfig.ready()`` (as Wagtail registers a snippet):

* the page model, which declares its own search fields and facets
  (``search_document_type``, ``search_facet_names``, ``search_facets()``),
  its JSON-LD (``structured_data()``) and its oEmbed card (``oembed_card()``);
* one filter set (django-filter) for the listing, the API, the feeds, the
  exporters and the widget links;
* its API serialiser (and what to prefetch for a page of items);
* its part of the catalogue import/export format.

The services (API, feeds, search, structured data, oEmbed, export, widgets)
loop over :func:`catalogue_types` and never name a model. The registry is a
per-process dictionary filled at start-up: a type is code, so it changes only
with a new release (every gunicorn worker starts again).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from django.http import HttpRequest
    from wagtail.models import Page

Serialiser = Callable[["Page", "HttpRequest | None", str], dict]
# (pages of one item by language code, the page in the default language) -> record
RecordBuilder = Callable[[dict, "Page"], dict]
# (the importer's context, a validated record) -> "created" | "updated" | "unchanged"
RecordImporter = Callable[[Any, dict], str]


@dataclass(frozen=True)
class CatalogueType:
    """What the services know about one content type."""

    name: str  # plural, in URLs and the import format: "events"
    model: type[Page]
    filterset: type  # a cms.core.filters.CatalogueFilterSet
    serialise: Serialiser
    title: str  # shown in the API documentation: "Events"
    prefetch: Callable[[list], None] | None = None  # for serialise(), per batch
    export_record: RecordBuilder | None = None
    import_record: RecordImporter | None = None
    # The record's definition in cms/catalogue/schema (its "$defs" name); a type
    # without one is checked against the fields every record has ("common").
    record_schema: str = "common"
    # The section of the import/export file; types a record refers to come
    # first (organisations before the events they organise).
    order: int = 100
    # What the type adds to the template context of the home page
    # (request) and of an organisation's page (organisation, request), e.g.
    # the upcoming events and their cards; None: nothing.
    home_context: Callable[[HttpRequest], dict] | None = None
    # The type's public listing: its page model (feeds link to it) and the
    # context it renders with (request, index page).
    index_model: type[Page] | None = None
    listing_context: Callable[[HttpRequest, Page], dict] | None = None
    organisation_context: Callable[[Page, HttpRequest], dict] | None = None

    @property
    def searchable(self) -> bool:
        return bool(getattr(self.model, "search_document_type", None))

    @property
    def embeddable(self) -> bool:
        """Whether the page has an oEmbed card (``oembed_card()``)."""
        return callable(getattr(self.model, "oembed_card", None))

    def pages(self):
        """The live, public pages of this type (any locale)."""
        return self.model.objects.live().public()

    def listing_page(self, language: str) -> Page | None:
        """The live listing page of the type in a language, if it has one."""
        if self.index_model is None:
            return None
        return self.index_model.objects.live().filter(
            locale__language_code=language).first()


_types: dict[str, CatalogueType] = {}


def register(descriptor: CatalogueType) -> CatalogueType:
    """Add a type; registering the same name again replaces it (a reload)."""
    _types[descriptor.name] = descriptor
    return descriptor


def unregister(name: str) -> None:
    _types.pop(name, None)


def catalogue_types() -> list[CatalogueType]:
    """Every registered type, in import/export order."""
    return sorted(_types.values(), key=lambda t: (t.order, t.name))


def catalogue_type(name: str) -> CatalogueType:
    """The type called ``name``; KeyError when there is none."""
    return _types[name]


def type_of(page_or_model: Any) -> CatalogueType | None:
    """The type a page (or page model) belongs to, or None."""
    model = page_or_model if isinstance(page_or_model, type) else type(page_or_model)
    for descriptor in _types.values():
        if issubclass(model, descriptor.model):
            return descriptor
    return None


def models() -> list[type[Page]]:
    return [t.model for t in catalogue_types()]


def home_context(request: HttpRequest) -> dict:
    """What every type adds to the home page's context."""
    context: dict = {}
    for kind in catalogue_types():
        if kind.home_context is not None:
            context |= kind.home_context(request)
    return context


def organisation_context(organisation: Page, request: HttpRequest) -> dict:
    """What every type adds to an organisation page's context."""
    context: dict = {}
    for kind in catalogue_types():
        if kind.organisation_context is not None:
            context |= kind.organisation_context(organisation, request)
    return context
