"""Facets: which filters each document type offers, the date windows of
events, and the labels of facet values in the visitor's language."""

from django.utils.translation import gettext_lazy as _

# The "when" windows are the events filters' own (one definition).
from cms.events.when import WHEN_TITLES, WHEN_VALUES, when_window

__all__ = ["WHEN_TITLES", "WHEN_VALUES", "when_window"]

FACETS_BY_TYPE: dict[str, list[str]] = {
    "": ["type", "field", "discipline", "institution", "country", "language"],
    "expertise": ["kind", "field", "discipline", "institution", "country", "language"],
    "event": [
        "event_type",
        "field",
        "discipline",
        "organiser",
        "institution",
        "country",
        "audience",
        "language",
        "status",
    ],
    "organisation": ["kind", "country"],
}
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
TYPE_TITLES = {
    "expertise": _("Expertise"),
    "event": _("Events"),
    "organisation": _("Institutions and representations"),
}


# What a suggestion is, as the autocomplete list shows it.
SUGGESTION_KINDS = {
    "expertise": _("expertise"),
    "event": _("event"),
    "organisation": _("institution"),
    "keyword": _("keyword"),
    "discipline": _("discipline"),
}


def labeller(facet: str, language: str, values: list[str]):
    """A function value -> label for one facet in one language."""
    from django.utils import translation

    with translation.override(language):
        labels = _labels(facet, language, values)
    return lambda value: labels.get(value, value)


def _labels(facet: str, language: str, values: list[str]) -> dict[str, str]:
    from django_countries import countries
    from wagtail.models import Page

    from cms.core.choices import Audience, language_choices
    from cms.events.models import EventStatus, EventType
    from cms.expertise.models import ExpertiseKind
    from cms.institutions.models import Discipline, InstitutionPage

    if facet == "type":
        return {k: str(v) for k, v in TYPE_TITLES.items()}
    if facet == "kind":
        labels = {k: str(v) for k, v in ExpertiseKind.choices}
        labels |= {k: str(v) for k, v in InstitutionPage.Kind.choices}
        return labels | {"representation": str(_("Representation"))}
    if facet == "event_type":
        return {k: str(v) for k, v in EventType.choices}
    if facet == "status":
        return {k: str(v) for k, v in EventStatus.choices}
    if facet == "audience":
        return {k: str(v) for k, v in Audience.choices}
    if facet == "language":
        return {k: str(v) for k, v in language_choices()}
    if facet == "country":
        return {code: str(name) for code, name in countries}
    if facet in ("field", "discipline"):
        return {d.code: d.label_for(language) for d in Discipline.objects.all()}
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
    from uuid import UUID

    try:
        UUID(value)
    except ValueError:
        return False
    return True


def discipline_parents() -> dict[str, str]:
    from cms.institutions.models import Discipline

    return {
        d.code: d.parent.code
        for d in Discipline.objects.select_related("parent").filter(
            parent__isnull=False
        )
    }
