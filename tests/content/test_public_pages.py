"""Public site templates: pages render real content, filters filter, personal
data stays hidden unless agreed, user text is escaped."""

import re
from datetime import timedelta

import pytest
from django.template import loader
from django.utils import timezone
from wagtail.models import Locale

from cms.expertise.models import ExpertiseContact
from tests.factories import make_event, make_expertise, make_representation

pytestmark = pytest.mark.django_db


def test_home_page_renders_with_landmarks(client, japan):
    make_event(japan, title="Tokyo fair")
    response = client.get("/nl/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="nl">' in html
    assert "<main" in html and "<nav" in html and "<footer" in html
    assert 'href="#main"' in html
    assert "Tokyo fair" in html
    # The theme is an external stylesheet (the CSP allows no inline style).
    href = re.search(r'<link rel="stylesheet" href="(/theme-css/[^"]+)"', html)[1]
    css = client.get(href).content.decode()
    assert "--hub-color-accent:#ffe615" in css
    assert "'Segoe UI'" in css  # theme fonts are not HTML-escaped
    assert "/nl/events/" in html


def test_event_page_shows_time_in_event_zone(client, japan):
    event = make_event(japan, title="Study in Flanders Tokyo", tz="Asia/Tokyo")
    response = client.get(event.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Study in Flanders Tokyo" in html
    assert "10:00" in html
    assert "Asia/Tokyo" in html
    assert "Flanders in Japan" in html
    assert f'datetime="{event.start.isoformat()}"' in html
    assert f"/events/{event.translation_key}.ics" in html
    # The visitor's local time comes from a static script (no inline script
    # under the CSP), labelled in the page's language.
    assert 'src="/static/events/local-time.js"' in html
    assert 'class="visitor-time" hidden' in html and 'data-label="' in html


def test_event_status_badge(client, japan):
    event = make_event(japan, title="Cancelled fair", status="cancelled")
    html = client.get(event.url).content.decode()
    assert 'class="badge badge--cancelled"' in html


def test_event_index_filters_by_type(client, site_tree, japan):
    make_event(japan, title="Fair in Tokyo", event_type="education-fair")
    make_event(japan, title="Webinar on AI", event_type="webinar",
               attendance_mode="online", online_url="https://example.org/join")
    url = site_tree["events"].url
    html = client.get(url).content.decode()
    assert "Fair in Tokyo" in html and "Webinar on AI" in html
    html = client.get(url, {"type": "webinar"}).content.decode()
    assert "Webinar on AI" in html
    assert "Fair in Tokyo" not in html
    assert '<label for="f-type">' in html


def test_event_index_past_archive(client, site_tree, japan):
    make_event(japan, title="Old mission", days_ahead=-40)
    make_event(japan, title="Next mission", days_ahead=10)
    url = site_tree["events"].url
    html = client.get(url).content.decode()
    assert "Next mission" in html and "Old mission" not in html
    html = client.get(url, {"when": "past"}).content.decode()
    assert "Old mission" in html and "Next mission" not in html


def test_language_switcher_links(client, japan):
    event = make_event(japan)
    html = client.get(event.url).content.decode()
    for code in ("en", "fr", "de"):
        assert f'href="/{code}/' in html
    assert 'hreflang="en"' in html


def test_language_switcher_links_to_translation(client, site_tree):
    html = client.get("/nl/events/").content.decode()
    assert 'href="/en/events/"' in html
    assert 'href="/fr/events/"' in html
    assert 'href="/de/events/"' in html
    response = client.get("/en/events/")
    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()


def test_expertise_contacts_respect_consent(client, kul):
    entry = make_expertise(kul, title="Leuven AI lab")
    entry.contacts.add(ExpertiseContact(
        name="Ann Public", role="Lead", email="ann@example.org",
        show_email=True, consent_to_publish=True, orcid="0000-0002-1825-0097",
    ))
    entry.contacts.add(ExpertiseContact(
        name="Bert Quiet", email="bert@example.org", show_email=False,
        consent_to_publish=True,
    ))
    entry.contacts.add(ExpertiseContact(
        name="Carl Secret", email="carl@example.org", show_email=True,
        consent_to_publish=False,
    ))
    entry.save_revision().publish()
    response = client.get(entry.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Leuven AI lab" in html
    assert "Ann Public" in html and "ann@example.org" in html
    assert "https://orcid.org/0000-0002-1825-0097" in html
    assert "Bert Quiet" in html and "bert@example.org" not in html
    assert "Carl Secret" not in html and "carl@example.org" not in html


def test_expertise_index_filters_by_kind(client, site_tree, kul):
    make_expertise(kul, title="Leuven AI lab", kind="lab")
    make_expertise(kul, title="Cleanroom facility", kind="facility")
    url = site_tree["expertise"].url
    html = client.get(url, {"kind": "facility"}).content.decode()
    assert "Cleanroom facility" in html and "Leuven AI lab" not in html


def test_organisation_pages(client, site_tree, japan, kul):
    make_event(japan, title="Fair in Tokyo", participating_institutions=[])
    make_expertise(kul, title="Leuven AI lab")
    html = client.get(japan.url).content.decode()
    assert "Flanders in Japan" in html and "Fair in Tokyo" in html
    html = client.get(kul.url).content.decode()
    assert "KU Leuven" in html and "Leuven AI lab" in html
    assert client.get(site_tree["institutions"].url).status_code == 200
    assert "Flanders in Japan" in client.get(
        site_tree["representations"].url).content.decode()
    assert client.get(site_tree["scholarships"].url).status_code == 200


def test_event_title_is_escaped(client, japan):
    event = make_event(japan, title="<script>alert(1)</script>", slug="xss")
    html = client.get(event.url).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_friendly_404(client, site_tree):
    response = client.get("/nl/does-not-exist/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<main" in html
    assert 'href="/nl/"' in html
    assert 'href="/en/"' in html


def test_500_template_is_standalone():
    html = loader.get_template("500.html").render()
    assert "Something went wrong" in html


def test_ics_download(client, japan):
    event = make_event(japan)
    response = client.get(f"/events/{event.translation_key}.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert f"{event.translation_key}@flanders-academic-hub" in response.content.decode()


def test_locale_fixture_sanity(site_tree):
    assert Locale.objects.filter(language_code="de").exists()


def test_recurring_series_is_listed_at_its_next_occurrence(client, site_tree):
    rep = make_representation(title="Flanders in Vienna", slug="vienna", city="Vienna",
                              country="AT", time_zone="Europe/Vienna", region="europe")
    start = timezone.now() - timedelta(days=14)
    event = make_event(rep, title="Weekly Vienna seminar", tz="Europe/Vienna",
                       start=start, end=start + timedelta(hours=1),
                       recurrence_rule="FREQ=WEEKLY;COUNT=8", venue_city="Vienna",
                       venue_country="AT")
    response = client.get("/nl/events/")
    html = response.content.decode()
    assert "Weekly Vienna seminar" in html
    assert event.next_start > timezone.now() - timedelta(hours=2)
    assert event.next_start.isoformat() in html
    assert event.start.isoformat() not in html
