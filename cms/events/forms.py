"""The event edit form: editors type start and end as wall-clock times in the
event's own time zone, whatever their own admin time zone is."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm

from cms.institutions.visibility import keep_hidden_choices, narrow_page_choices

LOCAL_FIELDS = ("start", "end", "registration_deadline")


def as_wall_clock(value: datetime, tz: ZoneInfo) -> datetime | None:
    """Reinterpret an aware datetime's wall-clock reading in ``tz``; None when
    that reading does not exist there (the hour skipped by a DST change)."""
    naive = timezone.make_naive(value, timezone.get_current_timezone())
    candidate = naive.replace(tzinfo=tz)
    round_trip = candidate.astimezone(UTC).astimezone(tz).replace(tzinfo=None)
    return candidate if round_trip == naive else None


class EventPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # other organisations' drafts are neither offered nor named
        narrow_page_choices(self, self.for_user)
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
