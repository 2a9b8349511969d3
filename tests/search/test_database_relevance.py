"""The database backend finds by analysed tokens and ranks by relevance, on
whichever engine the suite runs: PostgreSQL (DATABASE_URL, the default) and
SQLite, what the demo runs (scripts/test.sh runs this file again with
DATABASE_URL=sqlite:///...).

The documents are written straight into the index (search.db.store), as the
benchmark does: no pages, so each test stays cheap.
"""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search.analysis import index_terms
from search.db.backend import DatabaseSearch
from search.db.store import save_documents
from search.models import SearchTerm, SynonymGroup
from search.normalize import fold
from search.types import SearchRequest

NOW = datetime(2026, 6, 1, tzinfo=UTC)


def document(page_id: int, language: str, title: str, body: str = "",
             days_old: int = 0) -> dict:
    """A search document as search/documents.py builds it (the fields the
    database backend reads)."""
    return {
        "page_id": page_id, "doc_type": "expertise", "language": language,
        "public_id": f"e{page_id}", "title": title, "url": f"/{language}/{page_id}/",
        "summary": body,
        "texts": {language: {"title": title, "summary": body, "body": body}},
        "title_folded": fold(title), "text_folded": fold(body),
        "title_terms": index_terms(title, language),
        "text_terms": index_terms(body, language),
        "suggest": [{"text": title, "kind": "expertise", "weight": 10}],
        "facets": {}, "sort_date": (NOW - timedelta(days=days_old)).isoformat(),
        "fingerprint": str(page_id),
    }


FILLER = [
    "Sociology of migration", "Medieval history", "Marine biology",
    "Quantum optics", "Urban planning", "Labour law", "Linguistics",
    "Volcanology", "Art history", "Robotics",
]


@pytest.fixture
def index(db):
    """Entries in four languages, and unrelated ones in each, so that no
    query word is in half the entries (BM25 weighs such words at zero)."""
    docs = [
        document(1, "nl", "Ziekenhuizen in Vlaanderen", "Zorg in ziekenhuizen.",
                 days_old=300),
        document(2, "en", "Universities of Flanders",
                 "Research universities and colleges.", days_old=300),
        document(3, "fr", "Les maladies rares", "Recherche sur les maladies.",
                 days_old=300),
        document(4, "de", "Krankheiten des Herzens", "Forschung zu Krankheiten.",
                 days_old=300),
        document(5, "en", "University hospital", "One university.", days_old=200),
        document(6, "en", "Job fair", "Meet employers at the fair.", days_old=1),
        document(7, "en", "Training day", "Training for researchers.", days_old=1),
        document(8, "en", "AI lab", "Machine learning and AI.", days_old=100),
        document(9, "en", "Intelligent systems",
                 "Artificial intelligence for robots.", days_old=50),
        # The newest entry mentions the word once, deep in its text: the
        # entry about it must still come first.
        document(10, "en", "Campus news",
                 "News of the campus, sports and culture; also vaccines.",
                 days_old=0),
        document(11, "en", "Vaccine research", "Vaccines against malaria.",
                 days_old=400),
        document(12, "en", "Nursing care", "Care in the hospital and its wards.",
                 days_old=0),
    ]
    page_id = 100
    for language in ("nl", "en", "fr", "de"):
        for title in FILLER:
            page_id += 1
            docs.append(document(page_id, language, title, title, days_old=500))
    save_documents(docs)
    return docs


def search(query: str, language: str = "en", **kwargs):
    return DatabaseSearch().search(SearchRequest(query=query, language=language,
                                                 **kwargs))


def ids(response) -> list[int]:
    return [hit.page_id for hit in response.hits]


@pytest.mark.parametrize(("language", "query", "found"), [
    ("nl", "ziekenhuis", 1), ("en", "universities", 5), ("en", "university", 2),
    ("fr", "maladie", 3), ("de", "Krankheit", 4),
])
def test_singular_finds_plural_and_plural_singular(index, language, query, found):
    assert found in ids(search(query, language))


def test_words_are_matched_whole_never_inside_other_words(index):
    found = ids(search("ai"))
    assert 8 in found
    assert 6 not in found and 7 not in found  # 'fair', 'training'


def test_the_best_match_ranks_first_not_the_newest(index):
    assert ids(search("vaccine"))[:2] == [11, 10]
    by_date = search("vaccine", sort="date")
    assert ids(by_date)[:2] == [10, 11]


def test_title_matches_outrank_text_matches(index):
    assert ids(search("hospital")) == [5, 12]


def test_synonyms_expand_in_one_query(index):
    def matching_queries(query: str) -> tuple[list[int], int]:
        with CaptureQueriesContext(connection) as queries:
            response = search(query)
        sql = [q["sql"] for q in queries.captured_queries]
        return ids(response), sum("MATCH" in s or "to_tsquery" in s for s in sql)

    plain_ids, plain = matching_queries("ai")
    SynonymGroup.objects.create(terms="AI, artificial intelligence")
    expanded_ids, expanded = matching_queries("ai")
    assert set(expanded_ids) == {8, 9} and plain_ids == [8]
    assert expanded == plain


def test_one_typo_still_finds_the_entry(index):
    assert ids(search("ziekenhius", "nl")) == [1]  # two letters swapped
    assert 11 in ids(search("vacine"))  # a letter missing
    assert search("zzyzzx").total == 0


def test_the_vocabulary_follows_saves_and_deletes(index):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite reads the vocabulary of its FTS5 index")
    assert SearchTerm.objects.get(token="vaccin").documents == 2
    save_documents([document(11, "en", "Malaria research", "Against malaria.")])
    assert SearchTerm.objects.get(token="vaccin").documents == 1


def test_autocomplete_completes_the_last_word(index):
    service = DatabaseSearch()
    texts = [s.text for s in service.suggest("zieken", "nl").suggestions]
    assert texts == ["Ziekenhuizen in Vlaanderen"]
    texts = [s.text for s in service.suggest("vaccine res", "en").suggestions]
    assert texts == ["Vaccine research"]


def test_snippets_mark_words_with_the_query_stem(index):
    hit = next(h for h in search("universities").hits if h.page_id == 5)
    assert hit.snippet == "One <mark>university</mark>."
