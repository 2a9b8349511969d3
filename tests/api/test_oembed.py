"""The oEmbed provider: rich cards for event and expertise URLs, escaping,
size limits and every error case of the spec."""

import html as html_lib
from urllib.parse import quote

import pytest

from cms.core.absolute import page_url
from tests.factories import make_event, make_expertise, translate

pytestmark = pytest.mark.django_db


def oembed(client, url: str, **params):
    return client.get("/oembed", {"url": url, **params})


def assert_rich(data: dict, title: str) -> None:
    assert data["version"] == "1.0" and data["type"] == "rich"
    assert data["title"] == title
    assert data["provider_name"] == "Flanders Academic Hub"
    assert data["provider_url"].startswith("http")
    assert isinstance(data["width"], int) and isinstance(data["height"], int)
    assert data["html"].startswith('<div class="flanders-hub-card"')


def test_event_in_two_languages(client, japan):
    event = make_event(japan, title="Studiebeurs Tokio")
    event_en = translate(event, "en", "Study fair Tokyo")
    response = oembed(client, page_url(event), format="json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    data = response.json()
    assert_rich(data, "Studiebeurs Tokio")
    assert 'lang="nl"' in data["html"] and "Tokyo Big Sight" in data["html"]
    assert page_url(event) in data["html"]
    assert "Meet Flemish universities." in data["html"]
    data_en = oembed(client, f"http://testserver{event_en.url}").json()
    assert_rich(data_en, "Study fair Tokyo")
    # the time as the page says it, in the card's language
    assert 'lang="en"' in data_en["html"] and "Tokyo time" in data_en["html"]
    assert event_en.when_text("en") in data_en["html"]
    assert "Asia/Tokyo" not in data_en["html"]


def test_expertise_in_two_languages(client, kul):
    entry = make_expertise(kul, title="Leuven AI lab")
    entry_fr = translate(entry, "fr", "Laboratoire IA de Louvain")
    data = oembed(client, page_url(entry)).json()
    assert_rich(data, "Leuven AI lab")
    assert "KU Leuven" in data["html"]
    data_fr = oembed(client, page_url(entry_fr) + "?utm=x#top").json()
    assert_rich(data_fr, "Laboratoire IA de Louvain")


def test_hostile_title_is_escaped_in_the_card(client, japan):
    hostile = '<img src=x onerror="alert(1)"> & </div><script>x</script>'
    event = make_event(japan, title=hostile, slug="hostile", summary="<b>bold</b>")
    data = oembed(client, page_url(event)).json()
    assert data["title"] == hostile  # a JSON string, not HTML
    card = data["html"]
    assert "<img" not in card and "<script>" not in card and "<b>" not in card
    assert html_lib.escape(hostile, quote=True) in card
    assert "bold" in card  # summaries are plain text: tags are dropped


def test_maxwidth_and_maxheight(client, japan):
    url = page_url(make_event(japan))
    default = oembed(client, url).json()
    small = oembed(client, url, maxwidth="320", maxheight="150").json()
    assert small["width"] == 320 and small["height"] == 150
    assert "max-width:320px" in small["html"]
    big = oembed(client, url, maxwidth="5000").json()
    assert big["width"] == default["width"] <= 5000
    assert oembed(client, url, maxwidth="9" * 5000).json()["width"] == default["width"]
    assert oembed(client, url, maxwidth="0000000000300").json()["width"] == 300
    for bad in ("wide", "0", "000", "-5", "1.5", "²"):
        response = oembed(client, url, maxwidth=bad)
        assert response.status_code == 400
        assert response.json()["error"]["code"] == "invalid_parameter"
    assert oembed(client, url, maxheight="x").status_code == 400


@pytest.mark.parametrize("url", [
    "https://evil.example.org/nl/institutions/ku-leuven/leuven-ai-lab/",
    "http://testserver/nl/institutions/ku-leuven/",       # an institution, not embeddable
    "http://testserver/nl/institutions/ku-leuven/nothing-here/",
    "http://testserver/xx/institutions/ku-leuven/leuven-ai-lab/",
    "javascript:alert(1)",
    "/nl/institutions/ku-leuven/leuven-ai-lab/",
    "http://testserver/nl/institutions/ku-leuven/leuven%00-ai-lab/",
    "http://testserver/nl/",
    "http://[broken/nl/",
])
def test_unknown_or_foreign_urls_are_404_json(client, kul, url):
    make_expertise(kul, title="Leuven AI lab")
    response = oembed(client, url)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_unpublished_pages_are_not_embeddable(client, japan):
    event = make_event(japan, title="Secret plan")
    url = page_url(event)
    assert oembed(client, url).status_code == 200
    event.unpublish()
    assert oembed(client, url).status_code == 404


def test_xml_format_is_501(client, japan):
    response = oembed(client, page_url(make_event(japan)), format="xml")
    assert response.status_code == 501
    assert response.json()["error"]["code"] == "format_not_implemented"


def test_missing_url_is_400(client, site_tree):
    for params in ({}, {"url": ""}, {"url": "   "}):
        response = client.get("/oembed", params)
        assert response.status_code == 400
        assert response.json()["error"]["code"] == "missing_url"
    response = client.get("/oembed", {"url": "http://testserver/" + "a" * 3000})
    assert response.status_code == 400


def test_post_is_not_allowed(client, site_tree):
    assert client.post("/oembed", {"url": "x"}).status_code == 405


def test_discovery_link_round_trip(client, kul):
    entry = make_expertise(kul, title="Leuven AI lab")
    html = client.get(entry.url).content.decode()
    expected = f"/oembed?url={quote(page_url(entry), safe='')}&amp;format=json"
    assert expected in html
    href = html.split('type="application/json+oembed" href="')[1].split('"')[0]
    response = client.get(html_lib.unescape(href))
    assert response.status_code == 200 and response.json()["title"] == "Leuven AI lab"
