"""Flat admin listing of all events with editor-friendly filters.

The listing only shows pages the user may explore (Wagtail's page permission
policy), so an institution editor sees their own organisation's events."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_filters import (
    ChoiceFilter,
    DateFromToRangeFilter,
)
from wagtail.admin.filters import DateRangePickerWidget
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.pages import PageListingViewSet

from cms.institutions.admin_filters import (
    CatalogueFilterSet,
    OrganiserFilter,
    organisation_queryset,
)

from .models import EventPage, EventStatus, EventType


class EventFilterSet(CatalogueFilterSet):
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
