"""Scholarships in the visitors' search, on both backends: found, faceted,
gone when unpublished, rebuilt, and accepted by the page, the API and the
OpenAPI document as the type "scholarship"."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation

from cms.core.timefmt import deadline_text
from cms.institutions.models import Discipline
from search.facets import FACETS_BY_TYPE, TYPE_TITLES
from search.service import SearchRequest, get_search_service
from tests.factories import make_institution, make_scholarship

pytestmark = pytest.mark.django_db


def search(**kwargs):
    kwargs.setdefault("language", "nl")
    return get_search_service().search(SearchRequest(**kwargs))


def counts(response, facet: str) -> dict[str, int]:
    return {f.value: f.count for f in response.facets.get(facet, [])}


@pytest.fixture
def grants(site_tree, search_backend, django_capture_on_commit_callbacks):
    """The Department, a university and one published scholarship in
    computer science, indexed through the publishing signals."""
    with django_capture_on_commit_callbacks(execute=True):
        department = make_institution("Departement Onderwijs en Vorming",
                                      "departement", kind="government")
        make_institution("KU Leuven", "ku-leuven")
        grant = make_scholarship(
            "Master Mind-beurzen", amount="tot EUR 8.400",
            eligibility="<p>Uitstekende studieresultaten in informatica.</p>")
        grant.disciplines.set([Discipline.objects.get(code="1.2")])
        grant.save_revision().publish()
    return {"department": department, "grant": grant}


def test_a_published_scholarship_is_found_on_both_backends(grants):
    response = search(query="master mind")
    assert [(h.title, h.doc_type) for h in response.hits] == [
        ("Master Mind-beurzen", "scholarship")]
    # eligibility and the funder's name are searched too
    assert search(query="studieresultaten").total == 1
    assert search(query="departement onderwijs", doc_type="scholarship").total == 1
    assert search(doc_type="scholarship").total == 1
    assert search(doc_type="event").total == 0


def test_scholarships_have_a_type_and_their_own_facets(grants):
    everything = search()
    assert counts(everything, "type")["scholarship"] == 1
    label = {f.value: f.label for f in everything.facets["type"]}["scholarship"]
    with translation.override("nl"):  # the search's language, not a leftover one
        assert label == str(TYPE_TITLES["scholarship"]) and label != "scholarship"

    response = search(doc_type="scholarship")
    assert set(response.facets) == set(FACETS_BY_TYPE["scholarship"])
    assert counts(response, "field") == {"1": 1}
    assert counts(response, "discipline") == {"1.2": 1}
    funder = grants["department"].public_id
    assert counts(response, "institution") == {funder: 1}
    labels = {f.value: f.label for f in response.facets["institution"]}
    assert labels[funder] == "Departement Onderwijs en Vorming"
    assert search(doc_type="scholarship", filters={"field": ["3"]}).total == 0


def test_unpublishing_removes_and_publishing_restores(
        grants, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        grants["grant"].unpublish()
    assert search(query="master mind").total == 0
    assert "scholarship" not in counts(search(), "type")
    with django_capture_on_commit_callbacks(execute=True):
        grants["grant"].save_revision().publish()
    assert search(query="master mind").total == 1


def test_a_funder_rename_reaches_its_scholarships(
        grants, django_capture_on_commit_callbacks):
    department = grants["department"]
    with django_capture_on_commit_callbacks(execute=True):
        department.title = "Agentschap Hoger Onderwijs"
        department.save_revision().publish()
    assert search(query="agentschap", doc_type="scholarship").total == 1


def test_a_rebuild_indexes_scholarships(grants):
    call_command("search_index", "rebuild", stdout=StringIO(), stderr=StringIO())
    assert titles_of(search(query="master mind")) == ["Master Mind-beurzen"]


def titles_of(response) -> list[str]:
    return [hit.title for hit in response.hits]


def test_search_api_and_suggest_accept_the_type(client, grants):
    answer = client.get("/api/v1/search/", {"q": "beurzen", "lang": "nl",
                                            "type": "scholarship", "field": "1"})
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert [r["type"] for r in body["results"]] == ["scholarship"]
    assert body["results"][0]["title"] == "Master Mind-beurzen"
    assert {f["value"] for f in body["facets"]["discipline"]} == {"1.2"}

    suggest = client.get("/api/v1/search/suggest/",
                         {"q": "master", "lang": "nl", "type": "scholarship"})
    assert suggest.status_code == 200, suggest.content
    assert suggest.json()["suggestions"][0]["text"] == "Master Mind-beurzen"
    # a filter scholarships do not have is still refused with JSON
    refused = client.get("/api/v1/search/", {"type": "scholarship", "kind": "lab"})
    assert refused.status_code == 400
    assert refused.json()["error"]["param"] == "kind"


def test_search_page_offers_and_shows_scholarships(client, grants):
    html = client.get("/nl/search/", {"q": "beurzen"}).content.decode()
    assert "Master Mind-beurzen" in html
    assert "type=scholarship" in html
    assert "Beurzen (1)" in html  # the type's tab, in Dutch, with its count
    narrowed = client.get("/nl/search/", {"type": "scholarship", "field": "1"})
    assert narrowed.status_code == 200
    assert "Master Mind-beurzen" in narrowed.content.decode()
    suggest = client.get("/nl/search/suggest/", {"q": "master", "type": "scholarship"})
    assert suggest.status_code == 200
    kinds = {s["kind"] for s in suggest.json()["suggestions"]}
    assert "scholarship" in kinds


def test_openapi_lists_the_type_and_its_facets(client, db):
    document = client.get("/api/v1/openapi.json").json()
    parameters = {p["name"]: p for p in
                  document["paths"]["/search/"]["get"]["parameters"]}
    assert "scholarship" in parameters["type"]["schema"]["enum"]
    assert "scholarship" in parameters["field"]["description"]


def test_a_scholarship_hit_shows_its_deadline(grants, client):
    deadline = grants["grant"].deadline.isoformat()
    [hit] = search(query="master mind").hits
    assert hit.data["deadline"] == deadline
    html = client.get("/nl/search/", {"q": "master mind"}).content.decode()
    # The deadline in the page's language and the site's zone (cms/core/timefmt.py).
    shown = deadline_text(grants["grant"].deadline, language="nl")
    assert shown.startswith("Aanvragen tot ") and "tijd in Brussel" in shown
    assert f'<time datetime="{deadline}">{shown}</time>' in html
