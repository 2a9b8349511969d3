"""Flat admin listing of all events with editor-friendly filters.

The listing only shows pages the user may explore (Wagtail's page permission
policy), so an institution editor sees their own organisation's events.

One row per event: its translations (pages sharing a ``translation_key``)
are one row, shown in the editor's admin language when that translation
exists, with every language as a badge that opens that translation. The rows
are rendered without Wagtail's per-row button hooks (wagtail-localize's ran
two queries a row); the queries of a page of rows do not grow with its size.
"""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import (
    Case,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.http import HttpRequest, JsonResponse
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_filters import (
    ChoiceFilter,
    DateFromToRangeFilter,
)
from wagtail.admin.filters import DateRangePickerWidget
from wagtail.admin.ui.tables import Column
from wagtail.admin.ui.tables.pages import PageTitleColumn
from wagtail.admin.views.pages.listing import IndexView
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.models import Locale, Page

from cms.core import timefmt
from cms.core.validators import validate_time_zone
from cms.institutions.admin_filters import (
    CatalogueFilterSet,
    OrganiserFilter,
    organisation_queryset,
)

from . import recurrence
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


class EventTitleColumn(PageTitleColumn):
    """The title, linked to the edit form, with a "view live" link; no
    per-row button hooks (their queries grew with the rows)."""

    cell_template_name = "events/admin/title_cell.html"


class StartColumn(Column):
    """The start as the event's own wall-clock time and zone, in the editor's
    language ("4 May 2027, 19:00 Tokyo time"), never relative to now."""

    cell_template_name = "events/admin/start_cell.html"

    def get_cell_context_data(self, instance: EventPage, parent_context) -> dict:
        context = super().get_cell_context_data(instance, parent_context)
        language = translation.get_language()
        context["text"] = timefmt.format_moment(
            instance.start, instance.time_zone, language, all_day=instance.all_day,
            long=False)
        context["recurring"] = instance.is_recurring
        return context


class LanguagesColumn(Column):
    """Every translation of the row's event as a badge, linked to its edit
    form when the editor may edit it (filled in by the view, one query)."""

    cell_template_name = "events/admin/languages_cell.html"

    def get_value(self, instance: EventPage) -> list[dict]:
        return getattr(instance, "hub_translations", [])


def one_per_translation(pages: QuerySet, preferred: Locale | None) -> QuerySet:
    """``pages`` narrowed to one page per ``translation_key``: the one in the
    ``preferred`` locale when it is among them, else the oldest (the page the
    others were translated from). Done in SQL, so counts and pages agree."""
    members = EventPage.objects.filter(pk__in=pages.order_by().values("pk"))
    rank = Case(
        When(locale_id=preferred.pk if preferred else None, then=Value(0)),
        default=Value(1), output_field=IntegerField(),
    )
    members = members.annotate(hub_rank=rank)
    better = members.filter(translation_key=OuterRef("translation_key")).filter(
        Q(hub_rank__lt=OuterRef("hub_rank"))
        | Q(hub_rank=OuterRef("hub_rank"), pk__lt=OuterRef("pk"))
    )
    chosen = members.filter(~Exists(better)).values("pk")
    return pages.filter(pk__in=chosen)


class EventIndexView(IndexView):
    show_locale_labels = False  # the languages column says more
    # Editors look for an event by when it happens, not when it was edited.
    default_ordering = "start"

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)
        language = translation.get_language() or ""
        preferred = Locale.objects.filter(
            language_code=language.split("-")[0]).first()
        return one_per_translation(queryset, preferred)

    def get_context_data(self, **kwargs: Any) -> dict:
        context = super().get_context_data(**kwargs)
        attach_translations(list(context["object_list"]), self.request.user,
                            self.permission_policy)
        return context


def attach_translations(pages: list[Page], user: Any, policy: Any) -> None:
    """Set ``hub_translations`` on each of ``pages``: its group's pages that
    ``user`` may explore, as dicts for the languages column."""
    keys = {page.translation_key for page in pages}
    if not keys:
        return
    translations = (
        policy.explorable_instances(user).filter(translation_key__in=keys)
        .select_related("locale").order_by("locale__language_code")
    )
    groups: dict[Any, list[dict]] = {}
    for page in translations:
        groups.setdefault(page.translation_key, []).append({
            "pk": page.pk, "code": page.locale.language_code,
            "name": page.locale.get_display_name(), "live": page.live,
            "can_edit": page.permissions_for_user(user).can_edit(),
        })
    for page in pages:
        page.hub_translations = [
            dict(item, current=item["pk"] == page.pk)
            for item in groups.get(page.translation_key, [])
        ]


class EventListingViewSet(PageListingViewSet):
    model = EventPage
    name = "event_listing"
    url_prefix = "events"
    icon = "date"
    menu_label = _("Events")
    menu_order = 210
    add_to_admin_menu = True
    index_view_class = EventIndexView
    filterset_class = EventFilterSet
    columns = [
        column for column in PageListingViewSet.columns if column.name != "title"
    ]
    columns.insert(1, EventTitleColumn("title", label=_("Title"), sort_key="title",
                                       classname="title"))
    columns += [
        StartColumn("start", label=_("Start"), sort_key="start"),
        LanguagesColumn("languages", label=_("Languages")),
        Column("event_type", label=_("Type"), accessor="get_event_type_display"),
        Column("status_label", label=_("Event status"), accessor="get_status_display"),
    ]


# -- the recurrence builder's preview (events/admin/recurrence.js) --------------
PREVIEW_DEFAULT, PREVIEW_MAX = 6, 20


def _typed_start(raw: str, tz: ZoneInfo) -> datetime:
    """The start as the editor typed it ("2027-05-04 10:00"), in the event's
    zone (the edit form reads it so too: forms.py)."""
    text = raw.strip().replace("T", " ")
    for pattern in ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, pattern).replace(tzinfo=tz)
        except ValueError:
            continue
    raise ValueError(raw)


def recurrence_preview(request: HttpRequest) -> JsonResponse:
    """The next occurrences of a rule as the builder has it, validated by the
    same code as the model (cms/events/recurrence.py): 400 with a message for
    anything it refuses."""
    params = request.GET
    zone = params.get("time_zone", "")
    try:
        validate_time_zone(zone)
        tz = ZoneInfo(zone)
    except (ValidationError, ValueError, ZoneInfoNotFoundError):
        return JsonResponse({"error": gettext("Choose a valid time zone.")}, status=400)
    try:
        start = _typed_start(params.get("start", ""), tz)
    except ValueError:
        return JsonResponse({"error": gettext("Give the start to see the occurrences.")},
                            status=400)
    try:
        limit = min(max(int(params.get("limit", PREVIEW_DEFAULT)), 1), PREVIEW_MAX)
    except ValueError:
        limit = PREVIEW_DEFAULT
    rule = params.get("rule", "").strip()
    all_day = params.get("all_day") in ("1", "true", "on")
    language = translation.get_language()
    try:
        found = list(recurrence.occurrences(
            rule, start, start, zone, params.get("exceptions", ""), limit=limit + 1,
        )) if rule else [(start, start)]
        normalised = recurrence.normalise_until(rule, zone) if rule else ""
    except recurrence.RecurrenceError as error:
        return JsonResponse({"error": str(error)}, status=400)
    items = [{
        "start": occurrence.isoformat(),
        "text": timefmt.format_day(occurrence.astimezone(tz), language) + (
            "" if all_day
            else ", " + timefmt.format_clock(occurrence.astimezone(tz), language)),
    } for occurrence, _end in found[:limit]]
    return JsonResponse({
        "occurrences": items, "more": len(found) > limit, "rule": normalised,
        "zone": timefmt.zone_label(zone, language),
    })
