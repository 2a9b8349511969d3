"""The hub that the accessibility tests look at: one live server on a database
filled once per module with an example of every public page type in nl, en,
fr and de, and the page models that need an example."""

from __future__ import annotations

import io
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.test import TransactionTestCase
from django.test.utils import override_settings
from PIL import Image as PillowImage
from pytest_django.live_server_helper import LiveServer
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, get_page_models
from wagtail.users.models import UserProfile

from cms.core.site_setup import LANGS, ensure_site_tree
from cms.editorial.models import ContentPage
from cms.expertise.models import ExpertisePage
from cms.institutions.permissions import ensure_organisation_access
from tests.factories import (
    make_event,
    make_expertise,
    make_institution,
    make_representation,
    make_scholarship,
    publish,
    translate,
)

# The example pages of each page model (``get_page_models()``, the hub's own
# ``cms.`` models). A page model without an entry fails
# test_every_page_type_has_an_example, so a new type cannot go unchecked.
EXAMPLES_OF_MODEL = {
    "core.HomePage": ("home",),
    "events.EventIndexPage": ("events",),
    "events.EventPage": ("event", "event-cancelled", "event-postponed",
                         "event-rescheduled", "event-moved-online"),
    "expertise.ExpertiseIndexPage": ("expertise",),
    "expertise.ExpertisePage": ("expertise-entry",),
    "institutions.OrganisationIndexPage": ("institutions", "representations"),
    "institutions.InstitutionPage": ("institution",),
    "institutions.RepresentationPage": ("representation",),
    "scholarships.ScholarshipIndexPage": ("scholarships",),
    "scholarships.ScholarshipPage": ("scholarship",),
    "editorial.ContentPage": ("editorial",),
}
# Public pages that are no page model: search with results and facets, the
# hub's 404 page and the theme gallery.
OTHER_EXAMPLES = ("search", "not-found", "theme-gallery")
EXAMPLES = tuple(name for names in EXAMPLES_OF_MODEL.values() for name in names) \
    + OTHER_EXAMPLES
SEARCH_QUERY = "Leuven"


def hub_page_models() -> list[str]:
    """Labels of the hub's page models (test-only and Wagtail's own left out)."""
    return sorted(model._meta.label for model in get_page_models()
                  if model.__module__.startswith("cms."))


@dataclass
class Hub:
    url: str
    paths: dict[str, dict[str, str]] = field(default_factory=dict)  # name -> lang -> path
    pages: dict[str, Page] = field(default_factory=dict)  # the nl originals


class _CommittedData(TransactionTestCase):
    """Django's own set-up and clean-up of a transactional test with
    serialized_rollback, lent to a whole module."""

    serialized_rollback = True

    def runTest(self) -> None:  # noqa: N802 - unittest's name
        """Never run: the class only lends its set-up and tear-down."""


@contextmanager
def committed_database() -> Iterator[None]:
    """Content committed for the live server's thread, and the database put
    back as the run serialized it after (flushed, then restored with the
    page tree), so the tests after the module find what they expect."""
    _CommittedData.setUpClass()
    case = _CommittedData()
    if not getattr(_CommittedData, "_pre_setup_ran_eagerly", False):
        case._pre_setup()
    try:
        yield
    finally:
        case._post_teardown()
        _CommittedData._fixture_setup()  # the restore, after the flush
        _CommittedData.tearDownClass()


@contextmanager
def live_hub() -> Iterator[Hub]:
    """The example content, committed, behind a live server of the module's own
    (pytest-django's ``live_server`` would flush the database after each test)."""
    with committed_database(), tempfile.TemporaryDirectory() as media, \
            override_settings(MEDIA_ROOT=media):
        hub = Hub(url="")
        _build_examples(hub)
        server = LiveServer("localhost")
        hub.url = server.url
        try:
            yield hub
        finally:
            server.stop()


def _build_examples(hub: Hub) -> None:
    tree = ensure_site_tree()
    kul = make_institution(
        "KU Leuven", "ku-leuven", website="https://www.kuleuven.be",
        contact_email="info@example.org", city="Leuven",
        description="<p>A research university in Leuven.</p>")
    japan = make_representation(website="https://example.org/japan")
    pages = {
        "institution": kul,
        "representation": japan,
        "event": make_event(
            japan, "Study in Flanders fair", days_ahead=10,
            registration_url="https://example.org/register",
            recurrence_rule="FREQ=WEEKLY;COUNT=4",
            summary="Meet Flemish universities in Tokyo, KU Leuven among them."),
        "event-cancelled": make_event(
            kul, "Leuven alumni reception", days_ahead=12, status="cancelled",
            tz="Europe/Brussels", venue_name="Aula Pieter De Somer",
            venue_city="Leuven", venue_country="BE"),
        "event-postponed": make_event(
            kul, "Leuven summer school", days_ahead=40, status="postponed",
            tz="Europe/Brussels", venue_name="Irish College", venue_city="Leuven",
            venue_country="BE"),
        "event-rescheduled": make_event(
            japan, "Osaka info session", days_ahead=20, status="rescheduled",
            previous_start=datetime.now(UTC) + timedelta(days=5), venue_city="Osaka",
            venue_name="Grand Front"),
        "event-moved-online": make_event(
            kul, "Leuven open lecture", days_ahead=25, status="moved-online",
            tz="Europe/Brussels", online_url="https://example.org/live",
            venue_name="Aula", venue_city="Leuven", venue_country="BE"),
        "expertise-entry": make_expertise(
            kul, "Leuven robotics lab", summary="Robots that help in hospitals."),
        "scholarship": make_scholarship(),
    }
    pages["editorial"] = _editorial_page(tree, pages)
    for language in LANGS[1:]:
        for page in pages.values():  # organisations first: parents of the others
            translate(page, language, page.title)
    hub.pages = {"home": tree["home"], **{slug: page for slug, page in tree.items()
                                           if slug != "home"}, **pages}
    for name, page in hub.pages.items():
        hub.paths[name] = {language: page.get_translation(
            Locale.objects.get(language_code=language)).url
                           for language in LANGS}
    for language in LANGS:
        hub.paths.setdefault("search", {})[language] = (
            f"/{language}/search/?q={SEARCH_QUERY}")
        hub.paths.setdefault("not-found", {})[language] = f"/{language}/no-such-page/"
        hub.paths.setdefault("theme-gallery", {})[language] = f"/{language}/themes/"


def _editorial_page(tree: dict[str, Page], pages: dict[str, Page]) -> Page:
    """A content page with every block of its body: text, an image with alt
    text, a call-out, a hub widget and related events and expertise."""
    picture = io.BytesIO()
    PillowImage.new("RGB", (320, 180), (0, 70, 140)).save(picture, "PNG")
    image = get_image_model().objects.create(
        title="A blue square", file=ImageFile(picture, name="a11y-blue.png"))
    page = ContentPage(
        title="Academic diplomacy", slug="academic-diplomacy",
        locale=tree["home"].locale,
        summary="How Flanders works with universities abroad.",
        body=[
            {"type": "text", "value": "<h2>Our role</h2><p>The representations "
             "connect Flemish universities with partners abroad.</p>"},
            {"type": "image", "value": {"image": {
                "image": image.pk, "alt_text": "A blue square",
                "decorative": False}, "caption": "The colour of the hub."}},
            {"type": "call_out", "value": {
                "heading": "Scholarships", "text": "<p>Study in Flanders.</p>",
                "link_page": tree["scholarships"].pk, "link_url": "",
                "link_text": "Read about the scholarships"}},
            {"type": "widget", "value": {
                "widget": "events", "heading": "Upcoming events",
                "organisation": pages["representation"].pk, "limit": 3,
                "layout": "list"}},
            {"type": "related", "value": {
                "heading": "Related", "items": [pages["event"].pk,
                                                pages["expertise-entry"].pk]}},
        ])
    tree["home"].add_child(instance=page)
    return publish(page)


def make_admin(hub: Hub, username: str, password: str) -> None:
    """A superuser who is also in KU Leuven's editors, so the dashboard shows
    the organisation's panel with something in each of its lists: a draft in
    review, upcoming events and an entry last published two years ago."""
    user = get_user_model().objects.create_superuser(
        username, f"{username}@example.org", password)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    kul = hub.pages["institution"]
    editors, _moderators = ensure_organisation_access(kul)
    editors.user_set.add(user)
    draft = ExpertisePage(title="Leuven quantum lab", slug="leuven-quantum-lab",
                          kind="lab", summary="Qubits.", locale=kul.locale, live=False)
    kul.add_child(instance=draft)
    draft.save_revision(user=user)
    draft.get_workflow().start(draft, user)
    stale = make_expertise(kul, "Leuven materials lab", summary="Alloys.")
    ExpertisePage.objects.filter(pk=stale.pk).update(
        last_published_at=datetime.now(UTC) - timedelta(days=730))
