#!/usr/bin/env python
"""What a synonym-expanded query costs on Elasticsearch, against the same
query without synonyms (issue 13: at most 1.3x).

On the demo catalogue (load_demo_data, about 250 pages, in its own PostgreSQL
database and index prefix; test settings), the same queries run through the search service
(search.service.get_search_service(), as the page and the API call it) twice
per round: once with the synonym table empty (plain) and once with the hub's
starter table (expanded). The queries are starter synonym terms whose
expanded query finds something. Reports the median and p95 of each, and the
median of the per-query ratios.

    .venv/bin/python bench/synonym_bench.py --rounds 30

Needs PostgreSQL and Elasticsearch (docs: bench/README.md). The first run
creates and fills the database (a few minutes); the indices are deleted at
the end unless --keep.
"""

from __future__ import annotations

import argparse
import importlib
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
MAX_QUERIES = 40
LANGUAGES = ("en", "nl")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--database-url", default=os.environ.get(
        "BENCH_DATABASE_URL",
        "postgres://hub@127.0.0.1:55432/hub_esearch_synbench"))
    p.add_argument("--es-url", default=os.environ.get(
        "BENCH_ES_URL", "http://127.0.0.1:19250"))
    p.add_argument("--prefix", default="esearch-synbench", help="index prefix")
    p.add_argument("--rounds", type=int, default=30,
                   help="measured rounds (each runs every query in both modes)")
    p.add_argument("--warmup", type=int, default=3, help="unmeasured rounds")
    p.add_argument("--keep", action="store_true", help="keep the indices")
    return p.parse_args(argv)


def ensure_database(url: str) -> None:
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                            [name]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sys.path.insert(0, str(ROOT))
    # The test settings read DATABASE_URL (the development ones use SQLite).
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
    os.environ["DATABASE_URL"] = args.database_url
    ensure_database(args.database_url)

    importlib.import_module("django").setup()
    settings = importlib.import_module("django.conf").settings
    settings.HUB_ELASTICSEARCH = {**settings.HUB_ELASTICSEARCH, "hosts": [args.es_url],
                                  "index_prefix": args.prefix, "refresh": False}
    # Tasks are queued, never run (no worker): load_demo_data delivers the
    # index queue itself at its end.
    settings.TASKS = {"default": {
        "BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    # The hub's modules only after django.setup().
    call_command = importlib.import_module("django.core.management").call_command
    reset_queries = importlib.import_module("django.db").reset_queries
    ExpertisePage = importlib.import_module("cms.expertise.models").ExpertisePage
    indices = importlib.import_module("search.es.indices")
    models = importlib.import_module("search.models")
    IndexQueueEntry, SynonymGroup = models.IndexQueueEntry, models.SynonymGroup
    service_module = importlib.import_module("search.service")
    SearchRequest = service_module.SearchRequest
    starter_groups = importlib.import_module("search.synonyms").starter_groups

    call_command("migrate", verbosity=0)
    if not ExpertisePage.objects.exists():
        started = time.perf_counter()
        call_command("load_demo_data")
        print(f"load_demo_data: {time.perf_counter() - started:.0f} s, "
              f"{IndexQueueEntry.objects.count()} pages left in the index queue")
    else:
        call_command("search_index", "rebuild", "--backend", "elasticsearch")
    indices.refresh()
    service = service_module.get_search_service()
    starter = starter_groups()

    def use_synonyms(on: bool) -> None:
        SynonymGroup.objects.all().delete()
        if on:
            SynonymGroup.objects.bulk_create(SynonymGroup(terms=t) for t in starter)

    def run(query: str, language: str) -> tuple[float, int]:
        reset_queries()  # DEBUG keeps every SQL query otherwise
        started = time.perf_counter()
        response = service.search(SearchRequest(query=query, language=language))
        elapsed = (time.perf_counter() - started) * 1000
        if response.fallback:
            raise SystemExit(f"the database answered {query!r}: is the node up?")
        return elapsed, response.total

    use_synonyms(True)
    queries = []
    for number, group in enumerate(starter):
        language = LANGUAGES[number % len(LANGUAGES)]
        for term in group.split(", "):
            if run(term, language)[1]:
                queries.append((term, language))
                break
        if len(queries) == MAX_QUERIES:
            break
    print(f"{len(queries)} queries, {args.rounds} rounds (+{args.warmup} warm-up)")

    times: dict[str, list[float]] = {"plain": [], "synonyms": []}
    per_query: dict[str, list[list[float]]] = {
        mode: [[] for _ in queries] for mode in times}
    for round_number in range(args.warmup + args.rounds):
        order = ("plain", "synonyms") if round_number % 2 else ("synonyms", "plain")
        for mode in order:
            use_synonyms(mode == "synonyms")
            for index, (query, language) in enumerate(queries):
                elapsed, _total = run(query, language)
                if round_number >= args.warmup:
                    times[mode].append(elapsed)
                    per_query[mode][index].append(elapsed)
    use_synonyms(True)
    if not args.keep:
        indices.delete_all()

    plain, expanded = times["plain"], times["synonyms"]
    ratios = [statistics.median(s) / statistics.median(p)
              for p, s in zip(per_query["plain"], per_query["synonyms"], strict=True)]
    print(f"{'':10} {'median ms':>10} {'p95 ms':>8}")
    for mode, values in times.items():
        print(f"{mode:10} {statistics.median(values):10.1f} "
              f"{percentile(values, 0.95):8.1f}")
    print(f"ratio of the medians (synonyms / plain): "
          f"{statistics.median(expanded) / statistics.median(plain):.2f}")
    print(f"median of the per-query ratios: {statistics.median(ratios):.2f}"
          f" (worst {max(ratios):.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
