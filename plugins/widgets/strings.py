"""The widgets' UI strings and value labels in nl, en, fr and de.

Written into widgets.js when it is built: the ``lang`` attribute of each
element picks the language, so one cached script serves every language.
Translations live in plugins/widgets/locale (Django's gettext catalogues);
labels of event types, statuses, kinds and facets reuse the hub's own.
"""

from __future__ import annotations

from babel import Locale
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from cms.core.registry import catalogue_type
from search.facets import FACET_TITLES, SUGGESTION_KINDS

LANGUAGES = ("nl", "en", "fr", "de")

UI = {
    "loading": _("Loading…"),
    "unreachable": _("The Flanders Academic Hub cannot be reached right now."),
    "misconfigured": _("This widget is not set up correctly."),
    "label_events": _("Events"),
    "label_expertise": _("Expertise"),
    "empty_events": _("No events match."),
    "empty_expertise": _("No expertise entries match."),
    "empty_calendar": _("No events this month."),
    "empty_search": _("No results."),
    "link_events": _("Events on the Flanders Academic Hub"),
    "link_calendar": _("Event calendar on the Flanders Academic Hub"),
    "link_expertise": _("Flemish research expertise on the Flanders Academic Hub"),
    "link_search": _("Search the Flanders Academic Hub"),
    "online": _("Online"),
    "join_online": _("Join online"),
    "register": _("Register"),
    "recurring": _("Recurring"),
    "your_time": _("Your time: {n}"),
    "disciplines": _("Disciplines"),
    "prev_month": _("Previous month"),
    "next_month": _("Next month"),
    "more": _("{n} more"),
    "search": _("Search"),
    "placeholder": _("Expertise, events, institutions…"),
    "suggestions": _("Suggestions"),
    "n_suggestions": _("{n} suggestions. Use the up and down arrows to choose."),
    "one_result": _("1 result"),
    "n_results": _("{n} results"),
    "pages": _("Result pages"),
    "previous": _("Previous"),
    "next": _("Next"),
    "page": _("Page {n} of {m}"),
    "all_types": _("Everything"),
    "any_time": _("Any time"),
}

DOCUMENT_TYPES = {
    "expertise": _("Expertise"),
    "event": _("Event"),
    "organisation": _("Institution"),
    "keyword": _("Keyword"),
    "discipline": _("Discipline"),
}


def zone_pattern(language: str) -> str:
    """CLDR's "{n} Time" of the language (a zone named by its city), for the
    hubs whose API has no time_zone_label yet; English as en_GB."""
    cldr = Locale.parse("en_GB" if language == "en" else language)
    return cldr.zone_formats["region"].replace("%s", "{n}")


def ui_strings(language: str) -> dict[str, str]:
    with translation.override(language):
        found = {key: str(text) for key, text in UI.items()}
    return {**found, "zone": zone_pattern(language)}


def labels(language: str) -> dict[str, dict[str, str]]:
    """Labels of coded values the API returns (event_type, status, kind, ...),
    as the models declare them for search facets."""
    events = catalogue_type("events").model.search_facet_labels()
    expertise = catalogue_type("expertise").model.search_facet_labels()
    with translation.override(language):
        return {
            "event_type": {k: str(v) for k, v in events["event_type"].items()},
            "status": {k: str(v) for k, v in events["status"].items()},
            "kind": {k: str(v) for k, v in expertise["kind"].items()},
            # a type without a label here gets the search's own
            "suggestion": {**{k: capfirst(str(v)) for k, v in SUGGESTION_KINDS.items()},
                           **{k: str(v) for k, v in DOCUMENT_TYPES.items()}},
            # "type" is the document type here ("Kind" is kind's title).
            "facet": {**{k: str(v) for k, v in FACET_TITLES.items()},
                      "type": str(_("Show")), "when": str(_("Date"))},
        }


def fallback_text(widget: str, language: str) -> str:
    """Text of the no-JavaScript link (the builder writes it into snippets)."""
    key = f"link_{widget}"
    with translation.override(language):
        return str(UI.get(key, UI["link_search"]))
