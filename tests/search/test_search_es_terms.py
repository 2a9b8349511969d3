"""Elasticsearch on the shared analysis (search/analysis): singular and plural
through `title_terms`/`text_terms` in nl, en, fr and de, a synonym group in
one query, index work on its own timeouts, and commands that leave an empty
index queue."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Locale, Page

from search import indexing
from search.es import indices
from search.es.backend import breaker
from search.es.queries import text_query
from search.indexing import deliver_queue, rebuild_elasticsearch, sync_pages
from search.models import IndexQueueEntry, SynonymGroup
from search.service import SearchRequest, get_search_service
from tests.conftest import suite_elasticsearch
from tests.factories import make_expertise, make_institution, publish


@pytest.fixture
def elasticsearch(settings, db):
    """The real node, with hunspell off: what stems here is the shared
    analysis alone."""
    with suite_elasticsearch(settings, hunspell=False):
        yield settings


def search(query: str, language: str):
    return get_search_service().search(SearchRequest(query=query, language=language))


def titles(response) -> list[str]:
    return [hit.title for hit in response.hits]


def translate(page, language: str, **fields):
    copy = page.copy_for_translation(
        Locale.objects.get(language_code=language), copy_parents=True)
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save()
    return publish(copy)


def index_everything() -> None:
    sync_pages(Page.objects.values_list("pk", flat=True))
    deliver_queue()


@pytest.fixture
def entry(site_tree, elasticsearch):
    """Plural in the Dutch and English texts, singular in French and German
    ('biorefineries': a plural the English hunspell dictionary does not know)."""
    kul = make_institution("KU Leuven", "ku-leuven")
    page = make_expertise(kul, "Groene chemie", summary="Onderzoekers aan het werk.")
    translate(page, "en", title="Green chemistry",
              summary="Wood biorefineries for the region.")
    translate(page, "fr", title="Chimie verte", summary="Un laboratoire ouvert.")
    translate(page, "de", title="Grüne Chemie", summary="Eine Messung im Feld.")
    index_everything()
    return page


@pytest.mark.parametrize(("language", "query", "title"), [
    ("nl", "onderzoeker", "Groene chemie"),
    ("en", "biorefinery", "Green chemistry"),
    ("fr", "laboratoires", "Chimie verte"),
    ("de", "Messungen", "Grüne Chemie"),
])
def test_singular_and_plural_match_through_the_shared_tokens(
        entry, language, query, title):
    response = search(query, language)
    assert not response.fallback
    assert titles(response) == [title]


def test_a_synonym_group_is_one_query_with_alternatives(entry):
    SynonymGroup.objects.create(terms="biorefinery, bioraffinaderij")
    assert titles(search("bioraffinaderij", "en")) == ["Green chemistry"]
    plain = text_query(SearchRequest(query="houtafval", language="en")).to_dict()
    expanded = text_query(SearchRequest(query="bioraffinaderij",
                                        language="en")).to_dict()
    # The hunspell and folded clauses once, with the text as typed: no copy of
    # the query per synonym variant.
    assert json.dumps(plain).count('"title_en"') == 1
    assert json.dumps(expanded).count('"title_en"') == 1
    assert "biorefineri" in json.dumps(expanded)


def catalogue_file(tmp_path) -> str:
    data = {
        "format": "flanders-hub-catalogue", "version": 1,
        "institutions": [{"id": "inst-kul",
                          "title": {"nl": "KU Leuven", "en": "KU Leuven"},
                          "kind": "university", "city": "Leuven"}],
        "expertise": [{
            "id": "exp-bio", "institution": "inst-kul", "kind": "lab",
            "title": {"nl": "Bioraffinage", "en": "Biorefining"},
            "summary": {"nl": "Bioraffinaderijen voor houtafval.",
                        "en": "Biorefineries for wood waste."},
        }],
    }
    path = tmp_path / "catalogue.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


@pytest.fixture
def no_worker(monkeypatch):
    """A task backend whose worker does not run: each commit queues pages
    but nothing delivers them, except the command itself."""
    monkeypatch.setattr(indexing, "schedule_flush", lambda: None)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_import_catalogue_leaves_an_empty_queue(
        site_tree, elasticsearch, no_worker, tmp_path):
    out = StringIO()
    call_command("import_catalogue", catalogue_file(tmp_path), stdout=out,
                 stderr=StringIO())
    assert IndexQueueEntry.objects.count() == 0
    assert "the queue is empty" in out.getvalue()
    assert titles(search("biorefinery", "en")) == ["Biorefining"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_unreachable_cluster_keeps_the_queue_and_says_so(
        site_tree, elasticsearch, no_worker, tmp_path):
    elasticsearch.HUB_ELASTICSEARCH = {**elasticsearch.HUB_ELASTICSEARCH,
                                       "hosts": ["http://127.0.0.1:9"]}
    with pytest.raises(CommandError, match="wait in the search index queue") as error:
        call_command("import_catalogue", catalogue_file(tmp_path),
                     stdout=StringIO(), stderr=StringIO())
    assert error.value.returncode == 69
    assert IndexQueueEntry.objects.count() > 0


def test_index_work_ignores_the_search_timeout(site_tree, elasticsearch):
    """Templates, new indices, aliases, bulk and refresh succeed with a
    search timeout no request can meet; a search with it falls back."""
    conf = elasticsearch.HUB_ELASTICSEARCH
    elasticsearch.HUB_ELASTICSEARCH = {**conf, "timeout": 0.0001}
    indices.delete_all()
    indices.ensure_indices()
    kul = make_institution("KU Leuven", "ku-leuven")
    make_expertise(kul, "Groene chemie", summary="Onderzoekers aan het werk.")
    index_everything()
    assert IndexQueueEntry.objects.count() == 0
    rebuild_elasticsearch()
    assert search("onderzoeker", "nl").fallback
    elasticsearch.HUB_ELASTICSEARCH = conf
    breaker.reset()
    response = search("onderzoeker", "nl")
    assert not response.fallback
    assert titles(response) == ["Groene chemie"]

