"""Cache poisoning: whatever one client sends, the answer cached for it never
reaches another client who asked for something else. Probed on the read API's
answer cache (cms/api/http.py) and the full-page cache (cms/core/page_cache.py),
with absolute URLs taken from each request (HUB_BASE_URL unset, as in the
tests; with it set they no longer depend on the request at all)."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.test import Client

from tests.factories import make_event, make_representation

pytestmark = pytest.mark.django_db
HOSTS = ["testserver", "hub.example", "www.hub.example"]
LISTING = "/nl/events/"


@pytest.fixture(autouse=True)
def caches_on(settings):
    settings.HUB_PAGE_CACHE = True
    settings.HUB_BASE_URL = ""
    settings.ALLOWED_HOSTS = HOSTS
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def japan(site_tree):
    representation = make_representation()
    make_event(representation, title="Tokyo fair", days_ahead=10)
    make_event(representation, title="Osaka webinar", days_ahead=20,
               event_type="webinar", attendance_mode="online",
               online_url="https://meet.example/osaka")
    return representation


def api_links(response) -> list[str]:
    data = response.json()
    return [link for link in (data["next"], data["previous"]) if link] + [
        item["url"] for item in data["results"]]


def canonical(response) -> str:
    return re.search(r'<link rel="canonical" href="([^"]+)"',
                     response.content.decode())[1]


HTTPS = {"X-Forwarded-Proto": "https"}


@pytest.fixture
def hub_client():
    """Requests with a Host header, as behind nginx."""
    return Client(HTTP_HOST="hub.example")


@pytest.mark.parametrize("first", ["https", "http"])
def test_api_links_follow_each_requests_scheme(hub_client, japan, first):
    """X-Forwarded-Proto (trusted through SECURE_PROXY_SSL_HEADER) changes the
    links of the answer, so the scheme is part of the key."""
    path = "/api/v1/events/?lang=nl&page_size=1"
    order = [HTTPS, {}] if first == "https" else [{}, HTTPS]
    answers = [hub_client.get(path, headers=headers) for headers in order]
    for headers, answer in zip(order, answers, strict=True):
        scheme = "https" if headers else "http"
        links = api_links(answer)
        assert len(links) == 2
        assert all(link.startswith(f"{scheme}://hub.example/") for link in links), links
    assert answers[0]["ETag"] != answers[1]["ETag"]


@pytest.mark.parametrize("first", ["https", "http"])
def test_page_links_follow_each_requests_scheme(hub_client, japan, first):
    order = [HTTPS, {}] if first == "https" else [{}, HTTPS]
    for headers in order:
        answer = hub_client.get(LISTING, headers=headers)
        scheme = "https" if headers else "http"
        assert answer["X-Cache"] == "miss"
        assert canonical(answer) == f"{scheme}://hub.example{LISTING}"
    for headers in order:  # and each is then served from its own entry
        answer = hub_client.get(LISTING, headers=headers)
        assert answer["X-Cache"] == "hit"
        assert canonical(answer).startswith("https" if headers else "http:")


@pytest.mark.parametrize("path", [LISTING, "/api/v1/events/?lang=nl&page_size=1"])
def test_each_allowed_host_gets_its_own_links(japan, path):
    www, bare = Client(HTTP_HOST="www.hub.example"), Client(HTTP_HOST="hub.example")
    assert "www.hub.example" in www.get(path).content.decode()
    answer = bare.get(path)
    assert "www.hub.example" not in answer.content.decode()
    assert "://hub.example/" in answer.content.decode()


def test_a_foreign_host_is_refused_and_fills_no_cache(client, japan):
    assert Client(HTTP_HOST="evil.example").get(LISTING).status_code == 400
    assert "evil.example" not in client.get(LISTING).content.decode()


@pytest.mark.parametrize("path", [LISTING, "/api/v1/events/?lang=nl&page_size=1"])
def test_unkeyed_forwarding_headers_change_nothing(client, japan, path):
    """X-Forwarded-Host, X-Forwarded-Server, X-Original-URL, X-Rewrite-URL,
    X-HTTP-Method-Override and Forwarded are not read (USE_X_FORWARDED_HOST
    is off), so they cannot shape an answer that others then get."""
    poisoned = client.get(path, headers={
        "X-Forwarded-Host": "evil.example", "X-Forwarded-Server": "evil.example",
        "X-Host": "evil.example", "Forwarded": "host=evil.example;proto=https",
        "X-Original-URL": "/admin/", "X-Rewrite-URL": "/admin/",
        "X-HTTP-Method-Override": "DELETE"})
    assert poisoned.status_code == 200
    assert "evil.example" not in poisoned.content.decode()
    clean = client.get(path)
    assert clean.content == poisoned.content
    assert "evil.example" not in clean.content.decode()


def test_x_original_url_does_not_route_a_cached_page(client, japan):
    home = client.get("/nl/", headers={"X-Original-URL": LISTING})
    assert 'class="page-home"' in home.content.decode()
    listing = client.get(LISTING)
    assert 'class="page-event-index"' in listing.content.decode()


def test_a_trusted_forwarded_host_is_part_of_the_key(client, japan, settings):
    settings.USE_X_FORWARDED_HOST = True
    forwarded = client.get(LISTING, headers={"X-Forwarded-Host": "www.hub.example"})
    assert "www.hub.example" in canonical(forwarded)
    plain = client.get(LISTING)
    assert plain["X-Cache"] == "miss"
    assert canonical(plain) == f"http://testserver{LISTING}"
    refused = client.get(LISTING, headers={"X-Forwarded-Host": "evil.example"})
    assert refused.status_code == 400


def test_semicolons_do_not_cloak_parameters_on_pages(client, japan):
    """Django splits the query on "&" only: "country=JP;type=webinar" is one
    parameter whose value the listing cuts to "JP". The cache key uses the same
    parsing, so the "&" URL (a real type filter) is never answered with it."""
    cloaked = client.get(f"{LISTING}?country=JP;type=webinar")
    assert "Tokyo fair" in cloaked.content.decode()  # type was not applied
    real = client.get(f"{LISTING}?country=JP&type=webinar")
    assert real["X-Cache"] == "miss"
    html = real.content.decode()
    assert "Osaka webinar" in html and "Tokyo fair" not in html
    assert '<option value="webinar" selected>' in html


def test_semicolons_do_not_cloak_parameters_in_the_api(client, japan):
    cloaked = client.get("/api/v1/events/?lang=nl&country=JP;page_size=1")
    assert cloaked.status_code == 400
    assert cloaked.json()["error"]["param"] == "country"
    real = client.get("/api/v1/events/?lang=nl&country=JP&page_size=1")
    assert real.status_code == 200 and real.json()["page_size"] == 1
    assert client.get("/api/v1/events/?lang=nl&country=JP").json()["page_size"] == 20


def test_language_cookie_and_accept_language_do_not_leak_into_pages(client, japan):
    """On a page the URL's prefix decides the language; a visitor's cookie or
    Accept-Language can neither change the cached page nor be cached."""
    client.cookies["django_language"] = "fr"
    odd = client.get(LISTING, headers={"Accept-Language": "de"})
    assert '<html lang="nl">' in odd.content.decode()
    del client.cookies["django_language"]
    plain = client.get(LISTING)
    assert plain["X-Cache"] == "hit" and plain.content == odd.content
    # Unprefixed: a redirect that follows each visitor, never stored
    french = client.get("/", headers={"Accept-Language": "fr"})
    german = client.get("/", headers={"Accept-Language": "de"})
    assert french.status_code == german.status_code == 302
    assert french["Location"] == "/fr/" and german["Location"] == "/de/"


def test_accept_language_does_not_change_the_api(client, japan):
    french = client.get("/api/v1/events/?lang=nl", headers={"Accept-Language": "fr"})
    plain = client.get("/api/v1/events/?lang=nl")
    assert french.json()["lang"] == plain.json()["lang"] == "nl"
    assert french.content == plain.content


def test_a_logged_in_answer_never_reaches_anonymous_visitors(client, japan,
                                                            django_user_model):
    editor = django_user_model.objects.create_superuser("ed", "ed@example.org", "x")
    client.force_login(editor)
    client.get(LISTING)
    client.get("/nl/themes/")  # shows theme problems to staff only
    client.logout()
    for path in (LISTING, "/nl/themes/"):
        assert client.get(path)["X-Cache"] == "miss", path
