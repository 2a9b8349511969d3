"""The run's figures as text tables, its verdicts on the targets, and its
JSON file (which bench/searchbench/growth.py reads back)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

# Issue 13, on this 2-core machine: (figure, limit, at how many entries).
TARGETS = {
    "elasticsearch": {"faceted": (50.0, 1_000_000), "autocomplete": (20.0, 1_000_000)},
    "database": {"faceted": (100.0, 100_000)},
}
TARGET_REBUILD_DOCS_S = 2_000
MIB = 2**20
QUERY_TITLES = {"free_text": "free text", "faceted": "free text + 2 facets",
                "autocomplete": "autocomplete prefix",
                "events": "events: when + country"}


def scale_label(expertise: int) -> str:
    if expertise and expertise % 1_000_000 == 0:
        return f"{expertise // 1_000_000}M"
    if expertise and expertise % 1_000 == 0:
        return f"{expertise // 1_000}k"
    return str(expertise)


def table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(str(c)) for c in col) for col in zip(header, *rows, strict=True)]

    def line(cells: tuple[str, ...]) -> str:
        return "| " + " | ".join(str(c).ljust(w) for c, w in
                                 zip(cells, widths, strict=True)) + " |"

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(header), rule, *[line(r) for r in rows]])


def indexing_rows(report: dict) -> Iterator[tuple[str, ...]]:
    n = report["documents"]
    for name, run in report["indexing"].items():
        node = "-" if run.get("node_cpu") is None else f"{run['node_cpu']:.1f}"
        yield (name, f"{n:,}", f"{run['seconds']:.1f}", f"{n / run['seconds']:,.0f}",
               f"{run['python_cpu']:.1f}", f"{run['reading_cpu']:.1f}", node)


def building_line(report: dict) -> str:
    run, n = report["building"], report["documents"]
    return (f"Built {n:,} documents (search.documents.analysed_terms included) in "
            f"{run['seconds']:.1f} s by {run['processes']} processes: "
            f"{run['cpu'] * 1000 / n:.2f} ms CPU per document, of which the "
            f"analysis {run['analysis_cpu'] * 1000 / n:.2f} ms; spool "
            f"{run['bytes'] / MIB:,.1f} MiB")


def rebuild_split(report: dict) -> list[str]:
    """Where the rebuild's time went: this process against the node."""
    run = report["indexing"].get("elasticsearch")
    if not run:
        return []
    n, wall = report["documents"], run["seconds"]
    other = run["python_cpu"] - run["feeding_cpu"]
    per_doc = 1000 / n
    return [
        f"Rebuild split ({n:,} documents, {wall:.1f} s wall, "
        f"{report['bulk']['threads']} bulk threads, chunks of "
        f"{report['bulk']['chunk']}):",
        f"- Python process CPU {run['python_cpu']:.1f} s "
        f"({run['python_cpu'] * per_doc:.2f} ms/doc): reading the spool "
        f"{run['reading_cpu']:.1f} s; sources + JSON + chunking "
        f"{run['feeding_cpu'] - run['reading_cpu']:.1f} s (the feeding thread); "
        f"HTTP and the rest {other:.1f} s",
        f"- node CPU {run['node_cpu']:.1f} s ({run['node_cpu'] * per_doc:.2f} ms/doc);"
        f" {run['bulk_requests']} bulk requests: {run['bulk_seconds']:.1f} s of "
        f"request time as the client waits, {run['bulk_took_seconds']:.1f} s as "
        "the node reports (took)",
        f"- busy share of the wall time: Python {run['python_cpu'] / wall:.0%} of a "
        f"core, node {run['node_cpu'] / wall:.0%} of a core "
        f"({report['machine']['cores']} cores)",
    ]


def footprint_lines(report: dict) -> list[str]:
    lines = []
    n = report["documents"]
    es = report["footprint"].get("elasticsearch")
    if es:
        heap = es["heap_used_bytes"]
        rss = f", process RSS {es['process_rss_bytes'] / MIB:,.0f} MiB" if (
            es.get("process_rss_bytes")) else ""
        lines.append(
            f"- Elasticsearch: {es['store_bytes'] / MIB:,.1f} MiB on disk "
            f"({es['store_bytes'] / n:,.0f} bytes/doc); heap used "
            f"{heap['min'] / MIB:,.0f}-{heap['max'] / MIB:,.0f} of "
            f"{es['heap_max_bytes'] / MIB:,.0f} MiB (old generation "
            f"{es.get('old_gen_used_bytes', 0) / MIB:,.0f} MiB), completion FSTs "
            f"{es.get('completion_bytes', 0) / MIB:,.1f} MiB, segments memory "
            f"{es['segments_memory_bytes'] / MIB:,.1f} MiB{rss}")
    db = report["footprint"].get("database")
    if db:
        pss = f", cluster PSS {db['cluster_pss_bytes'] / MIB:,.0f} MiB" if (
            db.get("cluster_pss_bytes")) else ""
        tables = ", ".join(f"{name.removeprefix('hub_search_')} "
                           f"{t['total_bytes'] / MIB:,.1f}" for name, t in
                           sorted(db["tables"].items()))
        lines.append(
            f"- PostgreSQL: {db['total_bytes'] / MIB:,.1f} MiB on disk "
            f"({db['total_bytes'] / n:,.0f} bytes/doc; {tables} MiB, indexes "
            f"included); shared_buffers {db['settings']['shared_buffers']}{pss}")
    return lines


def latency_rows(report: dict) -> Iterator[tuple[str, ...]]:
    for key, title in QUERY_TITLES.items():
        row = report["queries"].get(key, {})
        es, db = row.get("elasticsearch"), row.get("database")
        cells = [title]
        for figures in (es, db):
            cells += ([f"{figures[p]:.1f}" for p in ("p50", "p95", "p99")]
                      + [f"{figures['mean_results']:.0f}"] if figures
                      else ["-"] * 4)
        ratio = f"{db['p50'] / es['p50']:.1f}x" if es and db else "-"
        yield (*cells, ratio)


def query_note(report: dict) -> str:
    parts = []
    for name, counts in report["query_counts"].items():
        if name in report["footprint"]:
            parts.append(f"{name} {counts['runs']} queries per type x "
                         f"{counts['rounds']} round(s)")
    return (f"Latency (ms, end to end) after {report['warmup']} warm-up queries "
            f"per type; median of the rounds: {'; '.join(parts)}")


def targets(report: dict) -> list[str]:
    lines = []
    n = report["expertise"]
    for backend, limits in TARGETS.items():
        for key, (limit, at) in limits.items():
            figures = report["queries"].get(key, {}).get(backend)
            if not figures:
                continue
            verdict = "met" if figures["p95"] < limit else "MISSED"
            scope = "" if n == at else f" (target at {scale_label(at)} entries)"
            lines.append(f"{backend} {key} p95 {figures['p95']:.1f} ms < "
                         f"{limit:.0f} ms: {verdict}{scope}")
    run = report["indexing"].get("elasticsearch")
    if run:
        rate = report["documents"] / run["seconds"]
        verdict = "met" if rate >= TARGET_REBUILD_DOCS_S else "MISSED"
        lines.append(f"rebuild {rate:,.0f} docs/s >= {TARGET_REBUILD_DOCS_S:,}: "
                     f"{verdict}")
    return lines


def render(report: dict) -> str:
    m = report["machine"]
    header = ("query type", "ES p50", "ES p95", "ES p99", "ES results",
              "DB p50", "DB p95", "DB p99", "DB results", "DB/ES p50")
    rss = ", ".join(f"{phase} {mb:,.0f}" for phase, mb in report["peak_rss_mb"].items())
    node = (f"Elasticsearch {m['elasticsearch']} (heap {m['es_heap_mb']} MB, "
            f"JVM {m['es_jvm']}); " if "elasticsearch" in m else "")
    return "\n".join([
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM; {node}"
        f"PostgreSQL {m['postgresql']} (shared_buffers {m['pg_shared_buffers']}); "
        f"Python {m['python']}",
        f"Date: {report['date']}  Revision: {m['revision']}  "
        f"Command: {report['command']}",
        f"Catalogue ({report['scale']}): {report['expertise']:,} expertise + "
        f"{report['events']:,} events (seed {report['seed']})",
        building_line(report),
        "", "Indexing from the spool (CPU seconds):",
        table(("backend", "documents", "seconds", "docs/s", "Python CPU",
               "of which reading", "server CPU"), list(indexing_rows(report))),
        "", *rebuild_split(report),
        "", "Size and memory after the load:", *footprint_lines(report),
        f"- this process, peak RSS (MiB) after each phase: {rss}",
        "Load average (1 min) after each phase: " + ", ".join(
            f"{phase} {load:.1f}" for phase, load in report.get("load", {}).items()),
        "", query_note(report) + ":",
        table(header, list(latency_rows(report))),
        "", "Targets:", *[f"- {t}" for t in targets(report)],
    ])


def write_json(report: dict, target: str | None) -> Path | None:
    if not target:
        return None
    text = json.dumps(report, indent=2, default=str)
    if target == "-":
        print(text)
        return None
    path = Path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text + "\n")
    return path
