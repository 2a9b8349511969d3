"""Outreach events: the event index (public listing) and the event page.

An event lives below its organiser's page (an institution or a representation);
the organiser is therefore where the event sits in the tree, never a free field
that could disagree with who may edit it."""

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.fields import RichTextField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from cms.core import registry, timefmt
from cms.core.choices import Audience, language_choices
from cms.core.fields import ChoiceListField
from cms.core.models import BODY_FEATURES, CataloguePage
from cms.core.validators import time_zone_choices, validate_time_zone
from cms.core.widgets import LongSelect, SearchableCheckboxSelectMultiple
from cms.institutions.models import InstitutionPage, discipline_facets

from . import recurrence
from .forms import EventPageForm, RecurrenceRuleInput
from .structured_data import event as event_json_ld

# Open-ended recurring series never end; a far date keeps search range filters
# simple.
SEARCH_OPEN_END = datetime(2999, 12, 31, tzinfo=UTC)

class EventType(models.TextChoices):
    MINISTERIAL_MISSION = "ministerial-mission", _("Ministerial mission")
    EDUCATION_FAIR = "education-fair", _("Education fair")
    INFO_SESSION = "info-session", _("Information session")
    SCHOLARSHIP_SESSION = "scholarship-session", _("Scholarship session")
    SCIENCE_DIPLOMACY_SEMINAR = "science-diplomacy-seminar", _("Science-diplomacy seminar")
    ALUMNI_EVENT = "alumni-event", _("Alumni event")
    WEBINAR = "webinar", _("Webinar")
    CONFERENCE = "conference", _("Conference")
    NETWORKING = "networking", _("Networking reception")
    OTHER = "other", _("Other")


class AttendanceMode(models.TextChoices):
    """schema.org EventAttendanceModeEnumeration."""

    OFFLINE = "offline", _("In person")
    ONLINE = "online", _("Online")
    MIXED = "mixed", _("In person and online")


class EventStatus(models.TextChoices):
    """schema.org EventStatusType."""

    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")
    POSTPONED = "postponed", _("Postponed")
    RESCHEDULED = "rescheduled", _("Rescheduled")
    MOVED_ONLINE = "moved-online", _("Moved online")


class EventPageQuerySet(PageQuerySet):
    def upcoming(self, now: datetime | None = None) -> "EventPageQuerySet":
        """Events that have not ended yet, including recurring series with
        occurrences to come (an open-ended series is always upcoming)."""
        now = now or timezone.now()
        return self.filter(Q(last_end__gte=now) | Q(last_end__isnull=True))

    def past(self, now: datetime | None = None) -> "EventPageQuerySet":
        now = now or timezone.now()
        return self.filter(last_end__lt=now)


EventPageManager = PageManager.from_queryset(EventPageQuerySet)


class EventIndexPage(Page):
    """The public events listing; events themselves live below their organiser."""

    intro = RichTextField(_("introduction"), features=["bold", "italic", "link"], blank=True)
    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["core.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("event index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # the listing is its type's (cms.core.registry; events/listing.py)
        context.update(registry.catalogue_type("events").listing_context(request, self))
        return context


class EventPage(CataloguePage):
    body = RichTextField(_("body"), features=BODY_FEATURES, blank=True)
    event_type = models.CharField(_("event type"), max_length=40, choices=EventType.choices)

    start = models.DateTimeField(_("start"), db_index=True)
    end = models.DateTimeField(_("end"))
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="Europe/Brussels",
        choices=time_zone_choices, validators=[validate_time_zone],
        help_text=_("Start and end are entered in this time zone."),
    )
    all_day = models.BooleanField(_("all day"), default=False)
    recurrence_rule = models.CharField(
        _("recurrence rule"), max_length=300, blank=True,
        help_text=_("Optional RFC 5545 RRULE, e.g. FREQ=WEEKLY;BYDAY=TU;COUNT=6"),
    )
    recurrence_exceptions = models.TextField(
        _("excluded dates"), blank=True,
        help_text=_("One date (YYYY-MM-DD) per line: occurrences that do not take place."),
    )
    # End of the last occurrence (= end for one-off events); None for an
    # open-ended series. Derived on save; used by the upcoming/past filters.
    last_end = models.DateTimeField(null=True, editable=False, db_index=True)

    attendance_mode = models.CharField(
        _("attendance mode"), max_length=20, choices=AttendanceMode.choices,
        default=AttendanceMode.OFFLINE,
    )
    status = models.CharField(
        _("status"), max_length=20, choices=EventStatus.choices,
        default=EventStatus.SCHEDULED,
    )
    # schema.org previousStartDate: what a rescheduled event's notice and
    # JSON-LD say it moved from.
    previous_start = models.DateTimeField(
        _("originally planned start"), null=True, blank=True,
        help_text=_("For a rescheduled event: the start it had before, in the "
                    "event's time zone. Shown in the notice on its page."),
    )
    venue_name = models.CharField(_("venue"), max_length=200, blank=True)
    venue_address = models.CharField(_("address"), max_length=300, blank=True)
    venue_city = models.CharField(_("city"), max_length=100, blank=True)
    venue_country = CountryField(_("country"), blank=True, db_index=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    online_url = models.URLField(_("online URL"), blank=True)

    participating_institutions = ParentalManyToManyField(
        "institutions.InstitutionPage", blank=True, related_name="participating_events",
        verbose_name=_("participating institutions"),
    )
    related_expertise = ParentalManyToManyField(
        "expertise.ExpertisePage", blank=True, related_name="related_events",
        verbose_name=_("related expertise"),
    )
    disciplines = ParentalManyToManyField(
        "institutions.Discipline", blank=True, related_name="events",
        verbose_name=_("disciplines"),
    )
    audience = ChoiceListField(_("audience"), choices=Audience.choices)
    languages = ChoiceListField(_("languages"), choices=language_choices)
    registration_url = models.URLField(_("registration URL"), blank=True)
    registration_deadline = models.DateTimeField(_("registration deadline"), null=True, blank=True)

    objects = EventPageManager()
    base_form_class = EventPageForm

    # The edit form in tabs (TabbedInterface below); the status sits with the
    # dates it qualifies. Long choice lists get a filter box (cms/core/widgets.py).
    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("event_type"),
        FieldPanel("body"),
    ]
    when_panels = [
        FieldRowPanel([FieldPanel("status"), FieldPanel("previous_start")]),
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
        FieldRowPanel([FieldPanel("time_zone", widget=LongSelect),
                       FieldPanel("all_day")]),
        MultiFieldPanel(
            [
                FieldPanel("recurrence_rule", widget=RecurrenceRuleInput),
                FieldPanel("recurrence_exceptions"),
            ],
            heading=_("Repeats"),
        ),
    ]
    where_panels = [
        FieldPanel("attendance_mode"),
        FieldPanel("venue_name"), FieldPanel("venue_address"),
        FieldRowPanel([FieldPanel("venue_city"),
                       FieldPanel("venue_country", widget=LongSelect)]),
        FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
        FieldPanel("online_url"),
    ]
    organisation_panels = [
        FieldPanel("participating_institutions", widget=SearchableCheckboxSelectMultiple),
        FieldPanel("related_expertise", widget=SearchableCheckboxSelectMultiple),
        FieldPanel("disciplines", widget=SearchableCheckboxSelectMultiple),
        FieldPanel("audience"),
        FieldPanel("languages", widget=SearchableCheckboxSelectMultiple),
    ]
    promotion_panels = [
        MultiFieldPanel(
            [FieldPanel("registration_url"), FieldPanel("registration_deadline")],
            heading=_("Registration"),
        ),
        *CataloguePage.promote_panels,
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(when_panels, heading=_("When")),
            ObjectList(where_panels, heading=_("Where")),
            ObjectList(organisation_panels, heading=_("Organisation and audience")),
            ObjectList(promotion_panels, heading=_("Promotion")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ],
        base_form_class=EventPageForm,
    )
    search_fields = CataloguePage.search_fields + [
        index.SearchField("body"),
        index.SearchField("venue_name"),
        index.SearchField("venue_city"),
        index.AutocompleteField("title"),
        index.FilterField("event_type"),
        index.FilterField("status"),
        index.FilterField("start"),
        index.FilterField("venue_country"),
    ]
    translatable_fields = [
        TranslatableField("title"), TranslatableField("slug"),
        TranslatableField("summary"), TranslatableField("body"),
        TranslatableField("venue_name"),
        SynchronizedField("event_type"), SynchronizedField("start"),
        SynchronizedField("end"), SynchronizedField("time_zone"),
        SynchronizedField("all_day"), SynchronizedField("recurrence_rule"),
        SynchronizedField("recurrence_exceptions"),
        SynchronizedField("attendance_mode"), SynchronizedField("status"),
        SynchronizedField("previous_start"),
        SynchronizedField("venue_address"), SynchronizedField("venue_city"),
        SynchronizedField("venue_country"), SynchronizedField("latitude"),
        SynchronizedField("longitude"), SynchronizedField("online_url"),
        SynchronizedField("participating_institutions"),
        SynchronizedField("related_expertise"), SynchronizedField("disciplines"),
        SynchronizedField("audience"), SynchronizedField("languages"),
        SynchronizedField("registration_url"),
        SynchronizedField("registration_deadline"), SynchronizedField("external_id"),
    ]
    parent_page_types = ["institutions.InstitutionPage", "institutions.RepresentationPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("event")
        ordering = ["start"]

    # -- search --------------------------------------------------------------
    search_document_type = "event"
    search_facet_names = ("event_type", "field", "discipline", "organiser",
                          "institution", "country", "audience", "language", "status")
    search_type_title = _("Events")
    search_kind_title = _("event")

    def structured_data(self, request: HttpRequest | None = None) -> dict:
        return event_json_ld(self, request)

    def oembed_card(self) -> tuple[str, str]:
        """(above the title, below it) on the oEmbed card (cms/core/oembed.py),
        in the page's language: its status and dates, or its notice."""
        language = self.locale.language_code
        when = timefmt.event_when(self, language)
        if self.status != EventStatus.SCHEDULED:
            when = f"{timefmt.status_label(self, language)} · {when}"
        where = ", ".join(v for v in (self.venue_name, self.venue_city) if v)
        if self.is_moved_online or (self.is_online and not where):
            with translation.override(language):
                where = gettext("Online")
        return self.get_event_type_display(), " · ".join(v for v in (when, where) if v)

    def search_body(self) -> str:
        return " ".join((self.body, self.venue_name, self.venue_city))

    def search_organisations(self) -> list[Page]:
        organiser = self.organiser
        return [organiser, *self.participating_institutions.all()] if organiser else []

    @classmethod
    def search_facet_labels(cls) -> dict[str, dict[str, str]]:
        return {"event_type": dict(EventType.choices),
                "status": dict(EventStatus.choices)}

    @classmethod
    def search_mentioning(cls, translation_key) -> QuerySet:
        return cls.objects.filter(participating_institutions__translation_key=(
            translation_key))

    def search_document_fields(self) -> dict:
        location = None
        if self.latitude is not None and self.longitude is not None:
            location = {"lat": float(self.latitude), "lon": float(self.longitude)}
        last_end = self.last_end or (SEARCH_OPEN_END if self.is_recurring
                                     else self.end)
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "next_start": self.next_start.isoformat(),
            "last_end": last_end.isoformat(),
            "time_zone": self.time_zone,
            "all_day": self.all_day,
            "recurring": self.is_recurring,
            "status": self.status,
            # The place is named in the reader's language when a search is
            # answered (search.facets.place_label), from the city and the code.
            "venue_city": self.venue_city,
            "venue_country": self.venue_country.code or "",
            "location": location,
            "sort_date": self.next_start.isoformat(),
        }

    def search_facets(self) -> dict[str, list[str]]:
        organisations = self.search_organisations()
        return {
            "event_type": [self.event_type],
            "organiser": [organisations[0].public_id] if organisations else [],
            "institution": [
                o.public_id for o in organisations if isinstance(o, InstitutionPage)
            ],
            "country": [self.venue_country.code] if self.venue_country else [],
            "audience": list(self.audience),
            "language": list(self.languages),
            "status": [self.status],
            **discipline_facets(self.disciplines.all()),
        }

    # -- derived values -------------------------------------------------------
    @cached_property
    def organiser(self) -> Page | None:
        parent = self.get_parent()
        return parent.specific if parent else None

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @property
    def local_start(self) -> datetime:
        return self.start.astimezone(self.tz)

    @property
    def local_end(self) -> datetime:
        return self.end.astimezone(self.tz)

    @property
    def is_recurring(self) -> bool:
        return bool(self.recurrence_rule.strip())

    @property
    def is_online(self) -> bool:
        return self.attendance_mode != AttendanceMode.OFFLINE or (
            self.status == EventStatus.MOVED_ONLINE
        )

    @property
    def is_multi_day(self) -> bool:
        return self.local_start.date() != self.local_end.date()

    def occurrences(self, limit: int = 50) -> list[tuple[datetime, datetime]]:
        if not self.is_recurring:
            return [(self.start, self.end)]
        return list(recurrence.occurrences(
            self.recurrence_rule, self.start, self.end, self.time_zone,
            self.recurrence_exceptions, limit=limit,
        ))

    def next_occurrence(self, now: datetime | None = None) -> tuple[datetime, datetime]:
        now = now or timezone.now()
        for occ_start, occ_end in self.occurrences(limit=recurrence.MAX_OCCURRENCES):
            if occ_end >= now:
                return occ_start, occ_end
        return self.start, self.end

    @cached_property
    def next_span(self) -> tuple[datetime, datetime]:
        """(start, end) of the next occurrence still to come; the event's own
        span for a one-off event."""
        return self.next_occurrence() if self.is_recurring else (self.start, self.end)

    @cached_property
    def next_start(self) -> datetime:
        """Start of the next occurrence still to come (listings show this, so a
        series that began last month is listed at its coming date)."""
        return self.next_span[0]

    # -- how it reads (cms/core/timefmt.py), in the active language ------------
    def when_text(self, language: str | None = None) -> str:
        return timefmt.event_when(self, language)

    def time_zone_label(self, language: str | None = None) -> str:
        return timefmt.event_zone_label(self, language)

    def status_notice(self, language: str | None = None) -> str:
        return timefmt.status_notice(self, language)

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED

    @property
    def is_moved_online(self) -> bool:
        return self.status == EventStatus.MOVED_ONLINE

    def compute_last_end(self) -> datetime | None:
        if not self.is_recurring:
            return self.end
        if not recurrence.is_bounded(self.recurrence_rule):
            return None
        *_, last = [None, *recurrence.occurrences(
            self.recurrence_rule, self.start, self.end, self.time_zone,
            self.recurrence_exceptions,
        )]
        return last[1] if last else self.end

    # -- validation -----------------------------------------------------------
    def _normalise_all_day(self) -> None:
        """All-day events run from local midnight of the first day to the last
        second of the last day, in the event's zone."""
        if not (self.all_day and self.start and self.end and self.time_zone):
            return
        tz = ZoneInfo(self.time_zone)
        first = self.start.astimezone(tz).date()
        last = self.end.astimezone(tz).date()
        self.start = datetime.combine(first, time.min, tzinfo=tz)
        self.end = datetime.combine(last, time(23, 59, 59), tzinfo=tz)

    def clean(self) -> None:
        super().clean()
        errors: dict[str, list[str]] = {}

        def add(field: str, message: str) -> None:
            errors.setdefault(field, []).append(message)

        if self.time_zone:
            try:
                validate_time_zone(self.time_zone)
            except ValidationError:
                add("time_zone", _("Choose an IANA time zone such as Asia/Tokyo."))
                self.time_zone = ""
        if self.time_zone:
            self._normalise_all_day()
        if self.start and self.end and self.end <= self.start and not self.all_day:
            add("end", _("The end must be after the start."))
        if self.start and self.end and self.all_day and self.end < self.start:
            add("end", _("The last day must not be before the first day."))
        if self.registration_deadline and self.end and self.registration_deadline > self.end:
            add("registration_deadline", _("The registration deadline must be before the event ends."))
        if self.registration_deadline and not self.registration_url:
            add("registration_url", _("Give the registration URL that the deadline applies to."))
        needs_online = self.attendance_mode in (AttendanceMode.ONLINE, AttendanceMode.MIXED) or (
            self.status == EventStatus.MOVED_ONLINE
        )
        if needs_online and not self.online_url:
            add("online_url", _("Online and hybrid events need the URL where people join."))
        if self.attendance_mode in (AttendanceMode.OFFLINE, AttendanceMode.MIXED) and (
            self.status != EventStatus.MOVED_ONLINE
        ) and not (self.venue_name or self.venue_city):
            add("venue_name", _("In-person events need a venue name or at least a city."))
        if (self.latitude is None) != (self.longitude is None):
            add("longitude", _("Give both latitude and longitude, or neither."))
        if self.recurrence_rule.strip() and self.start and self.end and self.time_zone:
            try:
                recurrence.build_ruleset(
                    self.recurrence_rule, self.start, self.time_zone,
                    self.recurrence_exceptions,
                )
            except recurrence.RecurrenceError as exc:
                add("recurrence_rule", str(exc))
        elif self.recurrence_exceptions.strip() and not self.recurrence_rule.strip():
            add("recurrence_exceptions", _("Excluded dates need a recurrence rule."))
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.last_end = self.compute_last_end() if self.start and self.end else None
        return super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["occurrences"] = self.occurrences(limit=12) if self.is_recurring else []
        return context
