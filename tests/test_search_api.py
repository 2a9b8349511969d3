"""/api/v1/search/ and /api/v1/search/suggest/ on both backends."""

import pytest

from .factories import make_expertise, make_institution


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
    body = client.get("/api/v1/search/", {"q": "geluid"}).json()
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


def test_suggest_api_bad_input(client, db):
    assert client.get("/api/v1/search/suggest/", {"q": "x" * 201}).status_code == 400
    assert client.get("/api/v1/search/suggest/", {"lang": "xx"}).status_code == 400
    assert client.post("/api/v1/search/").status_code == 405
