"""What the widget builder calls each attribute, in the editor's language and
in plain words: a label and a help text per attribute, some per widget type
(a "country" filters venues for events, partners for expertise). The
attribute names themselves ("time-zone", "heading-level") are for the code the
builder writes, not for the form. A plugin's attribute without an entry here
is labelled with its name and helped by its own description; so is one of a
plugin's widget type, unless it is one of the presentation attributes every
widget shares (their meaning is the same everywhere)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

Text = tuple[Promise, Promise]  # label, help text

TEXTS: dict[object, Text] = {
    "organiser": (_("Organiser"), _(
        "Only events organised by this university, institution or Flemish "
        "representation abroad.")),
    "institution": (_("Institution"), _(
        "Only events this institution organises or takes part in.")),
    ("expertise", "institution"): (_("Institution"), _(
        "Only the expertise of this institution.")),
    ("search", "institution"): (_("Institution"), _(
        "Only results from this institution.")),
    ("search", "organiser"): (_("Organiser of events"), _(
        "When searching events only: only events of this organiser.")),
    "representation": (_("Flemish representation abroad"), _(
        "Only events of this representation.")),
    "country": (_("Country"), _("Only events held in this country.")),
    ("expertise", "country"): (_("Country"), _(
        "Only expertise that works with partners in this country.")),
    ("search", "country"): (_("Country"), _("Only results about this country.")),
    "discipline": (_("Field of science"), _(
        "Only this field; its narrower fields are included.")),
    "type": (_("Kind of event"), _(
        "Only this kind of event, for example webinars or education fairs.")),
    ("search", "type"): (_("What to search"), _(
        "Everything, or only expertise, events or organisations. With "
        "everything, visitors can narrow it down themselves.")),
    "audience": (_("Audience"), _("Only events meant for this audience.")),
    "language": (_("Language spoken"), _("Only events held in this language.")),
    ("search", "language"): (_("Language"), _(
        "Only results available in this language.")),
    "status": (_("Event status"), _(
        "Only events with this status, for example cancelled ones.")),
    "kind": (_("Kind of expertise"), _(
        "Only this kind, for example labs or research groups.")),
    "when": (_("Which events"), _("Upcoming events, past events or both.")),
    ("search", "when"): (_("When (events)"), _(
        "For events: only those in this period.")),
    "from": (_("From"), _("Only events still running on or after this day.")),
    "to": (_("Until"), _("Only events starting on or before this day.")),
    "sort": (_("Order"), _("The order in which the items are shown.")),
    ("search", "sort"): (_("Order"), _(
        "The best matches first, or events by date.")),
    "limit": (_("Number of items"), _(
        "How many items the widget shows (1 to 100).")),
    ("search", "limit"): (_("Results per page"), _(
        "How many results one page shows (1 to 100).")),
    "heading-level": (_("Level of the item titles"), _(
        "Where the titles sit in your page's outline, for screen readers: "
        "one level below the heading above the widget. 3 suits most pages "
        "(a widget under a level 2 heading).")),
    "layout": (_("Layout"), _(
        "A list, cards side by side, or a compact list with one line per "
        "item.")),
    "time-zone": (_("Show times in"), _(
        "The time zone where the event takes place (named next to the time), "
        "or the time zone of each visitor's own device.")),
    "lang": (_("Language of the widget"), _(
        "The language of its buttons and texts, and of the content where a "
        "translation exists.")),
    "theme": (_("Look"), _(
        "Colours and fonts. Without a choice the widget takes the organiser's "
        "theme, else the hub's.")),
    "month": (_("First month shown"), _(
        "Leave empty to start at the current month.")),
    "q": (_("Search for"), _(
        "Words searched as soon as the page opens. Leave empty to let the "
        "visitor start.")),
}

EVENT_SORTS = [
    ("start", _("Date, soonest first")), ("-start", _("Date, latest first")),
    ("title", _("Title, A to Z")), ("-title", _("Title, Z to A")),
    ("updated", _("Least recently updated first")),
    ("-updated", _("Most recently updated first")),
]
TITLE_SORTS = [pair for pair in EVENT_SORTS if "start" not in pair[0]]
BUILTIN_WIDGETS = {"events", "calendar", "expertise", "search"}
SHARED = {"lang", "theme", "heading-level", "limit", "layout", "time-zone"}


def label_and_help(widget: str, attribute: str, description: str) -> tuple[str, str]:
    """The form label and help text of ``attribute`` of ``widget``."""
    text = TEXTS.get((widget, attribute)) or TEXTS.get(attribute)
    if text is None or (widget not in BUILTIN_WIDGETS and attribute not in SHARED):
        return attribute.replace("-", " ").capitalize(), description
    return str(text[0]), str(text[1])
