"""The search relevance set (search/evaluation/) and `manage.py search_eval`:
the metrics on hand-computed examples, the data files' consistency, and the
thresholds on the three backends (the backends in ENFORCED_IN_TESTS must
pass; the others are measured and printed)."""

import json
import math
from collections import Counter
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.management import call_command

from search.evaluation import metrics
from search.evaluation.dataset import (
    CATEGORIES,
    LANGUAGES,
    entries,
    import_files,
    load_catalogue,
    load_queries,
    problems,
    record_languages,
)
from search.evaluation.report import check
from search.evaluation.stores import BACKENDS
from search.evaluation.thresholds import ENFORCED_IN_TESTS, THRESHOLDS

JUDGED = {"a": 3, "b": 2, "c": 1}


def test_ndcg_of_the_ideal_ranking_is_one():
    assert metrics.ndcg(["a", "b", "c"], JUDGED) == pytest.approx(1.0)


def test_ndcg_by_hand():
    # Gains 2^g - 1: a=7, b=3, c=1. Ranking x, b, a: DCG = 0 + 3/log2(3) + 7/2;
    # ideal a, b, c: 7 + 3/log2(3) + 1/2.
    found = metrics.ndcg(["x", "b", "a"], JUDGED)
    expected = (3 / math.log2(3) + 7 / 2) / (7 + 3 / math.log2(3) + 1 / 2)
    assert found == pytest.approx(expected)
    assert found == pytest.approx(0.5741, abs=1e-4)  # 5.393 / 9.393


def test_ndcg_counts_the_first_five_only():
    assert metrics.ndcg(["u", "v", "w", "x", "y", "a"], JUDGED) == 0.0
    assert metrics.ndcg([], JUDGED) == 0.0
    assert metrics.ndcg(["a"], {}) == 0.0


def test_reciprocal_rank_is_that_of_the_first_entry_sought():
    assert metrics.reciprocal_rank(["a", "b"], JUDGED) == 1.0
    assert metrics.reciprocal_rank(["b", "c", "x", "a"], JUDGED) == 0.25
    assert metrics.reciprocal_rank(["b", "c"], JUDGED) == 0.0  # grade 2 is no hit


def test_top3_hit():
    assert metrics.hit(["x", "y", "a"], JUDGED)
    assert not metrics.hit(["x", "y", "z", "a"], JUDGED)
    assert not metrics.hit(["b", "c"], JUDGED)
    assert metrics.hit(["x", "d"], {"a": 3, "d": 3})  # any entry sought counts


def test_mean_scores():
    rows = [metrics.scores(["a"], JUDGED), metrics.scores(["x", "x", "x", "a"], JUDGED)]
    mean = metrics.mean_scores(rows)
    assert mean["queries"] == 2
    assert mean["top3"] == 0.5
    assert mean["mrr"] == pytest.approx((1 + 0.25) / 2)
    assert metrics.mean_scores([]) == {"queries": 0}


# --- the data files


def test_the_set_is_consistent():
    assert problems(load_catalogue(), load_queries("all")) == []


def test_the_catalogue_is_large_multilingual_and_importable():
    catalogue = load_catalogue()
    found = entries(catalogue)
    assert len(found) >= 44
    languages = Counter(lang for entry in found for lang in entry["title"])
    assert set(languages) == set(LANGUAGES)
    single = Counter(next(iter(e["title"])) for e in found if len(e["title"]) == 1)
    assert single["en"] and single["nl"]  # entries in one language only
    for entry in found:
        assert set(entry["summary"]) == set(entry["title"]) == set(entry["body"])
    # Every record goes into exactly one import file, whose default locale it
    # has a title in; the institutions exist in every language.
    files = import_files(catalogue)
    assert files[0][0] == "nl"
    imported = [r["id"] for _lang, data in files for section in data.values()
                if isinstance(section, list) for r in section]
    assert sorted(imported) == sorted(record_languages(catalogue))
    for lang, data in files:
        for section in ("institutions", "expertise", "events"):
            assert all(lang in r["title"] for r in data.get(section, []))
    assert all(set(i["title"]) == set(LANGUAGES) for i in catalogue["institutions"])


def test_the_catalogue_is_not_the_demo_catalogue():
    demo = (settings.BASE_DIR / "cms/catalogue/demo/catalogue.json").read_text()
    titles = {t for e in entries(load_catalogue()) for t in e["title"].values()}
    assert not [t for t in titles if f'"{t}"' in demo]


def test_the_queries_and_their_halves():
    queries = load_queries("all")
    assert len(queries) >= 64
    halves = Counter(q.half for q in queries)
    assert abs(halves["held_out"] - halves["tune"]) <= 1
    for language in LANGUAGES:
        counts = Counter(q.half for q in queries if q.language == language)
        assert abs(counts["held_out"] - counts["tune"]) <= 1, language
    for category in CATEGORIES:
        counts = Counter(q.half for q in queries if category in q.categories)
        assert counts["held_out"] and counts["tune"], category
        assert abs(counts["held_out"] - counts["tune"]) <= 2, category
    assert all(q.judgements and q.sought for q in queries)
    assert {q.id for q in load_queries("tune")}.isdisjoint(
        {q.id for q in load_queries("held_out")})


# --- the thresholds, on a temporary catalogue per backend


def _postgres_server_url() -> str:
    db = settings.DATABASES["default"]
    user = quote(db["USER"]) + (f":{quote(db['PASSWORD'])}" if db.get("PASSWORD")
                                else "")
    return f"postgres://{user}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


def test_search_eval_meets_the_thresholds(tmp_path, capsys):
    """One run on the three backends (the suite's PostgreSQL server and
    Elasticsearch node); the backends in ENFORCED_IN_TESTS must pass."""
    out = tmp_path / "eval.json"
    call_command("search_eval", backend="all", json=str(out),
                 postgres_url=_postgres_server_url(),
                 elasticsearch_url=settings.HUB_TEST_ELASTICSEARCH_URL)
    results = json.loads(out.read_text())
    assert set(results["backends"]) == set(BACKENDS)
    misses = {backend: check(backend, evaluation)
              for backend, evaluation in results["backends"].items()}
    with capsys.disabled():
        for backend in THRESHOLDS:
            state = "enforced" if backend in ENFORCED_IN_TESTS else "measured only"
            print(f"\nsearch_eval {backend} ({state}): "
                  f"{misses[backend] or 'thresholds met'}")
    assert {b: m for b, m in misses.items() if b in ENFORCED_IN_TESTS} == {
        b: [] for b in ENFORCED_IN_TESTS}
