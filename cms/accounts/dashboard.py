"""The admin dashboard's panel for an editor's organisation: its drafts
awaiting review, its upcoming events and its expertise nobody has updated for
a year, each linking to the edit form.

An editor's organisations are the institutions and representations whose
pages their groups have rights on (``<Org> editors`` and ``<Org> moderators``,
cms/institutions/permissions.py); their content is the pages below any
translation of the organisation's page. Users with rights on whole language
trees (the Department, superusers) see no such panel: they edit everything."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.admin.ui.components import Component
from wagtail.models import Page, WorkflowState

from cms.core.timefmt import format_day
from cms.events.models import EventPage
from cms.expertise.models import ExpertisePage
from cms.institutions.models import InstitutionPage, RepresentationPage

SHOWN = 5  # items per list; the count says how many there are
STALE_AFTER = timedelta(days=365)


@dataclass
class Item:
    page: Page
    note: str  # when, in the editor's language

    @property
    def edit_url(self) -> str:
        return reverse("wagtailadmin_pages:edit", args=[self.page.pk])


@dataclass
class Listing:
    items: list[Item]
    count: int


def _day(moment) -> str:
    return format_day(timezone.localtime(moment), weekday=False) if moment else ""


def _preferred(pages, language: str) -> list[Page]:
    """One page per translation key, in ``language`` where it has that
    translation, in the queryset's order."""
    chosen: dict[str, Page] = {}
    for page in pages:
        key = str(page.translation_key)
        if key not in chosen or page.locale.language_code == language:
            chosen[key] = page
    order = {str(page.translation_key): index for index, page
             in reversed(list(enumerate(pages)))}
    return sorted(chosen.values(), key=lambda page: order[str(page.translation_key)])


def editor_organisations(user) -> list[Page]:
    """The organisations ``user`` edits through their groups, one page each
    (in the active language where translated), by name."""
    if not (user.is_authenticated and user.is_active):
        return []
    keys = (Page.objects.type(InstitutionPage, RepresentationPage)
            .filter(group_permissions__group__user=user)
            .values("translation_key"))
    pages = (Page.objects.filter(translation_key__in=keys)
             .select_related("locale").order_by("title"))
    return _preferred(list(pages), translation.get_language() or "")


def _below(organisation: Page) -> Q:
    """Every page below any translation of ``organisation``."""
    paths = Page.objects.filter(translation_key=organisation.translation_key)
    below = Q(pk__in=[])
    for path, depth in paths.values_list("path", "depth"):
        below |= Q(path__startswith=path, depth__gt=depth)
    return below


def drafts_awaiting_review(organisation: Page) -> Listing:
    """Pages of the organisation in a review workflow, each translation apart
    (each is reviewed on its own), latest first."""
    own = Q(translation_key=organisation.translation_key)
    pages = (Page.objects.filter(_below(organisation) | own)
             .filter(_workflow_states__status=WorkflowState.STATUS_IN_PROGRESS)
             .select_related("locale").distinct()
             .order_by("-latest_revision_created_at"))
    items = [Item(page, _("%(language)s, last saved %(day)s") % {
        "language": page.locale.get_display_name(),
        "day": _day(page.latest_revision_created_at)}) for page in pages[:SHOWN]]
    return Listing(items, pages.count())


def upcoming_events(organisation: Page) -> Listing:
    events = (EventPage.objects.live().upcoming().filter(_below(organisation))
              .select_related("locale").order_by("start"))
    shown = _preferred(list(events), translation.get_language() or "")
    items = [Item(event, event.when_text()) for event in shown[:SHOWN]]
    return Listing(items, len(shown))


def stale_expertise(organisation: Page) -> Listing:
    """Published expertise of which no translation was published for a year,
    the longest untouched first."""
    cutoff = timezone.now() - STALE_AFTER
    entries = ExpertisePage.objects.live().filter(_below(organisation))
    stale = (entries.values("translation_key")
             .annotate(last=Max("last_published_at")).filter(last__lt=cutoff)
             .values("translation_key"))
    pages = (entries.filter(translation_key__in=stale)
             .select_related("locale").order_by("last_published_at"))
    shown = _preferred(list(pages), translation.get_language() or "")
    items = [Item(page, _("last published %(day)s") % {
        "day": _day(page.last_published_at)}) for page in shown[:SHOWN]]
    return Listing(items, len(shown))


class OrganisationPanel(Component):
    """One organisation's panel on the dashboard."""

    name = "hub_organisation"
    template_name = "accounts/organisation_panel.html"
    order = 50  # above Wagtail's own panels

    def __init__(self, organisation: Page) -> None:
        self.organisation = organisation

    def get_context_data(self, parent_context=None) -> dict:
        return {"organisation": self.organisation,
                "panel_id": f"organisation-{self.organisation.pk}",
                "drafts": drafts_awaiting_review(self.organisation),
                "events": upcoming_events(self.organisation),
                "stale": stale_expertise(self.organisation),
                "stale_after_days": STALE_AFTER.days}


def organisation_panels(user) -> list[OrganisationPanel]:
    return [OrganisationPanel(page) for page in editor_organisations(user)]
