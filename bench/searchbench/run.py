"""One benchmark run, once Django is set up (bench/search_bench.py does that):
check the disk, build the documents into the spool, load both backends from
it, measure size, memory and queries, clean up, report."""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from tqdm import tqdm

from search import indexing as hub_indexing
from search.es import indices

from .catalogue import Catalogue, check_folding, load_vocabulary
from .environment import ROOT, configure, log, machine, retrying
from .growth import RESULTS
from .indexing import clear_database, load_database, rebuild_elasticsearch
from .queries import query_counts, run_queries, services
from .report import render, scale_label, write_json
from .resources import (
    DEFAULT_BYTES_PER_DOC,
    disk_needs,
    disk_problems,
    es_footprint,
    peak_rss_mb,
    pg_footprint,
    wait_for_merges,
)
from .spool import read_spool, write_spool


def backends(args: argparse.Namespace) -> list[str]:
    return [name for name, skip in (("database", args.skip_db),
                                    ("elasticsearch", args.skip_es)) if not skip]


def bytes_per_doc(args: argparse.Namespace) -> tuple[dict[str, float], str]:
    """Disk bytes per document per backend: from a result file (the newest
    10k run by default), else the defaults measured at 10k."""
    paths = [Path(args.estimate_from)] if args.estimate_from else sorted(
        RESULTS.glob("search-10k-*.json"))
    for path in reversed(paths):
        report = json.loads(path.read_text())
        found = dict(DEFAULT_BYTES_PER_DOC)
        for backend, key in (("elasticsearch", "store_bytes"),
                             ("database", "total_bytes")):
            if backend in report.get("footprint", {}):
                found[backend] = report["footprint"][backend][key] / report["documents"]
        if "building" in report:
            found["spool"] = report["building"]["bytes"] / report["documents"]
        return found, str(path.relative_to(ROOT) if path.is_relative_to(ROOT)
                          else path)
    return dict(DEFAULT_BYTES_PER_DOC), "the defaults measured at 10k"


def check_disk(args: argparse.Namespace, documents: int) -> None:
    per_doc, source = bytes_per_doc(args)
    needs = disk_needs(documents, per_doc, backends(args), Path(args.spool_dir))
    log(f"disk estimate from {source}: " + "; ".join(
        f"{name} {size:,.0f} bytes/doc" for name, size in per_doc.items()))
    for need in needs:
        log(need.line())
    problems = disk_problems(needs)
    if problems:
        raise SystemExit(
            "Not enough free disk for this catalogue:\n  " + "\n  ".join(problems)
            + "\nFree space, or put the data on a larger disk: a node with "
            "ES_DATA=/path ES_PORT=... scripts/elasticsearch.sh start, a cluster "
            "with PGDATA_DIR=/path PGPORT=... scripts/postgres.sh start, the "
            "spool with --spool-dir; then run again.")
    log("the run fits on disk, with room left for the machine's other users")


def main(args: argparse.Namespace) -> int:
    configure(args)
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    catalogue = Catalogue(load_vocabulary(args.seed), args.expertise, args.events,
                          args.seed, now)
    check_folding(catalogue.documents(0, 200))
    check_disk(args, len(catalogue))
    if args.check_only:
        return 0
    args.bulk_threads = hub_indexing.REBUILD_THREADS = (
        args.bulk_threads or hub_indexing.REBUILD_THREADS)
    args.bulk_chunk = indices.BULK_CHUNK = args.bulk_chunk or indices.BULK_CHUNK
    report: dict = {
        "date": now.isoformat(), "scale": scale_label(args.expertise),
        "command": " ".join(["bench/search_bench.py", *sys.argv[1:]]),
        "machine": machine(with_elasticsearch=not args.skip_es),
        "expertise": args.expertise, "events": args.events,
        "documents": len(catalogue), "seed": args.seed, "warmup": args.warmup,
        "query_counts": {name: {"runs": runs, "rounds": rounds} for name, (
            runs, rounds) in query_counts(args).items()},
        "bulk": {"threads": args.bulk_threads, "chunk": args.bulk_chunk},
        "indexing": {}, "footprint": {}, "peak_rss_mb": {"start": peak_rss_mb()},
        # The machine is shared: the 1-minute load average after each phase.
        "load": {"start": os.getloadavg()[0]},
    }
    with tempfile.TemporaryDirectory(prefix="hub-search-bench-",
                                     dir=args.spool_dir) as spool_dir:
        spool = Path(spool_dir) / "documents.jsonl.gz"
        report["building"] = build(args, catalogue, spool)
        report["peak_rss_mb"]["building"] = peak_rss_mb()
        report["load"]["building"] = os.getloadavg()[0]
        measure(args, spool, report)
    # The figures first: a long run's numbers survive a fault in the table.
    path = write_json(report, args.json or str(
        RESULTS / f"search-{report['scale']}-{now:%Y%m%dt%H%M}.json"))
    if path:
        log(f"figures written to {path}")
    print(render(report))
    return 0


def build(args: argparse.Namespace, catalogue: Catalogue, spool: Path) -> dict:
    with tqdm(total=len(catalogue), desc="building", unit="doc", mininterval=1,
              disable=None) as bar:
        run = write_spool(catalogue, spool, args.processes, bar.update)
    log(f"built {len(catalogue):,} documents in {run['seconds']:.0f} s "
        f"({run['processes']} processes; {run['cpu'] * 1000 / len(catalogue):.2f} "
        f"ms CPU/doc, analysis {run['analysis_cpu'] * 1000 / len(catalogue):.2f}); "
        f"spool {run['bytes'] / 2**20:,.0f} MiB")
    return run


def measure(args: argparse.Namespace, spool: Path, report: dict) -> None:
    try:
        index_all(args, spool, report)
        gc.collect()
        report["queries"] = run_queries(args, services(args))
        report["peak_rss_mb"]["queries"] = peak_rss_mb()
        report["load"]["queries"] = os.getloadavg()[0]
    finally:
        if not args.keep:
            cleanup(args)


def index_all(args: argparse.Namespace, spool: Path, report: dict) -> None:
    n = report["documents"]
    if not args.skip_db:
        run = report["indexing"]["database"] = retrying(
            args, "database", lambda: load_database(read_spool(spool), n, args.chunk))
        log(f"database: {n / run['seconds']:,.0f} docs/s")
        report["footprint"]["database"] = pg_footprint()
        report["peak_rss_mb"]["database"] = peak_rss_mb()
        report["load"]["database"] = os.getloadavg()[0]
    if not args.skip_es:
        run = report["indexing"]["elasticsearch"] = retrying(
            args, "elasticsearch", lambda: rebuild_elasticsearch(read_spool(spool), n))
        log(f"elasticsearch: {n / run['seconds']:,.0f} docs/s")
        # Queries are measured on a settled index: the merges after the load
        # (minutes at 1M) would otherwise count as query latency.
        run["merges_after_seconds"] = settled = wait_for_merges()
        log(f"elasticsearch: merges after the load settled in {settled:.0f} s")
        report["footprint"]["elasticsearch"] = es_footprint()
        report["peak_rss_mb"]["elasticsearch"] = peak_rss_mb()
        report["load"]["elasticsearch"] = os.getloadavg()[0]


def cleanup(args: argparse.Namespace) -> None:
    if not args.skip_es:
        indices.delete_all()
    if not args.skip_db:
        clear_database()
