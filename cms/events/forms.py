"""The event edit form: editors type start and end as wall-clock times in the
event's own time zone, whatever their own admin time zone is; the recurrence
rule gets a builder (events/admin/recurrence.js) over its text field."""

import json
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.models import Page

from cms.institutions.visibility import keep_hidden_choices, narrow_page_choices

from . import recurrence

LOCAL_FIELDS = ("start", "end", "registration_deadline")


def as_wall_clock(value: datetime, tz: ZoneInfo) -> datetime | None:
    """Reinterpret an aware datetime's wall-clock reading in ``tz``; None when
    that reading does not exist there (the hour skipped by a DST change)."""
    naive = timezone.make_naive(value, timezone.get_current_timezone())
    candidate = naive.replace(tzinfo=tz)
    round_trip = candidate.astimezone(UTC).astimezone(tz).replace(tzinfo=None)
    return candidate if round_trip == naive else None


#: What the recurrence builder says; translated where it is rendered.
BUILDER_TEXT = {
    "builder": gettext_lazy("Repetition"),
    "repeats": gettext_lazy("Repeats"),
    "never": gettext_lazy("Does not repeat"),
    "DAILY": gettext_lazy("Daily"),
    "WEEKLY": gettext_lazy("Weekly"),
    "MONTHLY": gettext_lazy("Monthly"),
    "every": gettext_lazy("Every"),
    "unit_DAILY": gettext_lazy("days"),
    "unit_WEEKLY": gettext_lazy("weeks"),
    "unit_MONTHLY": gettext_lazy("months"),
    "on": gettext_lazy("On"),
    "ends": gettext_lazy("Ends"),
    "ends_never": gettext_lazy("Never"),
    "ends_until": gettext_lazy("On a date"),
    "ends_count": gettext_lazy("After a number of times"),
    "until": gettext_lazy("Last date"),
    "count": gettext_lazy("Number of times"),
    "exceptions": gettext_lazy("Dates without an occurrence"),
    "add": gettext_lazy("Add date"),
    "remove": gettext_lazy("Remove %(item)s"),
    "preview": gettext_lazy("Next occurrences"),
    "no_start": gettext_lazy("Give the start to see the occurrences."),
    "none": gettext_lazy("No occurrences."),
    "more": gettext_lazy("and more"),
    "as_text": gettext_lazy("Edit the rule as text"),
    "custom": gettext_lazy(
        "This rule uses parts the builder does not offer: edit it as text below."),
}


class RecurrenceRuleInput(forms.TextInput):
    """The RRULE text field with the builder's settings; the builder itself is
    drawn by recurrence.js, so without JavaScript the text field remains."""

    template_name = "events/admin/recurrence_widget.html"

    class Media:
        js = ["events/admin/recurrence.js"]
        css = {"all": ["events/admin/recurrence.css"]}

    def get_context(self, name: str, value: Any, attrs: dict | None) -> dict:
        context = super().get_context(name, value, attrs)
        context["preview_url"] = reverse("events_recurrence_preview")
        context["builder_text"] = json.dumps({k: str(v) for k, v in BUILDER_TEXT.items()})
        return context


def page_label(page: Page) -> str:
    """Institutions and expertise exist once per language: say which."""
    return f"{page.title} ({page.locale.language_code})"


class EventPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # other organisations' drafts are neither offered nor named
        narrow_page_choices(self, self.for_user)
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and issubclass(queryset.model, Page) and hasattr(
                    field, "label_from_instance"):
                field.queryset = queryset.select_related("locale")
                field.label_from_instance = page_label
        instance = self.instance
        if instance and instance.pk and instance.time_zone:
            tz = ZoneInfo(instance.time_zone)
            current = timezone.get_current_timezone()
            for name in LOCAL_FIELDS:
                value = getattr(instance, name, None)
                if value and name in self.fields:
                    wall = value.astimezone(tz).replace(tzinfo=None)
                    self.initial[name] = timezone.make_aware(wall, current)

    def clean(self):
        cleaned = keep_hidden_choices(self, super().clean())
        tz_name = cleaned.get("time_zone")
        try:
            tz = ZoneInfo(tz_name) if tz_name else None
        except (ZoneInfoNotFoundError, ValueError):
            tz = None
        if tz is None:
            return cleaned
        rule = cleaned.get("recurrence_rule")
        if rule:
            try:  # a date the builder wrote, stored in UTC as RFC 5545 wants
                cleaned["recurrence_rule"] = recurrence.normalise_until(rule, tz_name)
            except recurrence.RecurrenceError as error:
                self.add_error("recurrence_rule", str(error))
        for name in LOCAL_FIELDS:
            value = cleaned.get(name)
            if not value:
                continue
            local = as_wall_clock(value, tz)
            if local is None:
                self.add_error(name, _(
                    "This time does not exist in %(zone)s: the clocks skip it for "
                    "daylight saving time. Choose a time an hour later."
                ) % {"zone": tz_name})
            else:
                cleaned[name] = local
        return cleaned
