"""Operating the search: the page, rebuilds without leaks, status and repair,
and an Elasticsearch outage in the middle of a run."""

import os
import subprocess
import time
from io import StringIO
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from wagtail.models import Page

from search.es import indices
from search.es.backend import breaker
from search.es.connection import get_admin_client, get_client
from search.es.documents import LabelDocument, document_classes
from search.indexing import flush_queue
from search.models import IndexQueueEntry, SearchDocument, SynonymGroup
from search.service import SearchRequest, get_search_service
from tests.factories import make_expertise, make_institution

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def entries(site_tree, search_backend, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        leuven = make_institution("KU Leuven", "ku-leuven")
        made = [make_expertise(leuven, f"Lab voor robotica {n}",
                               summary=f"Robots en sensoren, groep {n}.")
                for n in range(3)]
    return leuven, made


def test_search_page_renders_results_facets_and_pagination(client, entries):
    answer = client.get("/nl/search/", {"q": "robots", "page_size": 2})
    html = answer.content.decode()
    assert answer.status_code == 200
    assert "3 resultaten" in html or "3 results" in html
    assert "<mark>" in html
    assert 'rel="next"' in html
    assert 'name="institution"' in html  # facet checkboxes work without JS
    answer = client.get("/nl/search/", {"q": "robotica", "type": "expertise",
                                        "kind": "lab"})
    assert answer.status_code == 200


@pytest.mark.parametrize("params", [
    {"q": "x" * 1001}, {"page": "abc"}, {"page": "999999"}, {"colour": "red"},
    {"type": "people"}, {"near": "a,b"}, {"page_size": "5000"}, {"when": "later"},
])
def test_search_page_answers_bad_input_with_400(client, entries, params):
    answer = client.get("/nl/search/", params)
    assert answer.status_code == 400
    assert b'role="alert"' in answer.content
    assert b"Traceback" not in answer.content


def test_search_page_survives_non_utf8_and_markup(client, entries):
    answer = client.get("/nl/search/?q=%ff%fe%00robot")
    assert answer.status_code == 200
    answer = client.get("/nl/search/", {"q": "<script>alert(1)</script>"})
    assert answer.status_code == 200
    assert b"<script>alert(1)</script>" not in answer.content


def test_suggest_endpoint(client, entries):
    answer = client.get("/nl/search/suggest/", {"q": "robo"})
    assert answer.status_code == 200
    texts = [s["text"] for s in answer.json()["suggestions"]]
    assert any(t.startswith("Lab voor robotica") for t in texts)
    assert client.get("/nl/search/suggest/", {"q": "x" * 300}).status_code == 400


def _index_classes() -> dict:
    return {**document_classes(), "labels": LabelDocument}


def _leftover_indices() -> dict[str, list[str]]:
    return {t: indices.concrete_indices(c) for t, c in _index_classes().items()}


def test_rebuild_swaps_aliases_and_leaves_no_old_index(settings, entries):
    if not settings.HUB_ELASTICSEARCH["hosts"]:
        before = SearchDocument.objects.count()
        call_command("search_index", "rebuild", stdout=StringIO(), stderr=StringIO())
        assert SearchDocument.objects.count() == before == 4
        return
    first = _leftover_indices()
    call_command("search_index", "rebuild", stdout=StringIO(), stderr=StringIO())
    call_command("search_index", "rebuild", stdout=StringIO(), stderr=StringIO())
    after = _leftover_indices()
    for doc_type, names in after.items():
        assert len(names) == 1, f"{doc_type} leaked indices: {names}"
        assert names != first[doc_type]
        assert indices.aliased_index(_index_classes()[doc_type]) == names[0]
        # Built without refresh and replicas, served with both as templated.
        served = get_admin_client().indices.get_settings(
            index=names[0])[names[0]]["settings"]["index"]
        assert served.get("refresh_interval") in (None, "1s")
        assert served["auto_expand_replicas"] == "0-1"
    response = get_search_service().search(SearchRequest(query="robotica"))
    assert response.total == 3 and not response.fallback


def test_status_and_verify_repair(settings, entries):
    _leuven, made = entries
    out = StringIO()
    call_command("search_index", "status", stdout=out)
    assert "expertise" in out.getvalue()
    # Break both backends: one document missing, one stale.
    SearchDocument.objects.filter(page_id=made[0].pk).delete()
    SearchDocument.objects.filter(page_id=made[1].pk).update(fingerprint="old")
    if settings.HUB_ELASTICSEARCH["hosts"]:
        alias = document_classes()["expertise"].alias()
        get_client().delete(index=alias, id=made[2].pk, refresh=True)
    with pytest.raises(CommandError, match="verify --repair"):
        call_command("search_index", "verify", stdout=StringIO(), stderr=StringIO())
    out = StringIO()
    call_command("search_index", "verify", "--repair", stdout=out, stderr=StringIO())
    assert "database: 1 missing, 1 stale, 0 extra" in out.getvalue()
    call_command("search_index", "verify", stdout=StringIO(), stderr=StringIO())
    assert get_search_service().search(SearchRequest(query="robotica")).total == 3


def test_ensure_makes_and_fills_what_is_missing(settings, entries):
    """What an upgrade that adds a document type finds: no index (and no
    database rows) for one type. ``ensure`` makes and fills it; a second run
    has nothing to do."""
    SearchDocument.objects.filter(doc_type="expertise").delete()
    if settings.HUB_ELASTICSEARCH["hosts"]:
        doc_class = document_classes()["expertise"]
        get_admin_client().indices.delete(index=indices.aliased_index(doc_class))
        assert indices.aliased_index(doc_class) is None
    out = StringIO()
    call_command("search_index", "ensure", stdout=out, stderr=StringIO())
    assert "database: repaired 3 documents" in out.getvalue()
    assert SearchDocument.objects.filter(doc_type="expertise").count() == 3
    if settings.HUB_ELASTICSEARCH["hosts"]:
        assert "elasticsearch: repaired 3 documents" in out.getvalue()
        indices.refresh()
        assert indices.count(document_classes()["expertise"]) == 3
        response = get_search_service().search(SearchRequest(query="robotica"))
        assert response.total == 3 and not response.fallback
    again = StringIO()
    call_command("search_index", "ensure", stdout=again, stderr=StringIO())
    assert again.getvalue().strip() == "search indices: nothing missing"


def _node(action: str) -> None:
    """Stop or start the node the suite points at (HUB_TEST_ELASTICSEARCH_URL),
    never another one that happens to run on the script's default port."""
    port = str(urlsplit(settings.HUB_TEST_ELASTICSEARCH_URL).port or 9200)
    subprocess.run([str(ROOT / "scripts" / "elasticsearch.sh"), action], check=True,
                   capture_output=True, timeout=180,
                   env={**os.environ, "ES_PORT": port})


@pytest.mark.parametrize("search_backend", ["elasticsearch"], indirect=True)
def test_elasticsearch_outage_falls_back_and_catches_up(
        entries, django_capture_on_commit_callbacks):
    """Kill the real node mid-run: searches keep answering from the database,
    changes made meanwhile stay queued and reach the index after the restart."""
    leuven, made = entries
    service = get_search_service()
    assert service.search(SearchRequest(query="robotica")).backend == "elasticsearch"
    _node("stop")
    try:
        started = time.monotonic()
        during = service.search(SearchRequest(query="robotica"))
        assert during.fallback and during.backend == "database"
        assert during.total == 3
        assert time.monotonic() - started < 10
        assert service.suggest("robo", "nl").fallback
        with django_capture_on_commit_callbacks(execute=True):
            new = make_expertise(leuven, "Lab voor zwermrobotica",
                                 summary="Zwermen van robots.")
            made[0].unpublish()
        assert IndexQueueEntry.objects.filter(page_id=new.pk).exists()
        during = service.search(SearchRequest(query="zwermrobotica"))
        assert during.fallback and during.total == 1  # the database is up to date
    finally:
        _node("start")
    breaker.reset()
    result = flush_queue(force=True)
    assert result["failed"] == 0
    assert not IndexQueueEntry.objects.exists()
    after = service.search(SearchRequest(query="robots"))
    assert not after.fallback and after.backend == "elasticsearch"
    assert sorted(h.title for h in after.hits) == sorted(
        ["Lab voor zwermrobotica", made[1].title, made[2].title])
    assert Page.objects.filter(pk=made[0].pk, live=False).exists()


def test_editors_manage_synonyms_in_the_admin(admin_client, db):
    listing = admin_client.get("/admin/snippets/hub_search/synonymgroup/")
    assert listing.status_code == 200
    refused = admin_client.post("/admin/snippets/hub_search/synonymgroup/add/",
                                {"terms": "AI", "note": ""})
    assert refused.status_code == 200  # the form again, with the message
    assert not SynonymGroup.objects.exists()
    admin_client.post("/admin/snippets/hub_search/synonymgroup/add/",
                      {"terms": "AI\nkunstmatige intelligentie", "note": "demo"})
    group = SynonymGroup.objects.get()
    assert group.term_list() == ["AI", "kunstmatige intelligentie"]


def test_production_settings_take_several_nodes_and_credentials(settings):
    settings.HUB_ELASTICSEARCH = {
        **settings.HUB_ELASTICSEARCH,
        "hosts": ["https://hub:secret@es1.example.org:9200",
                  "https://hub:secret@es2.example.org:9200"],
        "verify_certs": True,
    }
    nodes = get_client().transport.node_pool.all()
    assert sorted(n.config.host for n in nodes) == ["es1.example.org",
                                                    "es2.example.org"]
    assert all(n.config.scheme == "https" for n in nodes)
    assert "authorization" in {k.lower() for k in nodes[0].config.headers}
