#!/usr/bin/env python
"""Search benchmark: Elasticsearch against the database backend (PostgreSQL)
at 10k, 100k and 1M expertise entries (plus 20 % as many events).

Generates a synthetic catalogue as a stream (bench/searchbench/catalogue.py:
deterministic per seed and per document, never held in memory) and writes it
into both backends through the hub's own indexing code; then measures, in one
run: rebuild throughput and where its time goes (Python against the node),
index size on disk and memory per backend, and p50/p95/p99 latency of a fixed
mix of queries through the real search services (free text, free text + 2
facets, autocomplete, event date range + country). Checks the free disk first.

    .venv/bin/python bench/search_bench.py --scale 10k
    .venv/bin/python bench/search_bench.py --scale 1m --check-only

Needs PostgreSQL (scripts/postgres.sh start) and Elasticsearch
(scripts/elasticsearch.sh start). Uses its own database (hub_bench, created and
migrated here) and its own index prefix (hubbench, deleted at the end unless
--keep). Figures go to bench/results/search-<scale>-<time>.json, which
`python -m bench.searchbench.growth` turns into the growth table. See
bench/README.md.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://hub@127.0.0.1:54329/hub_bench"
DEFAULT_ES_URL = "http://127.0.0.1:19200"
SCALES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000}
EVENT_SHARE = 0.2
# PostgreSQL at 1M: fewer queries per type, one round (issue 13).
LARGE_DB_QUERIES = (1_000_000, 50, 1)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--scale", choices=SCALES, default="10k",
                   help="expertise entries (10k, 100k or 1m; default 10k), plus "
                   "20 %% as many events")
    p.add_argument("--expertise", type=int, help="expertise entries (overrides "
                   "--scale)")
    p.add_argument("--events", type=int, help="events (default: 20 %% of "
                   "--expertise)")
    p.add_argument("--runs", type=int, default=200, help="measured queries per type")
    p.add_argument("--warmup", type=int, default=20, help="warm-up queries per type")
    p.add_argument("--rounds", type=int, default=1,
                   help="repeat the measured queries; report the median per figure")
    p.add_argument("--db-runs", type=int, help="measured queries per type on the "
                   "database (default: --runs; 50 from 1M entries)")
    p.add_argument("--db-rounds", type=int, help="rounds on the database "
                   "(default: --rounds; 1 from 1M entries)")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--chunk", type=int, default=1000, help="database write chunk")
    p.add_argument("--processes", type=int, default=os.cpu_count(),
                   help="worker processes that build the documents before the "
                   "loads (default: one per core)")
    p.add_argument("--spool-dir", default="/var/tmp", help="where the built "
                   "documents wait for the loads (gzip'd JSON lines, deleted "
                   "at the end)")
    p.add_argument("--bulk-threads", type=int, help="bulk requests in flight "
                   "during the rebuild (default: search.indexing.REBUILD_THREADS)")
    p.add_argument("--bulk-chunk", type=int, help="documents per bulk request "
                   "(default: search.es.indices.BULK_CHUNK)")
    p.add_argument("--database-url", default=os.environ.get(
        "BENCH_DATABASE_URL", DEFAULT_DATABASE_URL))
    p.add_argument("--es-url", default=os.environ.get("BENCH_ES_URL", DEFAULT_ES_URL))
    p.add_argument("--es-timeout", type=float, default=2.0,
                   help="Elasticsearch request timeout while querying (production "
                   "default 2 s; slower answers would fall back and abort)")
    p.add_argument("--prefix", default="hubbench", help="Elasticsearch index prefix")
    p.add_argument("--settings", default="cms.settings.test")
    p.add_argument("--no-hunspell", action="store_true",
                   help="index without hunspell stemming (ELASTICSEARCH_HUNSPELL=false)")
    p.add_argument("--skip-es", action="store_true")
    p.add_argument("--skip-db", action="store_true",
                   help="skip the database load and queries")
    p.add_argument("--keep", action="store_true",
                   help="keep the indices and the table contents afterwards")
    p.add_argument("--check-only", action="store_true",
                   help="check the free disk for this size and stop")
    p.add_argument("--estimate-from", metavar="FILE", help="a result file whose "
                   "bytes per document estimate the disk needed (default: the "
                   "newest bench/results/search-10k-*.json)")
    p.add_argument("--json", metavar="FILE", help="where to write the figures "
                   "('-': standard output; default bench/results/"
                   "search-<scale>-<time>.json)")
    args = p.parse_args(argv)
    if args.expertise is None:
        args.expertise = SCALES[args.scale]
    if args.events is None:
        args.events = round(args.expertise * EVENT_SHARE)
    large, db_runs, db_rounds = LARGE_DB_QUERIES
    if args.expertise >= large:
        args.db_runs = args.db_runs or db_runs
        args.db_rounds = args.db_rounds or db_rounds
    return args


def ensure_database(url: str) -> None:
    """Create the benchmark database when it does not exist."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                             [name]).fetchone()
        if not found:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = args.settings
    os.environ["DATABASE_URL"] = args.database_url
    ensure_database(args.database_url)
    django = importlib.import_module("django")
    django.setup()
    # The run imports the hub's models: only after django.setup().
    return importlib.import_module("bench.searchbench.run").main(args)


if __name__ == "__main__":
    sys.exit(main())
