"""/api/v1/search/ and /api/v1/search/suggest/ on both backends."""

import pytest
from django.core.cache import cache

from tests.factories import make_expertise, make_institution


@pytest.fixture
def entries(site_tree, search_backend, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        leuven = make_institution("KU Leuven", "ku-leuven")
        make_expertise(leuven, "Lab voor fotonica", summary="Licht en lasers.")
        make_expertise(leuven, "Lab voor akoestiek", kind="facility",
                       summary="Geluid & trillingen < 20 Hz meten.")
    return leuven


def test_search_api_returns_results_and_facets(client, entries):
    answer = client.get("/api/v1/search/", {"q": "lab", "lang": "nl",
                                            "type": "expertise", "kind": "lab"})
    assert answer.status_code == 200
    assert answer["Access-Control-Allow-Origin"] == "*"
    body = answer.json()
    assert body["count"] == 1
    result = body["results"][0]
    assert result["title"] == "Lab voor fotonica"
    assert result["url"].startswith("http://testserver/nl/")
    assert result["organisations"] == ["KU Leuven"]
    kinds = {f["value"]: f["count"] for f in body["facets"]["kind"]}
    assert kinds == {"lab": 1, "facility": 1}  # own selection ignored


def test_search_api_escapes_snippets(client, entries):
    body = client.get("/api/v1/search/", {"q": "geluid", "lang": "nl"}).json()
    assert "&amp; trillingen &lt; 20 Hz" in body["results"][0]["snippet_html"]
    assert "<mark>" in body["results"][0]["snippet_html"]


def test_suggest_api(client, entries):
    body = client.get("/api/v1/search/suggest/", {"q": "foto", "lang": "nl"}).json()
    assert body["suggestions"][0]["text"] == "Lab voor fotonica"
    assert body["suggestions"][0]["url"].startswith("http://testserver/nl/")


@pytest.mark.parametrize("params,param", [
    ({"lang": "xx"}, "lang"), ({"q": "x" * 1001}, "q"), ({"page": "0"}, "page"),
    ({"page_size": "101"}, "page_size"), ({"colour": "red"}, "colour"),
    ({"type": "people"}, "type"), ({"sort": "random"}, "sort"),
])
def test_search_api_bad_input_is_a_400_with_json(client, db, params, param):
    answer = client.get("/api/v1/search/", params)
    assert answer.status_code == 400
    assert answer.json()["error"]["param"] == param
    assert answer.json()["error"]["message"]
    assert answer.json()["error"]["code"] in {
        "invalid_language", "too_long", "invalid_integer", "unknown_parameter",
        "invalid_choice"}


def test_suggest_api_bad_input(client, db):
    assert client.get("/api/v1/search/suggest/", {"q": "x" * 201}).status_code == 400
    assert client.get("/api/v1/search/suggest/", {"lang": "xx"}).status_code == 400
    assert client.post("/api/v1/search/").status_code == 405
    unknown = client.get("/api/v1/search/suggest/", {"q": "ab", "colour": "red"})
    assert unknown.status_code == 400
    assert unknown.json()["error"]["param"] == "colour"


def test_search_api_default_language_is_english_like_the_rest_of_the_api(
        client, entries):
    assert client.get("/api/v1/search/", {"q": "geluid"}).json()["count"] == 0
    assert client.get("/api/v1/events/").status_code == 200  # same default
    assert client.get("/api/v1/search/", {"q": "geluid", "lang": "nl"}).json()[
        "count"] == 1


def test_search_api_etag_gives_304_but_answers_are_not_kept(
        client, entries, django_capture_on_commit_callbacks):
    first = client.get("/api/v1/search/", {"q": "lab", "lang": "nl"})
    assert first.status_code == 200 and first["ETag"]
    assert "Last-Modified" not in first  # results follow the index, not a clock
    again = client.get("/api/v1/search/", {"q": "lab", "lang": "nl"},
                       headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    # A new entry changes the answer at once (no server-side cache).
    with django_capture_on_commit_callbacks(execute=True):
        make_expertise(entries, "Lab voor robotica", summary="Robots.")
    changed = client.get("/api/v1/search/", {"q": "lab", "lang": "nl"},
                         headers={"If-None-Match": first["ETag"]})
    assert changed.status_code == 200
    assert changed.json()["count"] == 3


def test_search_api_is_rate_limited_with_the_rest_of_the_api(client, db, settings):
    cache.clear()  # the counters live in the cache
    settings.HUB_API_RATE_LIMIT = "2/60"
    for _ in range(2):
        assert client.get("/api/v1/search/suggest/", {"q": "ab"}).status_code == 200
    limited = client.get("/api/v1/search/", {"q": "ab"})
    assert limited.status_code == 429
    assert limited.json()["error"]["code"] == "rate_limited"
    assert int(limited["Retry-After"]) >= 1
