"""The time windows of events ("when"), defined once: the events filter set
(listing, API, feeds, exports, widget links) and the search facets use them.

An event is in a window when its span [start, last_end] meets the window;
"past" holds the events that have ended. An open-ended series (no last_end)
is in every window to come."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

WHEN_VALUES = ("upcoming", "this-month", "next-3-months", "past")
WHEN_TITLES = {
    "upcoming": _("Upcoming"),
    "this-month": _("This month"),
    "next-3-months": _("Next three months"),
    "past": _("Past"),
}
# "all": no time filter (the events API's and the widgets' value).
ALL = "all"
DEFAULT = "upcoming"


@dataclass(frozen=True)
class Window:
    ends_from: datetime | None = None  # last_end on or after
    starts_until: datetime | None = None  # start on or before
    ended_before: datetime | None = None  # last_end before (the past)

    def q(self) -> Q:
        """The window as a filter on the fields ``start`` and ``last_end``
        (events and search documents both have them)."""
        condition = Q()
        if self.ends_from is not None:
            condition &= Q(last_end__gte=self.ends_from) | Q(last_end__isnull=True)
        if self.starts_until is not None:
            condition &= Q(start__lte=self.starts_until)
        if self.ended_before is not None:
            condition &= Q(last_end__lt=self.ended_before)
        return condition


def when_window(when: str, now: datetime | None = None) -> Window:
    """The window of a ``when`` value; ``all`` (or anything else) is open."""
    now = now or timezone.now()
    if when == "upcoming":
        return Window(ends_from=now)
    if when == "this-month":
        start = timezone.localtime(now).replace(day=1, hour=0, minute=0, second=0,
                                                microsecond=0)
        end = start + relativedelta(months=1) - timedelta(microseconds=1)
        return Window(ends_from=start, starts_until=end)
    if when == "next-3-months":
        return Window(ends_from=now, starts_until=now + relativedelta(months=3))
    if when == "past":
        return Window(ended_before=now)
    return Window()
