"""The search benchmark's catalogue (bench/searchbench/catalogue.py): made as a
stream, deterministic per seed and per document, with the hub's own analysed
terms, and read back unchanged from its spool."""

import tracemalloc
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from bench.searchbench.catalogue import Catalogue, load_vocabulary
from bench.searchbench.spool import read_spool, write_spool
from search.analysis import index_terms
from search.documents import fingerprint

NOW = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
pytestmark = pytest.mark.django_db


def catalogue(expertise: int = 40, events: int = 10, seed: int = 7) -> Catalogue:
    return Catalogue(load_vocabulary(seed), expertise, events, seed, NOW)


def test_any_slice_regenerates_identically():
    whole = list(catalogue().documents())
    assert [d["page_id"] for d in whole] == list(range(1, 51))
    assert {d["doc_type"] for d in whole[:40]} == {"expertise"}
    assert {d["doc_type"] for d in whole[40:]} == {"event"}
    assert list(catalogue().documents(33, 45)) == whole[33:45]
    assert catalogue().document(49) == whole[49]
    assert list(catalogue(seed=8).documents(0, 5)) != whole[:5]


def test_documents_are_streamed_not_held():
    huge = catalogue(expertise=10**9, events=2 * 10**8)
    docs = huge.documents()
    assert isinstance(docs, Iterator)
    for _ in range(200):  # the analysis and folding caches fill up first
        next(docs)
    tracemalloc.start()
    try:
        size = sum(len(str(next(docs))) for _ in range(500))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # 500 documents take about 3.7 MB as text; making them one by one holds
    # a few at most (measured: 3-9 % of it, caches included).
    assert peak < size / 4


def test_documents_carry_the_hubs_analysed_terms():
    for doc in catalogue().documents(38, 42):  # expertise entries and events
        for language, texts in doc["texts"].items():
            assert index_terms(texts["title"], language) in doc["title_terms"]
            assert index_terms(texts["body"], language) in doc["text_terms"]
        assert doc["fingerprint"] == fingerprint(doc)


def test_the_spool_gives_back_the_documents(tmp_path):
    made = catalogue(expertise=30, events=5)
    spool = tmp_path / "documents.jsonl.gz"
    run = write_spool(made, spool, processes=1)
    assert run["bytes"] == spool.stat().st_size > 0
    assert run["analysis_cpu"] > 0
    assert list(read_spool(spool)) == list(made.documents())
