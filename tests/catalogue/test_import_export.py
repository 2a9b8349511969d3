"""import_catalogue / export_catalogue: upsert, rejection, dry run, sanitising,
round trip."""

import copy
import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Locale, Page

from cms.events.models import EventPage
from cms.expertise.models import ExpertisePage
from cms.institutions.models import InstitutionPage, RepresentationPage
from tests.factories import make_institution

ICS = Path(__file__).parents[1] / "fixtures" / "ics"
CATALOGUE_TYPES = (InstitutionPage, RepresentationPage, ExpertisePage, EventPage)


def catalogue_data():
    return {
        "format": "flanders-hub-catalogue",
        "version": 1,
        "institutions": [
            {
                "id": "inst-kul",
                "title": {"nl": "KU Leuven", "en": "KU Leuven (en)"},
                "summary": {"nl": "Universiteit in Leuven.", "en": "University."},
                "description": {"nl": "<p>Sinds <b>1425</b>.</p>"},
                "acronym": "KUL", "kind": "university",
                "ror_id": "https://ror.org/05f950310", "city": "Leuven",
                "website": "https://www.kuleuven.be",
            },
            {
                "id": "inst-ugent",
                "title": {"nl": "Universiteit Gent", "en": "Ghent University"},
                "acronym": "UGent", "kind": "university", "city": "Gent",
            },
        ],
        "representations": [
            {
                "id": "rep-japan",
                "title": {"nl": "Vlaanderen in Japan", "en": "Flanders in Japan"},
                "city": "Tokyo", "country": "JP", "time_zone": "Asia/Tokyo",
                "region": "asia",
            },
        ],
        "expertise": [
            {
                "id": "exp-ai",
                "institution": "inst-kul",
                "title": {"nl": "AI-lab", "en": "AI lab"},
                "summary": {"nl": "Machine learning.", "en": "Machine learning."},
                "body": {"nl": "<h2>Onderzoek</h2><p>Veel.</p>",
                         "en": "<h2>Research</h2><p>Lots.</p>"},
                "kind": "lab",
                "disciplines": ["1.2"],
                "keywords": ["ai", "health"],
                "collaboration_countries": ["JP", "US"],
                "working_languages": ["en", "nl"],
                "contacts": [{
                    "name": "Ada Lovelace",
                    "role": {"nl": "Directeur", "en": "Director"},
                    "orcid": "0000-0002-1825-0097",
                    "email": "ada@example.org", "show_email": True,
                    "consent_to_publish": True,
                }],
                "links": [{"title": "Site", "url": "https://ai.example.org"}],
            },
            {
                "id": "exp-bio",
                "institution": "inst-ugent",
                "title": {"nl": "Biotechnologie"},
                "kind": "research-group",
            },
        ],
        "events": [
            {
                "id": "ev-fair",
                "organiser": "rep-japan",
                "title": {"nl": "Onderwijsbeurs Tokyo", "en": "Education fair Tokyo"},
                "summary": {"nl": "Kom langs.", "en": "Drop by."},
                "event_type": "education-fair",
                "start": "2030-05-04T10:00:00+09:00",
                "end": "2030-05-04T17:00:00+09:00",
                "time_zone": "Asia/Tokyo",
                "venue": {"name": {"nl": "Big Sight", "en": "Big Sight (en)"},
                          "city": "Tokyo", "country": "JP",
                          "latitude": 35.63, "longitude": 139.79},
                "participating_institutions": ["inst-kul", "inst-ugent"],
                "related_expertise": ["exp-ai"],
                "disciplines": ["1.2"],
                "audience": ["students"], "languages": ["en", "ja"],
                "registration_url": "https://example.org/register",
                "registration_deadline": "2030-05-01T23:59:00+09:00",
            },
            {
                "id": "ev-webinar",
                "organiser": "inst-kul",
                "title": {"nl": "Webinarreeks", "en": "Webinar series"},
                "event_type": "webinar",
                "start": "2030-01-07T16:00:00+01:00",
                "end": "2030-01-07T17:00:00+01:00",
                "time_zone": "Europe/Brussels",
                "recurrence_rule": "FREQ=WEEKLY;COUNT=6",
                "recurrence_exceptions": ["2030-01-21"],
                "attendance_mode": "online",
                "online_url": "https://example.org/live",
            },
            {
                "id": "ev-day",
                "organiser": "inst-ugent",
                "title": {"nl": "Alumnidag", "en": "Alumni day"},
                "event_type": "alumni-event",
                "start": "2030-06-01T00:00:00+02:00",
                "end": "2030-06-01T00:00:00+02:00",
                "time_zone": "Europe/Brussels",
                "all_day": True,
                "venue": {"city": "Gent", "country": "BE"},
            },
        ],
    }


def run_import(tmp_path, data, *args):
    path = tmp_path / "catalogue.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    out = _Out()
    call_command("import_catalogue", str(path), *args, stdout=out, stderr=_Out())
    return out.getvalue()


class _Out:
    def __init__(self):
        self.parts = []

    def write(self, text):
        self.parts.append(text)

    def flush(self):
        pass

    def getvalue(self):
        return "".join(self.parts)


def counts():
    return {model.__name__: model.objects.count() for model in CATALOGUE_TYPES}


@pytest.mark.django_db
def test_import_creates_pages_and_translations(site_tree, tmp_path):
    out = run_import(tmp_path, catalogue_data())
    assert "created 8, updated 0, unchanged 0, rejected 0" in out
    nl, en = (Locale.objects.get(language_code=c) for c in ("nl", "en"))

    kul = InstitutionPage.objects.get(external_id="inst-kul", locale=nl)
    assert kul.live and kul.get_parent().pk == site_tree["institutions"].pk
    assert kul.ror_id == "05f950310"
    assert kul.description == "<p>Sinds <b>1425</b>.</p>"
    kul_en = InstitutionPage.objects.get(external_id="inst-kul", locale=en)
    assert kul_en.title == "KU Leuven (en)" and kul_en.live
    assert kul_en.translation_key == kul.translation_key

    ai = ExpertisePage.objects.get(external_id="exp-ai", locale=nl)
    assert ai.get_parent().pk == kul.pk
    assert [d.code for d in ai.disciplines.all()] == ["1.2"]
    assert sorted(t.name for t in ai.keywords.all()) == ["ai", "health"]
    contact = ai.contacts.get()
    assert (contact.name, contact.role, contact.orcid) == (
        "Ada Lovelace", "Directeur", "0000-0002-1825-0097")
    ai_en = ai.get_translation(en)
    assert ai_en.contacts.get().role == "Director"
    assert ai_en.body == "<h2>Research</h2><p>Lots.</p>"
    assert ai.links.get().url == "https://ai.example.org"

    fair = EventPage.objects.get(external_id="ev-fair", locale=nl)
    assert fair.organiser.external_id == "rep-japan"
    assert fair.start == datetime(2030, 5, 4, 1, 0, tzinfo=ZoneInfo("UTC"))
    assert fair.venue_name == "Big Sight"
    assert {p.external_id for p in fair.participating_institutions.all()} == {
        "inst-kul", "inst-ugent"}
    assert [p.external_id for p in fair.related_expertise.all()] == ["exp-ai"]
    assert fair.registration_deadline is not None
    fair_en = fair.get_translation(en)
    assert fair_en.title == "Education fair Tokyo"
    assert fair_en.venue_name == "Big Sight (en)"

    webinar = EventPage.objects.get(external_id="ev-webinar", locale=nl)
    assert webinar.is_recurring
    assert webinar.recurrence_exceptions == "2030-01-21"
    day = EventPage.objects.get(external_id="ev-day", locale=nl)
    assert day.all_day


@pytest.mark.django_db
def test_reimport_updates_without_duplicates(site_tree, tmp_path):
    data = catalogue_data()
    run_import(tmp_path, data)
    before = counts()
    kul = InstitutionPage.objects.get(
        external_id="inst-kul", locale__language_code="nl")
    revisions = kul.revisions.count()

    out = run_import(tmp_path, data)
    assert "created 0, updated 0, unchanged 8, rejected 0" in out
    assert counts() == before
    assert kul.revisions.count() == revisions

    data["institutions"][0]["title"]["nl"] = "KU Leuven (nieuw)"
    data["events"][0]["end"] = "2030-05-04T18:00:00+09:00"
    out = run_import(tmp_path, data)
    assert "created 0, updated 2, unchanged 6, rejected 0" in out
    assert counts() == before
    kul.refresh_from_db()
    assert kul.title == "KU Leuven (nieuw)"
    assert kul.revisions.count() == revisions + 1
    fair = EventPage.objects.get(external_id="ev-fair", locale__language_code="nl")
    assert fair.end.hour == 9  # 18:00 in Tokyo is 09:00 UTC


@pytest.mark.django_db
def test_bad_records_are_rejected_and_others_imported(site_tree, tmp_path):
    data = catalogue_data()
    bad_end = copy.deepcopy(data["events"][0])
    bad_end.update(id="ev-bad-end", end="2030-05-04T09:00:00+09:00")
    unknown = copy.deepcopy(data["events"][2])
    unknown.update(id="ev-unknown", organiser="inst-nowhere")
    bad_date = copy.deepcopy(data["events"][2])
    bad_date.update(id="ev-bad-date", start="next tuesday")
    no_title = {"id": "inst-untitled", "kind": "university"}
    bad_orcid = copy.deepcopy(data["expertise"][0])
    bad_orcid["id"] = "exp-bad-orcid"
    bad_orcid["contacts"][0]["orcid"] = "0000-0002-1825-0098"
    data["events"] += [bad_end, unknown, bad_date]
    data["institutions"].append(no_title)
    data["expertise"].append(bad_orcid)

    out = run_import(tmp_path, data)
    assert "created 8, updated 0, unchanged 0, rejected 5" in out
    assert ("events[3] id=ev-bad-end: end: The end must be after the start."
            in out)
    assert "events[4] id=ev-unknown: organiser: unknown id 'inst-nowhere'" in out
    assert "events[5] id=ev-bad-date: start: 'next tuesday' is not an ISO 8601" in out
    assert "institutions[2] id=inst-untitled: " in out and "'title'" in out
    assert "expertise[2] id=exp-bad-orcid: contacts[0].orcid:" in out
    assert "wrong check digit" in out
    rejected_ids = ["ev-bad-end", "ev-unknown", "ev-bad-date", "inst-untitled",
                    "exp-bad-orcid"]
    for model in CATALOGUE_TYPES:
        assert not model.objects.filter(external_id__in=rejected_ids).exists()
    # Nothing half-written: no stray pages (e.g. translations) were left behind.
    assert counts() == {"InstitutionPage": 4, "RepresentationPage": 2,
                        "ExpertisePage": 3, "EventPage": 6}


@pytest.mark.django_db
def test_dry_run_writes_nothing(site_tree, tmp_path):
    pages = Page.objects.count()
    out = run_import(tmp_path, catalogue_data(), "--dry-run")
    assert "Dry run" in out and "created 8" in out and "rejected 0" in out
    assert Page.objects.count() == pages


@pytest.mark.django_db
def test_html_is_sanitised(site_tree, tmp_path):
    data = catalogue_data()
    data["expertise"][0]["body"] = {
        "nl": '<p onclick="steal()">Hi<script>alert(1)</script>'
              '<a href="javascript:alert(1)">x</a><a href="https://a.be" '
              'style="color:red">ok</a><img src=x onerror=alert(1)></p>'
    }
    data["expertise"][0]["summary"] = {"nl": "<b>plain</b>"}
    run_import(tmp_path, data)
    page = ExpertisePage.objects.get(external_id="exp-ai", locale__language_code="nl")
    assert "script" not in page.body and "onclick" not in page.body
    assert "javascript" not in page.body and "img" not in page.body
    assert '<a href="https://a.be">ok</a>' in page.body
    assert page.body.startswith("<p>Hi")
    assert page.summary == "<b>plain</b>"  # plain text, escaped by templates


@pytest.mark.django_db
@pytest.mark.parametrize("content", ["{not json", '{"format": "other"}', "[]"])
def test_bad_file_is_a_command_error(site_tree, tmp_path, content):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError) as info:
        call_command("import_catalogue", str(path), stdout=_Out(), stderr=_Out())
    assert "docs/import-format.md" in str(info.value)


@pytest.mark.django_db
def test_missing_file_is_a_command_error(site_tree, tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_catalogue", str(tmp_path / "nope.json"),
                     stdout=_Out(), stderr=_Out())


def _normalise(data):
    data = copy.deepcopy(data)
    data.pop("generated_at", None)
    return data


@pytest.mark.django_db
def test_round_trip(site_tree, tmp_path):
    run_import(tmp_path, catalogue_data())
    export_path = tmp_path / "export.json"
    call_command("export_catalogue", "-o", str(export_path), stdout=_Out())
    exported = json.loads(export_path.read_text(encoding="utf-8"))
    assert len(exported["events"]) == 3 and len(exported["institutions"]) == 2

    # Flush the catalogue: deleting the organisations deletes everything below.
    for model in (InstitutionPage, RepresentationPage):
        for page in model.objects.all():
            if Page.objects.filter(pk=page.pk).exists():
                Page.objects.get(pk=page.pk).delete()
    assert counts() == dict.fromkeys(counts(), 0)

    out = run_import(tmp_path, exported)
    assert "created 8, updated 0, unchanged 0, rejected 0" in out
    call_command("export_catalogue", "-o", str(export_path), stdout=_Out())
    again = json.loads(export_path.read_text(encoding="utf-8"))
    assert _normalise(again) == _normalise(exported)
    fair = next(e for e in again["events"] if e["id"] == "ev-fair")
    assert fair["title"] == {"nl": "Onderwijsbeurs Tokyo", "en": "Education fair Tokyo"}
    assert fair["start"] == "2030-05-04T10:00:00+09:00"
    assert fair["participating_institutions"] == ["inst-kul", "inst-ugent"]
    ai = next(e for e in again["expertise"] if e["id"] == "exp-ai")
    assert ai["contacts"][0]["role"] == {"nl": "Directeur", "en": "Director"}


# -- the upsert service (cms.core.upsert) fixes (issue 12) -----------------------------
@pytest.mark.django_db
def test_ical_series_with_excluded_date_times_survives_export_and_import(
        site_tree, tmp_path):
    """The iCalendar importer stores an EXDATE with a time as a local date-time
    (2027-03-23T18:00); the export writes it and the import reads it back."""
    make_institution(city="Leuven")
    call_command("import_events", "--ics", str(ICS / "brussels-dst.ics"),
                 "--organiser", "ku-leuven", stdout=_Out(), stderr=_Out())
    series = EventPage.objects.get(recurrence_exceptions="2027-03-23T18:00")
    occurrences = series.occurrences()
    export_path = tmp_path / "export.json"
    call_command("export_catalogue", "-o", str(export_path), stdout=_Out())
    exported = json.loads(export_path.read_text(encoding="utf-8"))
    record = next(e for e in exported["events"] if e["recurrence_exceptions"])
    assert record["recurrence_exceptions"] == ["2027-03-23T18:00"]

    for page in InstitutionPage.objects.all():
        Page.objects.get(pk=page.pk).delete()
    assert not EventPage.objects.exists()
    out = run_import(tmp_path, exported)
    assert ", rejected 0" in out, out
    again = EventPage.objects.get(external_id=record["id"])
    assert again.recurrence_exceptions == "2027-03-23T18:00"
    assert again.occurrences() == occurrences and len(occurrences) == 3


@pytest.mark.django_db
def test_bad_excluded_date_is_rejected_with_its_field(site_tree, tmp_path):
    data = catalogue_data()
    webinar = next(e for e in data["events"] if e["id"] == "ev-webinar")
    webinar["recurrence_exceptions"] = ["2030-02-30"]
    out = run_import(tmp_path, data)
    assert "rejected 1" in out
    assert "recurrence_exceptions: '2030-02-30' is not a date" in out


def _french(data):
    """The AI lab and the fair get a French title; KU Leuven has none."""
    ai = next(e for e in data["expertise"] if e["id"] == "exp-ai")
    ai["title"]["fr"] = "Laboratoire d'IA"
    fair = next(e for e in data["events"] if e["id"] == "ev-fair")
    fair["title"]["fr"] = "Salon de l'éducation Tokyo"
    return data


@pytest.mark.django_db
def test_french_translation_goes_below_the_french_organisation(site_tree, tmp_path):
    data = _french(catalogue_data())
    kul = next(i for i in data["institutions"] if i["id"] == "inst-kul")
    kul["title"]["fr"] = "KU Leuven (fr)"
    japan = data["representations"][0]
    japan["title"]["fr"] = "La Flandre au Japon"
    out = run_import(tmp_path, data)
    assert "created 8, updated 0, unchanged 0, rejected 0" in out, out
    fr = Locale.objects.get(language_code="fr")
    kul_fr = InstitutionPage.objects.get(external_id="inst-kul", locale=fr)
    ai_fr = ExpertisePage.objects.get(external_id="exp-ai", locale=fr)
    assert ai_fr.get_parent().pk == kul_fr.pk and ai_fr.live
    fair_fr = EventPage.objects.get(external_id="ev-fair", locale=fr)
    assert fair_fr.get_parent().title == "La Flandre au Japon"
    # The fair's participants in French: KU Leuven's French page.
    assert kul_fr.pk in {p.pk for p in fair_fr.participating_institutions.all()}
    # No organisation copied into French: only the two with a French title.
    assert sorted(InstitutionPage.objects.filter(locale=fr)
                  .values_list("title", flat=True)) == ["KU Leuven (fr)"]
    assert RepresentationPage.objects.filter(locale=fr).count() == 1


@pytest.mark.django_db
def test_french_translation_without_french_organisation_copies_none(
        site_tree, tmp_path):
    """Before the upsert service, the import copied KU Leuven and Flanders in
    Japan into French, titled and written in Dutch, to hold the French
    translations. Now the French title is left out, and the report says so."""
    out = run_import(tmp_path, _french(catalogue_data()))
    assert "created 8, updated 0, unchanged 0, rejected 0" in out, out
    assert ("note expertise[0] id=exp-ai: not imported in 'fr': 'KU Leuven' has "
            "no 'fr' translation") in out
    assert ("id=ev-fair: not imported in 'fr': 'Vlaanderen in Japan' has no 'fr' "
            "translation") in out
    fr = Locale.objects.get(language_code="fr")
    for model in CATALOGUE_TYPES:
        assert not model.objects.filter(locale=fr).exists(), model
    # The other languages are imported as usual.
    assert ExpertisePage.objects.get(external_id="exp-ai", locale__language_code="en")
    # Once KU Leuven has a French title, importing again adds the translation.
    data = _french(catalogue_data())
    kul = next(i for i in data["institutions"] if i["id"] == "inst-kul")
    kul["title"]["fr"] = "KU Leuven (fr)"
    run_import(tmp_path, data)
    ai_fr = ExpertisePage.objects.get(external_id="exp-ai", locale=fr)
    assert ai_fr.get_parent().title == "KU Leuven (fr)"
