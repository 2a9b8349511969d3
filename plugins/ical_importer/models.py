"""Scheduled feeds (edited in the admin) and the UID -> event page mapping that
makes re-imports update the same pages instead of creating new ones."""

from __future__ import annotations

from datetime import datetime, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel

from cms.events.models import EventType

from .fetch import claim_timeout

ORGANISER_TYPES = ["institutions.InstitutionPage", "institutions.RepresentationPage"]
FEED_URL_SCHEMES = ["http", "https", "webcal"]


class Interval(models.IntegerChoices):
    """How often a feed is fetched, in minutes."""

    QUARTER = 15, _("every 15 minutes")
    HOUR = 60, _("every hour")
    THREE_HOURS = 180, _("every 3 hours")
    SIX_HOURS = 360, _("every 6 hours")
    TWELVE_HOURS = 720, _("every 12 hours")
    DAY = 1440, _("daily")
    WEEK = 10080, _("weekly")


class RunStatus(models.TextChoices):
    NEVER = "", _("not run yet")
    OK = "ok", _("imported")
    PARTIAL = "partial", _("imported, some events skipped")
    FAILED = "failed", _("feed could not be read")


class IcsFeed(models.Model):
    """An iCalendar feed harvested on a schedule (``import_events --due``)."""

    name = models.CharField(_("name"), max_length=200)
    url = models.CharField(
        _("feed URL"), max_length=1000,
        validators=[URLValidator(schemes=FEED_URL_SCHEMES)],
        help_text=_("http(s) or webcal address of the .ics feed."),
    )
    organiser = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+",
        verbose_name=_("organiser"),
        help_text=_("The institution or representation the events belong to."),
    )
    # No model-level choices: adding an event type must not need a migration here.
    event_type = models.CharField(
        _("default event type"), max_length=40, default=EventType.OTHER,
        help_text=_("Used when an event's CATEGORIES name no event type."),
    )
    enabled = models.BooleanField(_("enabled"), default=True)
    interval = models.PositiveIntegerField(
        _("fetch"), choices=Interval.choices, default=Interval.SIX_HOURS)
    last_run_at = models.DateTimeField(_("last run"), null=True, blank=True,
                                       editable=False)
    # A run in progress (see feeds.run_feed): set when a run starts, refreshed
    # while it imports, cleared when it ends. A claim older than
    # HUB_ICAL_IMPORT["claim_timeout"] belongs to a run that died.
    claimed_at = models.DateTimeField(_("running since"), null=True, blank=True,
                                      editable=False)
    # "Run now" in the admin: the next run (worker or import_events --due)
    # takes the feed whatever its interval.
    run_requested_at = models.DateTimeField(_("run requested"), null=True,
                                            blank=True, editable=False)
    last_status = models.CharField(_("last result"), max_length=10, blank=True,
                                   choices=RunStatus.choices, editable=False)
    last_summary = models.TextField(_("last summary"), blank=True, editable=False)
    last_errors = models.TextField(_("last errors"), blank=True, editable=False)

    panels = [
        FieldPanel("name"),
        FieldPanel("url"),
        PageChooserPanel("organiser", ORGANISER_TYPES),
        MultiFieldPanel([FieldPanel("event_type", widget=forms.Select(
            choices=EventType.choices)), FieldPanel("interval"),
                         FieldPanel("enabled")], heading=_("Import")),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("iCalendar feed")
        verbose_name_plural = _("iCalendar feeds")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.event_type not in EventType.values:
            raise ValidationError({"event_type": _("Choose one of the event types.")})
        if self.organiser_id:
            model = self.organiser.specific_class
            label = f"{model._meta.app_label}.{model.__name__}" if model else ""
            if label not in ORGANISER_TYPES:
                raise ValidationError({"organiser": _(
                    "Choose an institution or a representation.")})

    @property
    def source_key(self) -> str:
        """Events removed from this feed are looked up by this key, so editing
        the URL (http -> https) keeps the feed's events together."""
        return f"feed:{self.pk}"

    def next_run_at(self) -> datetime | None:
        if self.last_run_at is None:
            return None
        return self.last_run_at + timedelta(minutes=self.interval)

    def is_running(self, now: datetime | None = None) -> bool:
        """A run holds the feed and has not gone silent for longer than the
        claim timeout."""
        now = now or timezone.now()
        return (self.claimed_at is not None
                and self.claimed_at > now - timedelta(seconds=claim_timeout()))

    def is_due(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        if self.is_running(now):
            return False
        if self.run_requested_at is not None:
            return True
        next_run = self.next_run_at()
        return self.enabled and (next_run is None or next_run <= now)


class ImportedEvent(models.Model):
    """One event page made from one VEVENT. ``instance`` is empty for the event
    itself, or names one extra date of it (``rdate:…``) or one changed
    occurrence (``recurrence-id:…``): those get pages of their own."""

    organiser = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE,
                                  related_name="+")
    uid = models.CharField(max_length=500)
    instance = models.CharField(max_length=100, blank=True)
    page = models.OneToOneField("events.EventPage", on_delete=models.CASCADE,
                                related_name="imported_from")
    source = models.CharField(
        max_length=1000, db_index=True,
        help_text="Feed key (feed:<id>) or the file/URL given on the command line.")
    sequence = models.IntegerField(default=0)
    last_modified = models.DateTimeField(null=True, blank=True)
    fingerprint = models.CharField(max_length=64, blank=True)
    first_imported_at = models.DateTimeField(auto_now_add=True)
    last_seen_at = models.DateTimeField(null=True, blank=True)
    removed_at = models.DateTimeField(
        null=True, blank=True,
        help_text="When the event disappeared from its feed (its page was "
                  "marked cancelled).")

    class Meta:
        constraints = [models.UniqueConstraint(
            fields=["organiser", "uid", "instance"], name="hub_ical_unique_uid")]

    def __str__(self) -> str:
        return f"{self.uid} {self.instance}".strip()
