"""Flat admin listing of all events with editor-friendly filters.

The listing only shows pages the user may explore (Wagtail's page permission
policy), so an institution editor sees their own organisation's events."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters import (
    ChoiceFilter,
    DateFromToRangeFilter,
    ModelMultipleChoiceFilter,
)
from wagtail.admin.filters import DateRangePickerWidget, LocaleFilter
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.pages.listing import PageFilterSet
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.models import Locale, Page

from cms.institutions.models import InstitutionPage, RepresentationPage

from .models import EventPage, EventStatus, EventType


def children_of_any(qs, parents):
    """Pages whose parent is one of ``parents`` (tree paths, no joins)."""
    condition = Q()
    for parent in parents:
        condition |= Q(path__startswith=parent.path, depth=parent.depth + 1)
    return qs.filter(condition) if parents else qs


def organisation_queryset(request, types=(InstitutionPage, RepresentationPage)):
    return Page.objects.type(*types).order_by("title").select_related("locale")


class OrganiserFilter(ModelMultipleChoiceFilter):
    def filter(self, qs, value):
        return children_of_any(qs, list(value)) if value else qs


class PublicationFilter(ChoiceFilter):
    def filter(self, qs, value):
        if value == "live":
            return qs.filter(live=True)
        if value == "draft":
            return qs.filter(live=False)
        if value == "in-moderation":
            return qs.filter(
                _workflow_states__status="in_progress"
            ).distinct()
        return qs


def locale_choices():
    return [(loc.language_code, loc.get_display_name()) for loc in Locale.objects.all()]


class EventFilterSet(PageFilterSet):
    organiser = OrganiserFilter(
        label=_("Organiser"),
        queryset=lambda request: organisation_queryset(request),
        widget=forms.CheckboxSelectMultiple,
    )
    start = DateFromToRangeFilter(label=_("Start date"), widget=DateRangePickerWidget)
    event_type = ChoiceFilter(
        label=_("Event type"), choices=EventType.choices, empty_label=_("Any")
    )
    status = ChoiceFilter(
        label=_("Event status"), choices=EventStatus.choices, empty_label=_("Any")
    )
    publication = PublicationFilter(
        label=_("Publication status"),
        choices=[("live", _("Live")), ("draft", _("Draft")),
                 ("in-moderation", _("In moderation"))],
        empty_label=_("Any"),
    )
    locale = LocaleFilter(
        label=_("Language"), choices=locale_choices, empty_label=_("All"),
    )

    class Meta:
        model = EventPage
        fields = []


class EventListingViewSet(PageListingViewSet):
    model = EventPage
    name = "event_listing"
    url_prefix = "events"
    icon = "date"
    menu_label = _("Events")
    menu_order = 210
    add_to_admin_menu = True
    filterset_class = EventFilterSet
    columns = PageListingViewSet.columns + [
        DateColumn("start", label=_("Start")),
        Column("event_type", label=_("Type"), accessor="get_event_type_display"),
        Column("status_label", label=_("Event status"), accessor="get_status_display"),
    ]
