"""Facets: which filters each document type offers, the date windows of
events, and the labels of facet values in the visitor's language."""

from collections.abc import Callable, Iterator, Mapping
from uuid import UUID

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from wagtail.models import Page

from cms.core.choices import Audience, language_choices

# The "when" windows are the events filters' own (one definition).
from cms.events.when import WHEN_TITLES, WHEN_VALUES, when_window
from cms.institutions import vocabulary

from .documents import searchable_model_list, searchable_models

__all__ = ["WHEN_TITLES", "WHEN_VALUES", "when_window"]


class _FromModels(Mapping):
    """A mapping built on first use from what the searchable page models
    declare (``search_facet_names``, ``search_type_title``, ...), once the
    apps are loaded; a new document type needs no entry here."""

    def __init__(self, build: Callable[[], dict]) -> None:
        self._build = build

    @property
    def _data(self) -> dict:
        # Built on each use (a handful of types): a type registered later, e.g.
        # by a test or a plugin, is there at once.
        return self._build()

    def __getitem__(self, key):
        return self._data[key]

    def __iter__(self) -> Iterator:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)


def _declared(attribute: str) -> dict:
    """Document type -> the value its models declare for an attribute."""
    return {doc_type: getattr(models[0], attribute)
            for doc_type, models in searchable_models().items()}


# The facets of a search over every type: those that mean the same in each.
ALL_TYPES_FACETS = ["type", "field", "discipline", "institution", "country", "language"]
FACETS_BY_TYPE: Mapping[str, list[str]] = _FromModels(lambda: {
    "": ALL_TYPES_FACETS,
    **{t: list(names) for t, names in _declared("search_facet_names").items()},
})
FACET_TITLES = {
    "type": _("Type"),
    "kind": _("Kind"),
    "event_type": _("Event type"),
    "field": _("Field of science"),
    "discipline": _("Discipline"),
    "institution": _("Institution"),
    "organiser": _("Organiser"),
    "country": _("Country"),
    "audience": _("Audience"),
    "language": _("Language"),
    "status": _("Status"),
}
SORTS = ("relevance", "date")
TYPE_TITLES: Mapping[str, str] = _FromModels(lambda: _declared("search_type_title"))

# What a suggestion is, as the autocomplete list shows it.
SUGGESTION_KINDS: Mapping[str, str] = _FromModels(lambda: {
    **_declared("search_kind_title"),
    "keyword": _("keyword"),
    "discipline": _("discipline"),
})


def labeller(facet: str, language: str, values: list[str]):
    """A function value -> label for one facet in one language."""
    with translation.override(language):
        labels = _labels(facet, language, values)
    return lambda value: labels.get(value, value)


def localise_hits(hits: list, language: str) -> None:
    """Name each hit's place in the reader's language: documents keep the
    city and the country code (a name chosen at index time followed whatever
    language the indexing ran in, "Leuven, België" on an English page)."""
    with translation.override(language):
        for hit in hits:
            place = place_label(hit.data)
            if place is not None:
                hit.data["place"] = place


def place_label(data: dict) -> str | None:
    """The place as "city, country" in the active language; None for a
    document without the parts (not an event, or indexed by an older
    release: its stored place is kept)."""
    if "venue_city" not in data and "venue_country" not in data:
        return None
    code = data.get("venue_country") or ""
    country = str(countries.name(code.upper())) if code else ""
    return ", ".join(part for part in (data.get("venue_city") or "", country) if part)


def _labels(facet: str, language: str, values: list[str]) -> dict[str, str]:
    if facet == "type":
        return {k: str(v) for k, v in TYPE_TITLES.items()}
    declared: dict[str, str] = {}
    for model in searchable_model_list():
        declared |= {k: str(v) for k, v in
                     model.search_facet_labels().get(facet, {}).items()}
    if declared:
        return declared
    if facet == "audience":
        return {k: str(v) for k, v in Audience.choices}
    if facet == "language":
        return {k: str(v) for k, v in language_choices()}
    if facet == "country":
        return {code: str(name) for code, name in countries}
    if facet in ("field", "discipline"):
        return {d.code: d.label_for(language) for d in vocabulary.disciplines()}
    if facet in ("institution", "organiser"):
        keys = [v for v in values if _is_uuid(v)]
        pages = (
            Page.objects.live()
            .filter(translation_key__in=keys)
            .values_list("translation_key", "title", "locale__language_code")
        )
        # The organisation's title in the visitor's language, else any title.
        ordered = sorted(pages, key=lambda row: row[2] == language)
        return {str(key): title for key, title, _lang in ordered}
    return {}


def _is_uuid(value: str) -> bool:
    try:
        UUID(value)
    except ValueError:
        return False
    return True


def discipline_parents() -> dict[str, str]:
    return {d.code: d.parent.code for d in vocabulary.disciplines() if d.parent_id}
