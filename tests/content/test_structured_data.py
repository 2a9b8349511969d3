"""schema.org JSON-LD, Open Graph and oEmbed discovery on the public pages:
parsed from the rendered HTML and checked per type."""

import json
import re
from datetime import datetime

import pytest
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Locale

from cms.core.absolute import page_url
from cms.core.structured_data import dumps_for_script
from cms.expertise.models import ExpertiseContact
from tests.factories import (
    make_event,
    make_expertise,
    make_institution,
    make_representation,
    make_scholarship,
    publish,
)

pytestmark = pytest.mark.django_db

SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
REQUIRED = {
    "Event": {"name", "startDate", "endDate", "location", "eventStatus",
              "eventAttendanceMode", "organizer", "url", "description", "inLanguage"},
    "ResearchOrganization": {"name", "url"},
    "GovernmentOrganization": {"name", "url", "address"},
    "MonetaryGrant": {"name", "url", "description", "potentialAction"},
}


def json_ld(client, url: str) -> list[dict]:
    response = client.get(url)
    assert response.status_code == 200
    blocks = [json.loads(raw) for raw in SCRIPT.findall(response.content.decode())]
    for block in blocks:
        assert block["@context"] == "https://schema.org"
        assert REQUIRED.get(block["@type"], set()) <= block.keys(), block
    return blocks


def only(blocks: list[dict], type_: str) -> dict:
    found = [b for b in blocks if b["@type"] == type_]
    assert len(found) == 1, blocks
    return found[0]


@pytest.fixture
def japan(site_tree):
    return make_representation(address="Chiyoda-ku\nTokyo", website="https://flanders.jp")


@pytest.fixture
def kul(site_tree):
    return make_institution(ror_id="05f950310", website="https://www.kuleuven.be",
                            city="Leuven")


def test_in_person_event(client, japan):
    event = make_event(japan, title="Study in Flanders fair", venue_address="3-11-1 Ariake",
                       latitude="35.630000", longitude="139.794000",
                       registration_url="https://example.org/register",
                       languages=["en", "ja"])
    data = only(json_ld(client, event.url), "Event")
    assert data["name"] == "Study in Flanders fair"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    start = datetime.fromisoformat(data["startDate"])
    assert start == event.start and start.utcoffset().total_seconds() == 9 * 3600
    assert data["startDate"].endswith("+09:00") and data["endDate"].endswith("+09:00")
    place = data["location"]
    assert place["@type"] == "Place" and place["name"] == "Tokyo Big Sight"
    assert place["address"] == {"@type": "PostalAddress", "streetAddress": "3-11-1 Ariake",
                                "addressLocality": "Tokyo", "addressCountry": "JP"}
    assert place["geo"] == {"@type": "GeoCoordinates", "latitude": 35.63, "longitude": 139.794}
    organizer = data["organizer"]
    assert organizer["@type"] == "GovernmentOrganization"
    assert organizer["name"] == "Flanders in Japan"
    assert organizer["url"].endswith("/nl/representations/japan/")
    assert data["offers"]["url"] == "https://example.org/register"
    assert data["inLanguage"] == ["en", "ja"]
    assert data["url"].endswith(event.url)
    assert data["description"] == "Meet Flemish universities."


def test_online_event_has_virtual_location(client, japan):
    event = make_event(japan, title="Webinar", attendance_mode="online",
                       online_url="https://example.org/join", venue_name="", venue_city="")
    data = only(json_ld(client, event.url), "Event")
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"] == {"@type": "VirtualLocation", "url": "https://example.org/join"}
    assert data["inLanguage"] == "nl"  # no event languages given: the page language


def test_hybrid_event_has_both_locations(client, japan):
    event = make_event(japan, title="Hybrid seminar", attendance_mode="mixed",
                       online_url="https://example.org/live")
    data = only(json_ld(client, event.url), "Event")
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert sorted(loc["@type"] for loc in data["location"]) == ["Place", "VirtualLocation"]


@pytest.mark.parametrize("status, expected", [
    ("cancelled", "EventCancelled"), ("postponed", "EventPostponed"),
    ("rescheduled", "EventRescheduled"),
])
def test_event_status_variants(client, japan, status, expected):
    event = make_event(japan, title=f"Fair {status}", status=status)
    data = only(json_ld(client, event.url), "Event")
    assert data["eventStatus"] == f"https://schema.org/{expected}"


def test_event_moved_online(client, japan):
    event = make_event(japan, title="Moved fair", status="moved-online",
                       online_url="https://example.org/now-online")
    data = only(json_ld(client, event.url), "Event")
    assert data["eventStatus"] == "https://schema.org/EventMovedOnline"
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"]["@type"] == "VirtualLocation"


def test_recurring_event_has_schedule_and_next_occurrence(client, kul):
    event = make_event(kul, title="Weekly seminar", tz="Europe/Brussels", days_ahead=-15,
                       recurrence_rule="FREQ=WEEKLY;BYDAY=TU,TH;COUNT=20",
                       venue_name="Aula", venue_city="Leuven", venue_country="BE")
    data = only(json_ld(client, event.url), "Event")
    schedule = data["eventSchedule"]
    assert schedule["@type"] == "Schedule"
    assert schedule["repeatFrequency"] == "P1W"
    assert schedule["byDay"] == ["https://schema.org/Tuesday", "https://schema.org/Thursday"]
    assert schedule["repeatCount"] == 20
    assert schedule["scheduleTimezone"] == "Europe/Brussels"
    assert schedule["startTime"] == "10:00:00" and schedule["duration"] == "PT3H"
    next_start = datetime.fromisoformat(data["startDate"])
    assert next_start == event.next_occurrence()[0] and next_start > event.start


def test_all_day_event_uses_dates(client, japan):
    event = make_event(japan, title="Fair week", all_day=True)
    data = only(json_ld(client, event.url), "Event")
    assert data["startDate"] == event.local_start.date().isoformat()


def test_institution_is_research_organization_with_ror(client, kul):
    data = only(json_ld(client, kul.url), "ResearchOrganization")
    assert data["identifier"] == "https://ror.org/05f950310"
    assert "https://ror.org/05f950310" in data["sameAs"]
    assert "https://www.kuleuven.be" in data["sameAs"]
    assert data["address"]["addressLocality"] == "Leuven"
    assert data["url"].endswith(kul.url)


def test_representation_is_government_organization(client, japan):
    data = only(json_ld(client, japan.url), "GovernmentOrganization")
    assert data["address"] == {"@type": "PostalAddress", "streetAddress": "Chiyoda-ku Tokyo",
                               "addressLocality": "Tokyo", "addressCountry": "JP"}
    assert data["sameAs"] == ["https://flanders.jp"]


def test_expertise_with_institution_and_only_consenting_people(client, kul):
    entry = make_expertise(kul, title="Leuven AI lab", live=False)
    entry.contacts.add(ExpertiseContact(name="Ann Agreed", role="Head", consent_to_publish=True,
                                        email="ann@example.org", show_email=False,
                                        orcid="0000-0002-1825-0097"))
    entry.contacts.add(ExpertiseContact(name="Bert Shown", consent_to_publish=True,
                                        email="bert@example.org", show_email=True))
    entry.contacts.add(ExpertiseContact(name="Carl Secret", consent_to_publish=False,
                                        email="carl@example.org", show_email=True))
    entry.keywords.add("machine learning")
    publish(entry)
    response = client.get(entry.url)
    data = only(json_ld(client, entry.url), "ResearchOrganization")
    assert data["name"] == "Leuven AI lab"
    assert "machine learning" in data["knowsAbout"]
    parent = data["parentOrganization"]
    assert parent["@type"] == "ResearchOrganization" and parent["name"] == "KU Leuven"
    assert parent["identifier"] == "https://ror.org/05f950310"
    people = {p["name"]: p for p in data["member"]}
    assert set(people) == {"Ann Agreed", "Bert Shown"}
    assert all(p["@type"] == "Person" for p in people.values())
    assert "email" not in people["Ann Agreed"]
    assert people["Ann Agreed"]["sameAs"] == "https://orcid.org/0000-0002-1825-0097"
    assert people["Bert Shown"]["email"] == "bert@example.org"
    html = response.content.decode()
    assert "Carl Secret" not in html and "carl@example.org" not in html
    assert "ann@example.org" not in html


def test_hostile_title_cannot_break_out_of_script(client, japan):
    hostile = "</script><script>alert(1)</script> & <!--"
    event = make_event(japan, title=hostile, slug="hostile")
    html = client.get(event.url).content.decode()
    assert "<script>alert(1)" not in html
    raw = SCRIPT.findall(html)[0]
    assert "<" not in raw and ">" not in raw and "&" not in raw
    assert "\\u003c/script\\u003e" in raw
    assert json.loads(raw)["name"] == hostile


def test_scholarship_is_a_monetary_grant_of_the_department(client, site_tree):
    department = make_institution("Departement Onderwijs en Vorming", "departement",
                                  kind="government", city="Brussel")
    grant = make_scholarship("Master Mind-beurzen", amount="tot EUR 8.400 per jaar",
                             link="https://example.org/master-mind")
    data = only(json_ld(client, grant.url), "MonetaryGrant")
    assert data["name"] == "Master Mind-beurzen"
    assert data["url"] == page_url(grant) and data["@id"].endswith("#scholarship")
    assert data["description"].startswith("A Flemish Government grant")
    assert data["funder"]["@type"] == "GovernmentOrganization"
    assert data["funder"]["name"] == department.title
    assert data["funder"]["url"] == page_url(department)
    assert data["amount"] == {"@type": "MonetaryAmount",
                              "description": "tot EUR 8.400 per jaar"}
    action = data["potentialAction"]
    assert action["@type"] == "ApplyAction"
    assert action["target"] == "https://example.org/master-mind"
    ends = action["actionAccessibilityRequirement"]["availabilityEnds"]
    assert datetime.fromisoformat(ends) == grant.deadline


def test_scholarship_without_funder_or_amount_leaves_them_out(client, site_tree):
    grant = make_scholarship("Beurs zonder bedrag")
    data = only(json_ld(client, grant.url), "MonetaryGrant")
    assert "funder" not in data and "amount" not in data


def test_hostile_scholarship_title_stays_inside_its_script(client, site_tree):
    hostile = "</script><script>alert(1)</script> & <!--"
    grant = make_scholarship(hostile, slug="hostile-grant", amount="<b>&</b>")
    html = client.get(grant.url).content.decode()
    assert "<script>alert(1)" not in html
    raw = SCRIPT.findall(html)[0]
    assert "<" not in raw and ">" not in raw and "&" not in raw
    data = json.loads(raw)
    assert data["name"] == hostile and data["amount"]["description"] == "<b>&</b>"


def test_dumps_for_script_escapes_html_and_line_separators():
    text = dumps_for_script({"x": "<a>&\u2028"})
    assert text == '{"x":"\\u003ca\\u003e\\u0026\\u2028"}'
    assert json.loads(text) == {"x": "<a>&\u2028"}


def test_open_graph_twitter_canonical_and_oembed_links(client, japan):
    event = make_event(japan, title="Tokyo fair")
    event_en = event.copy_for_translation(Locale.objects.get(language_code="en"),
                                          copy_parents=True)
    event_en.title = "Tokyo fair (EN)"
    publish(event_en)
    html = client.get(event.url).content.decode()
    full_url = page_url(event)
    assert f'<link rel="canonical" href="{full_url}">' in html
    assert '<meta property="og:title" content="Tokyo fair">' in html
    assert '<meta property="og:description" content="Meet Flemish universities.">' in html
    assert f'<meta property="og:url" content="{full_url}">' in html
    assert '<meta property="og:type" content="website">' in html
    assert '<meta property="og:locale" content="nl_BE">' in html
    assert '<meta property="og:locale:alternate" content="en_GB">' in html
    assert '<meta property="og:site_name" content="Vlaamse academische hub">' in html
    assert '<meta name="twitter:card" content="summary">' in html
    assert f'hreflang="en" href="{page_url(event_en)}"' in html
    assert '<link rel="alternate" hreflang="x-default"' in html
    links = re.findall(r'<link rel="alternate" type="application/json\+oembed" href="([^"]+)"',
                       html)
    assert len(links) == 1 and "/oembed?url=" in links[0] and "format=json" in links[0]
    assert html.count('rel="canonical"') == 1


def test_og_tags_on_other_pages_and_no_oembed_link(client, site_tree, kul):
    for url in ("/nl/", site_tree["events"].url, kul.url):
        html = client.get(url).content.decode()
        assert '<meta property="og:title"' in html and 'name="twitter:card"' in html
        assert "application/json+oembed" not in html


def test_pages_outside_the_tree_get_site_wide_tags(client, site_tree):
    response = client.get("/nl/does-not-exist/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<meta property="og:site_name" content="Vlaamse academische hub">' in html
    assert 'rel="canonical"' not in html and "application/ld+json" not in html


def test_logo_becomes_og_image_and_organization_logo(client, site_tree, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    logo = Image.objects.create(title="logo", file=get_test_image_file())
    ugent = make_institution(title="Ghent University", slug="ugent", logo=logo)
    event = make_event(ugent, title="Ghent open day", venue_city="Ghent", venue_country="BE")
    data = only(json_ld(client, ugent.url), "ResearchOrganization")
    assert data["logo"].startswith("http://testserver/media/images/")
    html = client.get(event.url).content.decode()
    assert f'<meta property="og:image" content="{data["logo"]}">' in html
    assert only(json_ld(client, event.url), "Event")["image"] == data["logo"]
