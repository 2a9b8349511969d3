"""Small builders for catalogue content used across the test suite."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from wagtail.models import Locale

from cms.core.site_setup import ensure_site_tree
from cms.events.models import EventPage
from cms.expertise.models import ExpertisePage
from cms.institutions.models import InstitutionPage, RepresentationPage
from cms.scholarships.models import ScholarshipPage


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def translate(page, language: str, title: str):
    """Publish a translation of ``page`` (and of its parents) titled ``title``."""
    copy = page.copy_for_translation(Locale.objects.get(language_code=language),
                                     copy_parents=True)
    copy.title = title
    return publish(copy)


def make_institution(title="KU Leuven", slug="ku-leuven", **fields) -> InstitutionPage:
    tree = ensure_site_tree()
    page = InstitutionPage(
        title=title, slug=slug, kind=fields.pop("kind", "university"),
        locale=Locale.objects.get(language_code="nl"), **fields,
    )
    tree["institutions"].add_child(instance=page)
    return publish(page)


def make_representation(title="Flanders in Japan", slug="japan", **fields) -> RepresentationPage:
    tree = ensure_site_tree()
    defaults = dict(city="Tokyo", country="JP", time_zone="Asia/Tokyo", region="asia")
    defaults.update(fields)
    page = RepresentationPage(
        title=title, slug=slug, locale=Locale.objects.get(language_code="nl"), **defaults
    )
    tree["representations"].add_child(instance=page)
    return publish(page)


def make_event(organiser, title="Study in Flanders fair", slug=None, days_ahead=30,
               tz="Asia/Tokyo", live=True, **fields) -> EventPage:
    start = (datetime.now(ZoneInfo(tz)) + timedelta(days=days_ahead)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    defaults = dict(
        event_type="education-fair", start=start, end=start + timedelta(hours=3),
        time_zone=tz, venue_name="Tokyo Big Sight", venue_city="Tokyo",
        venue_country="JP", summary="Meet Flemish universities.",
    )
    defaults.update(fields)
    page = EventPage(title=title, slug=slug or title.lower().replace(" ", "-"),
                     locale=organiser.locale, **defaults)
    page.clean()
    organiser.add_child(instance=page)
    return publish(page) if live else page


def make_expertise(institution, title="Leuven AI lab", slug=None, live=True,
                   **fields) -> ExpertisePage:
    defaults = dict(kind="lab", summary="Machine learning for health.")
    defaults.update(fields)
    page = ExpertisePage(title=title, slug=slug or title.lower().replace(" ", "-"),
                         locale=institution.locale, **defaults)
    institution.add_child(instance=page)
    return publish(page) if live else page


def make_scholarship(title="Master Mind Scholarships", slug=None, days_ahead=60,
                     live=True, **fields) -> ScholarshipPage:
    """A scholarship in the Dutch scholarships section, open ``days_ahead`` days."""
    tree = ensure_site_tree()
    defaults = dict(
        summary="A Flemish Government grant for talented international students.",
        eligibility="<p>You have been admitted to a Flemish institution.</p>",
        deadline=datetime.now(ZoneInfo("Europe/Brussels")).replace(
            hour=23, minute=59, second=0, microsecond=0) + timedelta(days=days_ahead),
        link="https://example.org/apply",
    )
    defaults.update(fields)
    page = ScholarshipPage(title=title, slug=slug or title.lower().replace(" ", "-"),
                           locale=Locale.objects.get(language_code="nl"), **defaults)
    tree["scholarships"].add_child(instance=page)
    return publish(page) if live else page


def make_page_of_every_type(language: str) -> dict[str, str]:
    """A live page of every public type (a representation's "Tokyo fair", a
    KU Leuven expertise entry in its own theme, a scholarship) and the URL of
    each kind of public page by name, the sections under ``language``'s prefix."""
    japan = make_representation()
    kul = make_institution(default_theme="kuleuven")
    event = make_event(japan, "Tokyo fair", summary="A fair in Tokyo.")
    entry = make_expertise(kul, "Leuven AI lab")
    scholarship = make_scholarship("Master mobility", days_ahead=30)
    return {
        "home": f"/{language}/", "events": f"/{language}/events/", "event": event.url,
        "expertise index": f"/{language}/expertise/", "expertise": entry.url,
        "institutions": f"/{language}/institutions/", "institution": kul.url,
        "representation": japan.url, "scholarships": f"/{language}/scholarships/",
        "scholarship": scholarship.url, "search": f"/{language}/search/?q=tokyo",
        "gallery": "/en/themes/", "theme sample": "/en/themes/kuleuven/",
        "not found": "/en/no-such-page/",
    }
