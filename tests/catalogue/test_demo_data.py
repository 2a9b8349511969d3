"""The demo data command: the demo catalogue file (cms/catalogue/demo/
catalogue.json) loaded through the catalogue import; realistic volumes in nl
and en, a translated subset in fr and de (so that French and German visitors,
whose listings do not fall back to other languages, see a catalogue), dates
relative to today, and idempotent."""

import json
from collections import Counter
from datetime import datetime
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Locale, Page, Revision

from cms.catalogue.management.commands.load_demo_data import relative_to_today
from cms.events.models import EventPage
from cms.expertise.models import ExpertisePage
from cms.institutions.models import InstitutionPage, RepresentationPage
from cms.scholarships.models import ScholarshipPage

# Pages per (type, status, locale) after load_demo_data on an empty hub,
# MEASURED ON THE OLD IMPLEMENTATION (the Python tuples of
# cms/catalogue/demo_data.py, before issue 12 made the demo a catalogue file
# loaded through import_catalogue): the new one must be as rich.
OLD_IMPLEMENTATION_PAGES = {
    ("homepage", "live", lang): 1 for lang in ("nl", "en", "fr", "de")
} | {
    (index, "live", lang): 2 if index == "organisationindexpage" else 1
    for index in ("eventindexpage", "expertiseindexpage", "organisationindexpage",
                  "scholarshipindexpage")
    for lang in ("nl", "en", "fr", "de")
} | {
    (page_type, "live", lang): count
    for page_type, count in (("institutionpage", 16), ("representationpage", 14),
                             ("expertisepage", 46), ("eventpage", 45),
                             ("scholarshippage", 4))
    for lang in ("nl", "en")
} | {
    # the editorial pages (cms/editorial/demo): "About the hub" and its 7 pages
    ("contentpage", "live", lang): 8 for lang in ("nl", "en", "fr", "de")
}
# Since issue 14 the file also holds French and German translations of every
# organisation and scholarship and of a subset of the expertise and (upcoming)
# events: their organisers need a page in the language first.
DEMO_PAGES = OLD_IMPLEMENTATION_PAGES | {
    (page_type, "live", lang): count
    for page_type, count in (("institutionpage", 16), ("representationpage", 14),
                             ("expertisepage", 10), ("eventpage", 15),
                             ("scholarshippage", 4))
    for lang in ("fr", "de")
}


def pages_per_type_status_and_locale() -> dict:
    return dict(Counter(
        (page.content_type.model, "live" if page.live else "draft",
         page.locale.language_code)
        for page in Page.objects.filter(depth__gt=1)
        .select_related("content_type", "locale")
    ))


def _load() -> str:
    out = StringIO()
    call_command("load_demo_data", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_load_demo_data_creates_catalogue_in_four_languages_and_is_idempotent(
    client,
):
    output = _load()
    assert "Institutions:" in output and "Events:" in output
    assert pages_per_type_status_and_locale() == DEMO_PAGES

    for lang in ("nl", "en"):
        institutions = InstitutionPage.objects.live().filter(locale__language_code=lang)
        assert institutions.filter(kind="university").count() >= 5
        assert institutions.exclude(kind__in=["university", "government"]).count() >= 6
        assert institutions.filter(kind="government").count() == 1
        reps = RepresentationPage.objects.live().filter(locale__language_code=lang)
        assert reps.count() >= 10
        assert len(set(reps.values_list("region", flat=True))) >= 4
        assert (
            ExpertisePage.objects.live().filter(locale__language_code=lang).count()
            >= 40
        )
        assert EventPage.objects.live().filter(locale__language_code=lang).count() >= 40
        assert (
            3
            <= ScholarshipPage.objects.live().filter(locale__language_code=lang).count()
            <= 4
        )

    rors = set(
        InstitutionPage.objects.filter(locale__language_code="nl").values_list(
            "ror_id", flat=True
        )
    )
    assert {"05f950310", "00cv9y106", "008x57b05", "006e5kg04", "04nbhqj75"} <= rors
    en_department = InstitutionPage.objects.get(
        locale__language_code="en", external_id="demo:institutions:department"
    )
    assert en_department.title == "Department of Education and Training"

    # Every nl item has its en translation, with English texts, below en parents.
    en_locale = Locale.objects.get(language_code="en")
    for model in (
        InstitutionPage,
        RepresentationPage,
        ExpertisePage,
        EventPage,
        ScholarshipPage,
    ):
        nl_items = model.objects.filter(locale__language_code="nl")
        for page in nl_items:
            en = page.get_translation(en_locale)
            assert en.live
            assert en.get_parent().locale.language_code == "en"
    en_lab = ExpertisePage.objects.get(
        locale__language_code="en", external_id="demo:expertise:leuven-ai-health"
    )
    assert en_lab.title == "Leuven AI Lab for Health"
    assert en_lab.keywords.count() >= 2
    assert en_lab.disciplines.exists() and en_lab.links.exists()
    assert any(c.consent_to_publish and c.orcid for c in en_lab.contacts.all())

    now = timezone.now()
    events = EventPage.objects.live().filter(locale__language_code="en")
    assert events.filter(all_day=True).exists()
    assert events.filter(attendance_mode="online").exclude(online_url="").exists()
    assert events.filter(status="cancelled").exists()
    assert events.exclude(recurrence_rule="").exists()
    assert events.past(now).count() >= 5
    assert events.upcoming(now).count() >= 5
    assert len(set(events.values_list("time_zone", flat=True))) >= 5
    assert any(e.is_multi_day for e in events)
    assert events.exclude(audience=[]).count() == events.count()
    assert (
        events.filter(participating_institutions__isnull=False).distinct().count() >= 10
    )
    for event in events.filter(participating_institutions__isnull=False).distinct():
        assert all(
            i.locale_id == event.locale_id
            for i in event.participating_institutions.all()
        )

    _assert_french_and_german_catalogue(client)

    pages, revisions = Page.objects.count(), Revision.objects.count()
    starts = sorted(EventPage.objects.values_list("start", flat=True))
    output = _load()
    for section in (
        "Institutions",
        "Representations",
        "Expertise",
        "Events",
        "Scholarships",
        "Editorial pages",
    ):
        assert f"{section}: 0 created" in output
    assert Page.objects.count() == pages
    assert Revision.objects.count() == revisions
    assert sorted(EventPage.objects.values_list("start", flat=True)) == starts
    assert pages_per_type_status_and_locale() == DEMO_PAGES


def _assert_french_and_german_catalogue(client) -> None:
    """fr and de each have upcoming events (the Berlin one for German pupils,
    a cancelled, a postponed and a moved-online one among them) and expertise,
    translated (sharing the nl page's translation key) below parents in their
    own language, and /de/events/ lists them."""
    now = timezone.now()
    for lang in ("fr", "de"):
        locale = Locale.objects.get(language_code=lang)
        events = EventPage.objects.live().filter(locale=locale)
        assert events.upcoming(now).count() >= 12
        assert {"cancelled", "postponed", "moved-online"} <= set(
            events.upcoming(now).values_list("status", flat=True))
        assert {"BE", "FR", "DE"} <= set(events.values_list("venue_country", flat=True))
        assert ExpertisePage.objects.live().filter(locale=locale).count() >= 8
        for model in (EventPage, ExpertisePage, ScholarshipPage, InstitutionPage,
                      RepresentationPage):
            for page in model.objects.filter(locale=locale):
                nl = page.get_translation(Locale.objects.get(language_code="nl"))
                assert nl.external_id == page.external_id
                assert page.title != nl.get_translation(
                    Locale.objects.get(language_code="en")).title or page.title in {
                        "KU Leuven", "Vrije Universiteit Brussel", "imec", "VIB",
                        "VITO", "Flanders Make", "UC Leuven-Limburg",
                        "imec Technology Forum", "Leuven AI Lab for Health",
                        "Brussels School of Governance", "Data Science Institute"}
                assert page.get_parent().locale_id == locale.pk
    berlin = EventPage.objects.get(locale__language_code="de",
                                   external_id="demo:events:berlin-postponed")
    assert berlin.title == (
        "Studieren in Flandern: Informationen für Schülerinnen und Schüler aus "
        "Deutschland")

    response = client.get("/de/events/")
    assert response.status_code == 200
    listed = response.context["events"]
    assert listed.paginator.count >= 12
    html = response.content.decode()
    german = EventPage.objects.live().filter(locale__language_code="de")
    shown = [event for event in german if event.title in html]
    assert len(shown) >= min(12, len(listed.object_list))


def test_demo_dates_move_with_the_calendar_in_each_time_zone():
    """The file's dates were true on its ``dates_relative_to`` moment; loaded
    later, each moves by the days passed in its own zone, at the same local
    time (here across the change to summer time in Brussels)."""
    data = {
        "dates_relative_to": "2027-03-20T20:00:00+00:00",
        "events": [{
            "time_zone": "Europe/Brussels", "start": "2027-03-25T18:00:00+01:00",
            "end": "2027-03-25T20:00:00+01:00", "registration_deadline": None,
            "recurrence_exceptions": ["2027-04-01", "2027-04-08T18:00"],
        }, {
            # 20:00 UTC on the 20th is already the 21st in Tokyo: a day less.
            "time_zone": "Asia/Tokyo", "start": "2027-03-25T10:00:00+09:00",
            "end": "2027-03-25T12:00:00+09:00", "recurrence_exceptions": [],
        }],
        "scholarships": [{"deadline": "2027-03-31T23:59:00+02:00"}],
    }
    moved = relative_to_today(
        data, now=datetime(2027, 3, 30, 12, 0, tzinfo=ZoneInfo("UTC")))
    brussels, tokyo = moved["events"]
    assert brussels["start"] == "2027-04-04T18:00:00+02:00"
    assert brussels["end"] == "2027-04-04T20:00:00+02:00"
    assert brussels["registration_deadline"] is None
    assert brussels["recurrence_exceptions"] == ["2027-04-11", "2027-04-18T18:00"]
    assert tokyo["start"] == "2027-04-03T10:00:00+09:00"
    assert moved["scholarships"][0]["deadline"] == "2027-04-10T23:59:00+02:00"


def test_demo_file_is_a_catalogue_file_with_every_section():
    data = json.loads((Path(__file__).parents[2] / "cms" / "catalogue" / "demo"
                       / "catalogue.json").read_text(encoding="utf-8"))
    assert data["format"] == "flanders-hub-catalogue" and data["version"] == 1
    assert {kind: len(data[kind]) for kind in (
        "institutions", "representations", "expertise", "events", "scholarships")
    } == {"institutions": 16, "representations": 14, "expertise": 46,
          "events": 45, "scholarships": 4}
