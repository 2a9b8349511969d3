"""The filter a subscription saves: the events filter set's own parameters
(cms/events/filters.py, found through the catalogue-type registry), without
paging and order, checked strictly when a visitor subscribes."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext

from cms.core.filters import InvalidParameter
from cms.core.registry import CatalogueType, catalogue_type
from cms.core.templatetags.hub_tags import country_name
from cms.events.when import DEFAULT as DEFAULT_WHEN
from cms.events.when import WHEN_TITLES

#: What a listing's URL may carry that is no filter of what to send.
NOT_A_FILTER = {"sort", "page", "page_size"}
#: Search facets named otherwise than the events filter's parameters.
SEARCH_NAMES = {"event_type": "type", "km": "radius_km"}


def events_type() -> CatalogueType:
    return catalogue_type("events")


def parameters() -> list[str]:
    """The events filter set's parameters a subscription may save."""
    return [name for name in events_type().filterset.base_filters
            if name not in NOT_A_FILTER]


def from_listing(chosen: Mapping[str, str]) -> list[tuple[str, str]]:
    """The hidden fields for a listing's chosen (already cleaned) filters."""
    names = parameters()
    return [(name, str(chosen[name])) for name in names if chosen.get(name)
            and (name, chosen[name]) != ("when", DEFAULT_WHEN)]


def from_search(params) -> list[tuple[str, str]] | None:
    """The hidden fields for a search's events facets; None when the search
    asks for something the events filter cannot say (another type, a facet
    that no events parameter has, two values of one facet)."""
    kind = events_type()
    if params.get("type", "") not in ("", kind.model.search_document_type):
        return None
    names = set(parameters())
    fields = []
    for facet, values in params.lists():
        if facet in ("q", "type", "sort", "page", "page_size", "lang", "format"):
            continue
        values = [value for value in values if value]
        if not values:
            continue
        name = SEARCH_NAMES.get(facet, facet)
        if name not in names or len(values) > 1:
            return None
        fields.append((name, values[0]))
    return sorted(fields)


def validated(data: Mapping[str, str]) -> tuple[dict[str, str], list[InvalidParameter]]:
    """The filter from a subscription form (only the known parameters, empty
    ones left out) and what the filter set refuses in it."""
    chosen = {name: str(data[name]).strip() for name in parameters()
              if str(data.get(name, "")).strip()}
    kind = events_type()
    filterset = kind.filterset(chosen, queryset=kind.model.objects.none())
    return chosen, filterset.invalid()


def label(name: str) -> str:
    """The parameter's label in the active language ("Country")."""
    field = events_type().filterset.base_filters.get(name)
    return str(getattr(field, "label", None) or name)


def describe(filter_: Mapping[str, str], language: str) -> list[tuple[str, str]]:
    """(label, value) of each saved parameter, as the subscriber reads it."""
    with translation.override(language):
        names = {"type": _choices("event_type"), "status": _choices("status"),
                 "audience": _choices("audience"),
                 "when": {key: str(title) for key, title in WHEN_TITLES.items()}}
        lines = []
        for name, value in filter_.items():
            shown = names.get(name, {}).get(value, value)
            if name == "country":
                shown = country_name(value.upper())
            lines.append((label(name), str(shown)))
        if not lines:
            lines.append((gettext("Events"), gettext("All events")))
        return lines


def _choices(field: str) -> dict[str, str]:
    model_field = events_type().model._meta.get_field(field)
    choices = getattr(model_field, "base_field", model_field).choices or []
    return {value: str(text) for value, text in choices}


def changed_events(filter_: Mapping[str, str], language: str, since: datetime,
                   until: datetime) -> list:
    """The live public events in ``language`` that match the filter and were
    first published or changed in (since, until], in the filter's order.
    Raises InvalidParameter when the saved filter no longer holds (an
    organisation that was deleted)."""
    kind = events_type()
    events = kind.pages().filter(locale__language_code=language)
    filterset = kind.filterset(dict(filter_), queryset=events)
    return list(filterset.strict().filter(
        Q(first_published_at__gt=since) | Q(last_published_at__gt=since),
        last_published_at__lte=until))
