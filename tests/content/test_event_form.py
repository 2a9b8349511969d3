"""Editors type event times as wall-clock times in the event's own zone."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from cms.events.forms import as_wall_clock


def test_wall_clock_is_reinterpreted_in_event_zone():
    with timezone.override(ZoneInfo("Europe/Brussels")):
        typed = timezone.make_aware(datetime(2030, 6, 1, 10, 0))  # 10:00 as typed
        local = as_wall_clock(typed, ZoneInfo("Asia/Tokyo"))
    assert local.hour == 10 and local.utcoffset().total_seconds() == 9 * 3600
    assert local.astimezone(ZoneInfo("UTC")).hour == 1


def test_time_skipped_by_dst_is_refused():
    with timezone.override(ZoneInfo("UTC")):
        typed = timezone.make_aware(datetime(2030, 3, 31, 2, 30))
        assert as_wall_clock(typed, ZoneInfo("Europe/Brussels")) is None
        assert as_wall_clock(typed, ZoneInfo("Asia/Tokyo")) is not None
