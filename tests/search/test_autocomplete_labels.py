"""Autocomplete on Elasticsearch: each document completes its own title; the
labels it shares with others (keywords, organisations, disciplines) live once
in a labels index, and go when no document uses them any more."""

from io import StringIO

import pytest
from django.core.management import call_command

from search.es import indices
from search.es.connection import get_admin_client
from search.es.documents import LabelDocument
from search.service import get_search_service
from tests.factories import make_expertise, make_institution

pytestmark = pytest.mark.parametrize("search_backend", ["elasticsearch"],
                                     indirect=True)


def completions(prefix: str, language: str = "nl") -> dict[str, str]:
    return {s.text: s.kind for s in
            get_search_service().suggest(prefix, language).suggestions}


def labels() -> list[dict]:
    indices.refresh()
    found = get_admin_client().search(index=LabelDocument.alias(), size=100,
                                      query={"match_all": {}})
    return [hit["_source"] for hit in found["hits"]["hits"]]


@pytest.fixture
def labs(site_tree, search_backend, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        leuven = make_institution("KU Leuven", "ku-leuven")
        made = []
        for n in range(3):
            lab = make_expertise(leuven, f"Robotica lab {n}")
            lab.keywords.add("zwermrobotica", f"sensor {n}")
            lab.save_revision().publish()
            made.append(lab)
    return leuven, made


def test_a_shared_label_is_stored_once(labs):
    texts = [(label["text"], label["kind"]) for label in labels()]
    assert texts.count(("zwermrobotica", "keyword")) == 1
    assert texts.count(("KU Leuven", "organisation")) == 1
    assert {("sensor 0", "keyword"), ("sensor 2", "keyword")} <= set(texts)
    found = completions("zwerm")
    assert found["zwermrobotica"] == "keyword"
    # Titles still come from the documents, with their link.
    titles = get_search_service().suggest("robotica", "nl").suggestions
    lab = next(s for s in titles if s.text == "Robotica lab 1")
    assert lab.kind == "expertise" and lab.url.endswith("/robotica-lab-1/")


def test_a_label_no_document_uses_goes(labs, django_capture_on_commit_callbacks):
    _leuven, (first, second, third) = labs
    with django_capture_on_commit_callbacks(execute=True):
        first.keywords.remove("sensor 0")
        first.save_revision().publish()
        second.unpublish()
    found = completions("sensor")
    assert "sensor 0" not in found  # taken off its only entry
    assert "sensor 1" not in found  # its entry left the public site
    assert "sensor 2" in found
    assert "zwermrobotica" in completions("zwerm")  # still used by the third
    with django_capture_on_commit_callbacks(execute=True):
        first.delete()
        third.unpublish()
    assert "zwermrobotica" not in completions("zwerm")
    assert ("zwermrobotica", "keyword") not in {
        (label["text"], label["kind"]) for label in labels()}


def test_ensure_rebuilds_indices_made_before_the_labels_index(labs):
    """An upgrade from a release without the labels index: ``ensure``
    rebuilds, after which the shared labels complete again."""
    client = get_admin_client()
    client.indices.delete(index=indices.aliased_index(LabelDocument))
    assert indices.aliased_index(LabelDocument) is None
    out = StringIO()
    call_command("search_index", "ensure", stdout=out, stderr=StringIO())
    assert "no labels index, rebuilding" in out.getvalue()
    assert indices.aliased_index(LabelDocument) is not None
    assert completions("zwerm") == {"zwermrobotica": "keyword"}
    again = StringIO()
    call_command("search_index", "ensure", stdout=again, stderr=StringIO())
    assert again.getvalue().strip() == "search indices: nothing missing"
