"""The HTTP layer every public, language-free endpoint shares (cms/core/http.py,
cms/core/middleware.py, cms/language_free_urls.py): their 404s are their own
answers, never a redirect to /nl/...; conditional GET answers 304 with the
ETag; CORS preflights; while an unknown path without a language prefix is
still sent on to its language-prefixed page."""

from __future__ import annotations

import json
import uuid

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from cms.core.http import public_endpoint
from plugins import registry
from themes import stylesheets

pytestmark = pytest.mark.django_db

JSON_404S = [
    "/api/v1/nothing-here/",
    "/oembed?url=http%3A%2F%2Ftestserver%2Fnl%2Fnothing%2Fhere%2F",
    "/embed/v1/themes/no-such-theme.css",
    "/embed/v2/widgets.js",
    "/plugins/nothing-here/",
    "/export/no-such-exporter/events",
    "/export/nothing",
    "/feeds/nothing.rss",
]
TEXT_404S = [
    f"/events/{uuid.uuid4()}.ics",
    "/theme-css/no-such-theme/0123456789abcdef0123.css",
]


@pytest.mark.parametrize("url", JSON_404S)
def test_a_404_of_a_json_endpoint_is_json_not_a_redirect(client, site_tree, url):
    response = client.get(url)
    assert response.status_code == 404, url
    assert "Location" not in response
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["code"] == "not_found"
    assert set(response.json()["error"]) == {"code", "message", "param"}
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("url", TEXT_404S)
def test_a_404_of_a_file_endpoint_is_plain_not_a_redirect(client, site_tree, url):
    response = client.get(url)
    assert response.status_code == 404, url
    assert "Location" not in response
    assert response["Content-Type"].startswith("text/plain")


def test_a_disabled_plugins_urls_answer_json_404s_not_redirects(client, site_tree):
    registry.set_enabled("hub_widgets", False)
    for url in ("/embed/v1/widgets.js", "/embed/v1/theme.css"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Location" not in response
        assert "disabled" in response.json()["error"]["message"]


@pytest.mark.parametrize("path", ["/no-such-page/", "/events/"])
def test_an_unprefixed_page_path_is_still_sent_to_its_language(client, site_tree, path):
    """LocaleMiddleware's redirect, as before: these resolve nowhere."""
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == f"/nl{path}"


def test_api_conditional_get_answers_304_with_the_etag(client, site_tree):
    first = client.get("/api/v1/events/")
    assert first.status_code == 200
    etag, last_modified = first["ETag"], first["Last-Modified"]
    for headers in ({"If-None-Match": etag}, {"If-None-Match": f"W/{etag}, \"other\""},
                    {"If-Modified-Since": last_modified}):
        again = client.get("/api/v1/events/", headers=headers)
        assert again.status_code == 304, headers
        assert again.content == b""
        assert again["ETag"] == etag
        assert again["Last-Modified"] == last_modified
        assert again["Cache-Control"] == "public, max-age=60"
        assert again["Access-Control-Allow-Origin"] == "*"
    changed = client.get("/api/v1/events/", headers={"If-None-Match": '"stale"'})
    assert changed.status_code == 200 and changed.content == first.content


def test_api_errors_have_no_validators_and_are_not_304(client, site_tree):
    bad = client.get("/api/v1/events/", {"from": "yesterday"},
                     headers={"If-None-Match": "*"})
    assert bad.status_code == 400
    assert "ETag" not in bad and "Cache-Control" not in bad
    assert bad.json()["error"]["param"] == "from"


def test_page_stylesheet_conditional_get(client, site_tree):
    css = stylesheets.current_css("flanders")
    url = f"/theme-css/flanders/{stylesheets.digest(css)}.css"
    first = client.get(url)
    assert first.status_code == 200
    for tag in (first["ETag"], f"W/{first['ETag']}"):
        again = client.get(url, headers={"If-None-Match": tag})
        assert again.status_code == 304
        assert again["ETag"] == first["ETag"]
        assert again["Cache-Control"] == first["Cache-Control"]


@pytest.mark.parametrize("url", ["/api/v1/events/", "/oembed", "/export/csv/events",
                                 "/embed/v1/widgets.js"])
def test_cors_preflight_on_public_endpoints(client, site_tree, url):
    response = client.options(url, headers={
        "Origin": "https://www.example.org", "Access-Control-Request-Method": "GET"})
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "If-None-Match" in response["Access-Control-Allow-Headers"]
    assert response["Access-Control-Max-Age"] == "86400"


@pytest.mark.parametrize("url", ["/api/v1/institutions/", "/oembed",
                                 "/export/csv/events"])
def test_writes_are_a_json_405_with_cors(client, site_tree, url):
    response = client.post(url, {})
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.json()["error"]["code"] == "method_not_allowed"


# -- the decorator itself -----------------------------------------------------------


@public_endpoint(etag=lambda request, name: f'"{name}-v1"',
                 cache_control="public, max-age=5",
                 extra_headers={"X-Content-Type-Options": "nosniff"})
def greeting(request, name: str) -> HttpResponse:
    if name == "nobody":
        return HttpResponse(json.dumps({"error": {"code": "not_found"}}), status=404)
    return HttpResponse(f"hello {name}")


def test_public_endpoint_decorator():
    factory = RequestFactory()
    fresh = greeting(factory.get("/"), name="ada")
    assert fresh.status_code == 200 and fresh.content == b"hello ada"
    assert fresh["ETag"] == '"ada-v1"' and fresh["Cache-Control"] == "public, max-age=5"
    assert fresh["X-Content-Type-Options"] == "nosniff"
    current = factory.get("/", headers={"If-None-Match": '"ada-v1"'})
    cached = greeting(current, name="ada")
    assert cached.status_code == 304 and cached["Cache-Control"] == "public, max-age=5"
    assert cached["Access-Control-Allow-Origin"] == "*"
    missing = greeting(factory.get("/"), name="nobody")
    assert missing.status_code == 404 and "Cache-Control" not in missing
    assert missing["Access-Control-Allow-Origin"] == "*"
    posted = greeting(factory.post("/"), name="ada")
    assert posted.status_code == 405 and posted["Allow"] == "GET, HEAD, OPTIONS"
    assert greeting.csrf_exempt
