"""Bidirectional control characters are neutralised in titles and names
(issue 11, defect 8): a right-to-left override makes "Programme‮fdp.exe"
read as "Programmeexe.pdf". Whatever writes the text (the admin, the
catalogue import, the iCalendar import, plain model saves), it is stored
without the controls (cms/core/signals.py), so no page, feed, API answer,
iCalendar file, oEmbed card, JSON-LD block, widget or admin listing shows
them."""

from __future__ import annotations

import io
import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from taggit.models import Tag
from wagtail.models import Page, Revision
from wagtail.test.utils.form_data import querydict_from_html

from cms.core.text import BIDI_CONTROLS, strip_bidi
from cms.events.models import EventPage
from cms.expertise.models import ExpertisePage
from search.models import SynonymGroup
from tests.factories import make_event, make_expertise, make_institution, publish
from themes.models import CustomTheme

pytestmark = pytest.mark.django_db

RLO, PDF, RLI, PDI, LRM, RLM, ALM = ("\u202e", "\u202c", "\u2067", "\u2069",
                                     "\u200e", "\u200f", "\u061c")
SPOOF = f"Programme{RLO}fdp.exe"  # shown as "Programmeexe.pdf"
CLEAN = "Programmefdp.exe"
EVERY = f"A{RLO}B{PDF}C\u202aD\u202bE\u202dF{RLI}G{PDI}H\u2066I\u2068J{LRM}K{RLM}L{ALM}M"


def no_controls(text: str, where: str) -> None:
    found = sorted({f"U+{ord(c):04X}" for c in BIDI_CONTROLS.findall(text)})
    assert not found, f"{where} shows bidirectional controls {found}"


def test_the_normaliser_removes_every_bidi_control():
    assert strip_bidi(EVERY) == "ABCDEFGHIJKLM"
    assert strip_bidi(SPOOF) == CLEAN
    assert strip_bidi("عربي English עברית") == "عربي English עברית"  # RTL text stays


@pytest.fixture
def spoofed(site_tree, django_capture_on_commit_callbacks):
    """Content written through plain model saves with controls everywhere."""
    with django_capture_on_commit_callbacks(execute=True):  # the search index
        return _spoofed()


def _spoofed() -> dict:
    kul = make_institution(f"KU Leuven{RLO}", "ku-leuven", acronym=f"K{RLO}UL",
                           city=f"Leuven{LRM}")
    event = make_event(kul, SPOOF, slug="programme", summary=f"Summary {RLO}txt.exe",
                       venue_name=f"Aula{RLI}x{PDI}", venue_city=f"Leu{ALM}ven")
    entry = make_expertise(kul, f"Lab {RLO}gpj.scr", slug="lab",
                           summary=f"Lab {RLM}summary")
    entry.keywords.add(f"robots{RLO}", "ai")
    entry.contacts.create(name=f"Dr {RLO}nhoJ", role=f"Head{LRM}", consent_to_publish=True)
    publish(entry)
    return {"kul": kul, "event": event, "entry": entry}


def test_model_saves_store_no_controls(spoofed):
    event = EventPage.objects.get(pk=spoofed["event"].pk)
    assert event.title == event.draft_title == CLEAN
    assert event.venue_name == "Aulax" and event.venue_city == "Leuven"
    assert spoofed["kul"].specific.acronym == "KUL"
    entry = ExpertisePage.objects.get(pk=spoofed["entry"].pk)
    assert entry.title == "Lab gpj.scr"
    assert sorted(t.name for t in entry.keywords.all()) == ["ai", "robots"]
    assert not Tag.objects.filter(name__contains=RLO).exists()  # no stray tag
    assert [c.name for c in entry.contacts.all()] == ["Dr nhoJ"]
    for revision in Revision.page_revisions.filter(object_id__in=[str(event.pk),
                                                                  str(entry.pk)]):
        no_controls(json.dumps(revision.content, ensure_ascii=False), "a revision")
        no_controls(revision.object_str, "a revision's title")


def test_no_output_shows_controls(client, spoofed, user_in):
    event, entry = spoofed["event"], spoofed["entry"]
    outputs = {
        "event page (HTML, JSON-LD)": client.get(event.url),
        "expertise page": client.get(entry.url),
        "institution page": client.get(spoofed["kul"].url),
        "events listing": client.get("/nl/events/"),
        "search page": client.get("/nl/search/", {"q": "Programme"}),
        "RSS": client.get("/feeds/events.rss", {"lang": "nl"}),
        "Atom": client.get("/feeds/expertise.atom", {"lang": "nl"}),
        "iCalendar feed": client.get("/feeds/events.ics", {"lang": "nl"}),
        "event .ics": client.get(f"/events/{event.public_id}.ics"),
        "events API": client.get("/api/v1/events/", {"lang": "nl"}),
        "expertise API": client.get(f"/api/v1/expertise/{entry.public_id}/",
                                    {"lang": "nl"}),
        "institutions API": client.get("/api/v1/institutions/", {"lang": "nl"}),
        "search API": client.get("/api/v1/search/", {"q": "Programme", "lang": "nl"}),
        "oEmbed": client.get("/oembed", {"url": f"http://testserver{event.url}"}),
    }
    client.force_login(user_in(username="root", superuser=True))
    outputs.update({
        "admin events listing": client.get("/admin/events/"),
        "admin explorer": client.get(f"/admin/pages/{spoofed['kul'].pk}/"),
        "admin page search": client.get("/admin/pages/search/", {"q": "Programme"}),
        "admin edit form": client.get(f"/admin/pages/{event.pk}/edit/"),
    })
    for where, response in outputs.items():
        assert response.status_code == 200, where
        body = response.content.decode()
        no_controls(body, where)
    assert CLEAN in outputs["event page (HTML, JSON-LD)"].content.decode()
    assert CLEAN in outputs["events API"].content.decode()


def test_admin_form_drafts_and_publishes_without_controls(client, spoofed, user_in):
    client.force_login(user_in(username="root", superuser=True))
    event = spoofed["event"]
    url = f"/admin/pages/{event.pk}/edit/"
    data = querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form")
    data["title"] = f"Draft {RLO}fdp.exe"
    data["venue_name"] = f"Hall{RLO}"
    assert client.post(url, data).status_code == 302  # saved as a draft
    page = Page.objects.get(pk=event.pk)
    assert page.draft_title == "Draft fdp.exe" and page.title == CLEAN
    latest = page.specific.get_latest_revision()
    no_controls(json.dumps(latest.content, ensure_ascii=False), "the draft revision")
    assert latest.content["title"] == "Draft fdp.exe"
    data["action-publish"] = "1"
    assert client.post(url, data).status_code == 302
    page = EventPage.objects.get(pk=event.pk)
    assert (page.title, page.venue_name) == ("Draft fdp.exe", "Hall")


def test_catalogue_import_stores_no_controls(tmp_path, site_tree):
    make_institution("KU Leuven", "ku-leuven")
    start = (timezone.now() + timedelta(days=30)).replace(microsecond=0)
    catalogue = {
        "format": "flanders-hub-catalogue", "version": 1,
        "institutions": [{"id": "inst-x", "title": {"nl": f"Instituut {RLO}rcs.exe"},
                          "kind": "research-centre"}],
        "expertise": [{"id": "lab-x", "institution": "inst-x", "kind": "lab",
                       "title": {"nl": f"Lab {RLO}fdp.exe"},
                       "summary": {"nl": f"Summary{LRM}"},
                       "keywords": [f"photonics{RLO}"],
                       "contacts": [{"name": f"Dr {RLO}eoD", "role": {"nl": "Head"},
                                     "consent_to_publish": True}],
                       "links": [{"title": f"Site{RLM}", "url": "https://example.org/"}]}],
        "events": [{"id": "ev-x", "organiser": "inst-x", "event_type": "webinar",
                    "title": {"nl": SPOOF}, "start": start.isoformat(),
                    "end": (start + timedelta(hours=1)).isoformat(),
                    "time_zone": "Europe/Brussels", "attendance_mode": "online",
                    "online_url": "https://example.org/live",
                    "venue": {"name": {"nl": f"Online{RLI}"}}}],
    }
    path = tmp_path / "catalogue.json"
    path.write_text(json.dumps(catalogue, ensure_ascii=False), encoding="utf-8")
    out = io.StringIO()
    call_command("import_catalogue", str(path), stdout=out, stderr=io.StringIO())
    assert EventPage.objects.filter(external_id="ev-x").exists(), out.getvalue()
    event = EventPage.objects.get(external_id="ev-x")
    assert event.title == CLEAN and event.venue_name == "Online"
    entry = ExpertisePage.objects.get(external_id="lab-x")
    assert entry.title == "Lab fdp.exe" and entry.get_parent().title == "Instituut rcs.exe"
    assert [t.name for t in entry.keywords.all()] == ["photonics"]
    assert [c.name for c in entry.contacts.all()] == ["Dr eoD"]
    assert [link.title for link in entry.links.all()] == ["Site"]


def test_icalendar_import_stores_no_controls(tmp_path, site_tree):
    make_institution("KU Leuven", "ku-leuven")
    feed = tmp_path / "feed.ics"
    feed.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\n"
        "UID:bidi-1@example.org\r\nDTSTART:20300506T080000Z\r\n"
        "DTEND:20300506T090000Z\r\n"
        f"SUMMARY:{SPOOF}\r\nLOCATION:Aula{RLO}\r\nDESCRIPTION:Text{LRM}\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n", encoding="utf-8")
    call_command("import_events", "--ics", str(feed), "--organiser", "ku-leuven",
                 stdout=io.StringIO(), stderr=io.StringIO())
    event = EventPage.objects.get(title=CLEAN)
    no_controls(f"{event.title}{event.venue_name}{event.summary}{event.body}", "the event")


def test_names_outside_pages_store_no_controls(spoofed):
    synonyms = SynonymGroup.objects.create(terms=f"AI{RLO}, artificial intelligence")
    assert synonyms.terms == "AI, artificial intelligence"
    theme = CustomTheme.objects.create(name="campus", label=f"Campus {RLO}blue",
                                       organisation=spoofed["kul"])
    theme.refresh_from_db()
    assert theme.label == "Campus blue"
