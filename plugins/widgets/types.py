"""The built-in widget types and their attributes.

Filter attributes have the names of the read API's parameters (docs/api.md),
so ``<flanders-events country="JP">`` asks ``/api/v1/events/?country=JP``.
Every other attribute (PRESENTATION) only changes how the widget looks.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from plugins.extension import WidgetType

# Attributes that are not API filters: the script never sends them to the API.
PRESENTATION = ("lang", "theme", "hub", "limit", "layout", "time-zone",
                "heading-level", "month")

COMMON = {
    "lang": _("Language of the widget and its content: nl, en, fr or de "
              "(default: the language of the page, else en)."),
    "theme": _("Theme name (default: the organiser's widget theme, else the "
               "hub's)."),
    "hub": _("Address of the hub (default: where widgets.js is loaded from)."),
}
ORGANISATIONS = {
    "organiser": _("Organiser (institution or representation): public id or "
                   "slug."),
    "institution": _("Organised by or with this institution: public id or "
                     "slug."),
    "representation": _("Organised by this representation: public id or slug."),
}
EVENT_FILTERS = {
    **ORGANISATIONS,
    "country": _("Venue country, ISO 3166-1 alpha-2 (e.g. JP)."),
    "discipline": _("Discipline code (e.g. 1.2), sub-disciplines included."),
    "type": _("Event type."),
    "audience": _("Audience."),
    "language": _("Language spoken at the event."),
    "status": _("Event status."),
}
LIST = {
    "limit": _("Number of items, 1 to 100."),
    "layout": _("list, cards or compact."),
    "heading-level": _("Heading level of item titles, 2 to 6 (default 3)."),
}
TIME_ZONE = {
    "time-zone": _("event: times in the event's time zone (default); visitor: "
                   "in the visitor's."),
}


def builtin_widget_types(sender=None, **kwargs) -> list[WidgetType]:
    """Receiver of plugins.signals.register_widget_types."""
    return [
        WidgetType(
            name="events", element="flanders-events", title=_("Events"),
            description=_("A list of upcoming events for any filter."),
            attributes={
                **EVENT_FILTERS,
                "when": _("upcoming (default), past or all."),
                "from": _("Events still running on or after this day "
                          "(YYYY-MM-DD)."),
                "to": _("Events starting on or before this day (YYYY-MM-DD)."),
                "sort": _("Order: start, -start, title, -title, updated, "
                          "-updated."),
                **LIST, **TIME_ZONE, **COMMON,
            }),
        WidgetType(
            name="calendar", element="flanders-calendar", title=_("Calendar"),
            description=_("A month view of events with navigation between "
                          "months."),
            attributes={
                **EVENT_FILTERS,
                "month": _("First month shown (YYYY-MM; default: this month)."),
                "heading-level": LIST["heading-level"],
                **TIME_ZONE, **COMMON,
            }),
        WidgetType(
            name="expertise", element="flanders-expertise", title=_("Expertise"),
            description=_("Cards of research expertise for a filter."),
            attributes={
                "institution": _("Institution: public id or slug."),
                "discipline": EVENT_FILTERS["discipline"],
                "kind": _("Kind of expertise entry."),
                "country": _("Country of collaboration (ISO 3166-1 alpha-2)."),
                "sort": _("Order: title, -title, updated, -updated."),
                **LIST, **COMMON,
            }),
        WidgetType(
            name="search", element="flanders-search", title=_("Search"),
            description=_("A search box with autocomplete, facets and "
                          "results."),
            attributes={
                "q": _("Query searched when the widget loads."),
                "type": _("Search only expertise, event or organisation."),
                "institution": _("Only this institution's content (public id)."),
                "organiser": _("Only events of this organiser (public id; with "
                               "type=event)."),
                "country": _("Country (ISO 3166-1 alpha-2)."),
                "discipline": _("Discipline code."),
                "language": _("Language (ISO 639-1)."),
                "when": _("Events: upcoming, this-month, next-3-months or past."),
                "sort": _("relevance (default) or date."),
                "limit": _("Results per page, 1 to 100 (default 10)."),
                "heading-level": LIST["heading-level"],
                **COMMON,
            }),
    ]


# The hub page a widget stands for (its fallback link leads there).
PAGES = {"events": "events", "calendar": "events", "expertise": "expertise",
         "search": "search"}


def _link_filters() -> dict[str, tuple[str, ...]]:
    """The attributes a widget's fallback link carries to its hub page. The
    events and expertise listings read the same filter sets as the API
    (cms/events/filters.py, cms/expertise/filters.py), so a filter attribute
    goes to the link as it is, public ids included; the search page takes
    the query and the type."""
    found = {}
    for widget in builtin_widget_types():
        if widget.name == "search":
            found[widget.name] = ("q", "type")
            continue
        found[widget.name] = tuple(name for name in widget.attributes
                                   if name not in PRESENTATION)
    return found


# The filters each hub listing page understands, for the fallback link.
LINK_FILTERS = _link_filters()
