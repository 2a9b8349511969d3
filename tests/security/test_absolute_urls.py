"""Absolute URLs come from HUB_BASE_URL whenever it is set (issue 11, defect
6): pages (head, JSON-LD, body links), the read API, RSS/Atom/iCalendar
feeds, oEmbed and the widget builder all name the configured hub, whatever
Host header and scheme the request arrived with, and the Wagtail Site record
follows the setting so Wagtail's own absolute URLs agree. Without it, the
request decides (the test suite's default)."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from typing import Any

import icalendar
import pytest
from django.apps import apps
from django.db.models.signals import post_migrate
from wagtail.models import Locale, Page, Site

from cms.core.absolute import base_url, page_url, sync_site_record
from tests.factories import make_event, make_expertise, make_institution, publish

pytestmark = pytest.mark.django_db

BASE = "https://hub.example.org"
# A request from anywhere else: another host, plain http.
FOREIGN = {"HTTP_HOST": "attacker.example:8080"}
URL = re.compile(r"(?:https?|webcal)://[^\s\"'<>\\)]+")
# Vocabulary and namespace URIs, not links into the hub.
EXTERNAL = ("https://schema.org", "http://schema.org", "http://www.w3.org/",
            "https://www.w3.org/", "http://purl.org/")


@pytest.fixture
def base(settings):
    settings.HUB_BASE_URL = BASE
    return BASE


@pytest.fixture
def content(site_tree, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the search index
        kul = make_institution("KU Leuven", "ku-leuven")
        event = make_event(kul, "Leuven fair", summary="Meet us.")
        english = event.copy_for_translation(Locale.objects.get(language_code="en"),
                                             copy_parents=True, alias=False)
        english.title = "Leuven fair (en)"
        publish(english)
        entry = make_expertise(kul, "Leuven AI lab")
        make_event(kul, "Leuven open day", days_ahead=40)
    return {"kul": kul, "event": event, "event_en": english, "entry": entry}


def hub_urls(text: str) -> list[str]:
    return [u for u in URL.findall(text) if not u.startswith(EXTERNAL)]


def foreign_urls(text: str) -> list[str]:
    """Absolute URLs that do not start with BASE (webcal:// for https)."""
    calendar_base = "webcal://" + BASE.split("://", 1)[1]
    return [u for u in hub_urls(text)
            if not (u.startswith(BASE + "/") or u == BASE
                    or u.startswith(calendar_base + "/"))]


def strings(data: Any) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for value in data.values() for s in strings(value)]
    if isinstance(data, list):
        return [s for value in data for s in strings(value)]
    return []


def test_pages_name_the_configured_hub(client, base, content):
    for page in (content["event"], content["entry"], content["kul"]):
        html = client.get(page.url, **FOREIGN).content.decode()
        head = html.split("</head>")[0]
        assert f'<link rel="canonical" href="{BASE}{page.url}">' in head
        assert f'<meta property="og:url" content="{BASE}{page.url}">' in head
        assert "application/ld+json" in head
        assert foreign_urls(html) == [], page.url
    event_page = client.get(content["event"].url, **FOREIGN).content.decode()
    assert f'hreflang="en" href="{BASE}{content["event_en"].url}"' in event_page
    assert f'type="application/json+oembed" href="{BASE}/oembed?' in event_page
    ld = json.loads(event_page.split('type="application/ld+json">')[1].split("</script>")[0])
    assert ld["url"] == ld["@id"].removesuffix("#event") == BASE + content["event"].url
    listing = client.get("/nl/events/", **FOREIGN).content.decode()
    assert f'href="{BASE}/feeds/events.rss?' in listing
    assert foreign_urls(listing) == []


def test_the_api_names_the_configured_hub(client, base, content):
    answers = [client.get("/api/v1/events/", {"page_size": 1, "lang": "nl"}, **FOREIGN),
               client.get("/api/v1/expertise/", **FOREIGN),
               client.get(f"/api/v1/events/{content['event'].public_id}/", **FOREIGN),
               client.get("/api/v1/institutions/", **FOREIGN),
               client.get("/api/v1/search/", {"q": "Leuven", "lang": "nl"}, **FOREIGN),
               client.get("/api/v1/search/suggest/", {"q": "Leu", "lang": "nl"},
                              **FOREIGN),
               client.get("/api/v1/openapi.json", **FOREIGN)]
    for answer in answers:
        assert answer.status_code == 200, answer.content[:300]
        data = answer.json()
        assert [s for s in strings(data) if foreign_urls(s)] == [], answer.request
    events = answers[0].json()
    assert events["results"][0]["url"].startswith(f"{BASE}/nl/")
    assert events["next"].startswith(f"{BASE}/api/v1/events/?")
    assert answers[4].json()["results"][0]["url"].startswith(f"{BASE}/")


def test_the_feeds_name_the_configured_hub(client, base, content):
    rss = client.get("/feeds/events.rss", {"lang": "nl"}, **FOREIGN)
    channel = ET.fromstring(rss.content).find("channel")
    assert channel.findtext("link").startswith(f"{BASE}/nl/events/")
    assert channel.find("item").findtext("link") == BASE + content["event"].url
    atom = client.get("/feeds/expertise.atom", {"lang": "nl"}, **FOREIGN)
    calendar = client.get("/feeds/events.ics", {"lang": "nl"}, **FOREIGN)
    event_ics = client.get(f"/events/{content['event'].public_id}.ics", **FOREIGN)
    for answer in (rss, atom, calendar, event_ics):
        assert answer.status_code == 200
        text = answer.content.decode()
        assert hub_urls(text), answer.request  # the feed does carry links
        assert foreign_urls(text) == [], answer.request
    vevent = icalendar.Calendar.from_ical(calendar.content).walk("VEVENT")[0]
    assert str(vevent["URL"]) == BASE + content["event"].url


def test_oembed_names_the_configured_hub(client, base, content):
    answer = client.get("/oembed", {"url": BASE + content["entry"].url}, **FOREIGN)
    assert answer.status_code == 200
    data = answer.json()
    assert data["provider_url"] == f"{BASE}/"
    assert f'href="{BASE}{content["entry"].url}"' in data["html"]
    assert [s for s in strings(data) if foreign_urls(s)] == []


def test_the_widget_builder_names_the_configured_hub(client, base, content, user_in):
    client.force_login(user_in(username="root", superuser=True))
    answer = client.get("/admin/widget-builder/", {"widget": "events", "format": "json"},
                        **FOREIGN)
    assert answer.status_code == 200, answer.content[:300]
    data = answer.json()
    assert f'src="{BASE}/embed/v1/widgets.js"' in data["html"]
    assert data["fallback_url"].startswith(f"{BASE}/")
    assert [s for s in strings(data) if foreign_urls(s)] == []


def test_without_a_base_url_the_request_decides(client, settings, content):
    settings.HUB_BASE_URL = ""
    answer = client.get("/api/v1/events/", {"lang": "nl"}, HTTP_HOST="hub.test:8001",
                        secure=True)
    assert answer.json()["results"][0]["url"].startswith("https://hub.test:8001/nl/")
    assert base_url() == settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def test_the_site_record_follows_the_base_url(settings, content):
    """After migrate (the demo and deployments run it when they start) the
    default Site names HUB_BASE_URL, so Wagtail's own absolute URLs (the v2
    API, sitemaps, admin links) agree with the hub's."""
    settings.HUB_BASE_URL = "http://127.0.0.1:8765"
    core = apps.get_app_config("core")
    post_migrate.send(sender=core, app_config=core, verbosity=0, interactive=False,
                      using="default", apps=apps, plan=[])
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("127.0.0.1", 8765)
    event = content["event"]
    # a fresh instance: Wagtail caches the Site's root URL on the page object
    fresh = Page.objects.get(pk=event.pk)
    assert fresh.get_full_url() == page_url(fresh) == f"http://127.0.0.1:8765{event.url}"
    settings.HUB_BASE_URL = BASE
    sync_site_record()
    site.refresh_from_db()
    assert (site.hostname, site.port) == ("hub.example.org", 443)
    fresh = Page.objects.get(pk=event.pk)
    assert fresh.get_full_url() == page_url(fresh) == BASE + event.url
    settings.HUB_BASE_URL = ""  # unset: the record is left alone
    sync_site_record()
    site.refresh_from_db()
    assert site.hostname == "hub.example.org"
