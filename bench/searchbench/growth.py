"""The growth table of docs/benchmarks.md ("Search at scale") from the JSON
files of bench/search_bench.py: one column per catalogue size (the newest file
of each size), "not yet measured" where no run exists. The runs that
docs/benchmarks.md quotes are kept in bench/published/ (bench/results/ is
each machine's own and not committed).

    .venv/bin/python -m bench.searchbench.growth    # bench/published/ + results/
    .venv/bin/python -m bench.searchbench.growth a.json b.json
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

from .report import MIB, scale_label

RESULTS = Path(__file__).resolve().parents[1] / "results"
PUBLISHED = Path(__file__).resolve().parents[1] / "published"
SCALES = ("10k", "100k", "1M")
MISSING = "not yet measured"


def newest_per_scale(paths: list[Path]) -> dict[str, dict]:
    found: dict[str, dict] = {}
    for path in paths:
        report = json.loads(path.read_text())
        label = scale_label(report["expertise"])
        if label not in found or report["date"] > found[label]["date"]:
            found[label] = report
    return found


def _latency(backend: str, key: str, cuts: tuple[str, ...]) -> Callable:
    def cell(r: dict) -> str | None:
        figures = r["queries"].get(key, {}).get(backend)
        if not figures:
            return None
        values = " / ".join(f"{figures[c]:.1f}" for c in cuts)
        count = r["query_counts"][backend]
        return f"{values} ({count['runs']}x{count['rounds']})"
    return cell


def _rate(backend: str) -> Callable:
    def cell(r: dict) -> str | None:
        run = r["indexing"].get(backend)
        return f"{r['documents'] / run['seconds']:,.0f}" if run else None
    return cell


def _size(backend: str) -> Callable:
    def cell(r: dict) -> str | None:
        fp = r["footprint"].get(backend)
        if not fp:
            return None
        size = fp["store_bytes" if backend == "elasticsearch" else "total_bytes"]
        return f"{size / MIB:,.0f} MiB ({size / r['documents']:,.0f} B/doc)"
    return cell


def _split(backend: str) -> Callable:
    def cell(r: dict) -> str | None:
        run = r["indexing"].get(backend)
        if not run:
            return None
        per_doc = 1000 / r["documents"]
        server = "-" if run.get("node_cpu") is None else (
            f"{run['node_cpu'] * per_doc:.2f}")
        return f"{run['python_cpu'] * per_doc:.2f} / {server}"
    return cell


def _load(r: dict) -> str | None:
    loads = list(r.get("load", {}).values())
    return f"{min(loads):.1f}-{max(loads):.1f}" if loads else None


def _es_memory(r: dict) -> str | None:
    fp = r["footprint"].get("elasticsearch")
    if not fp:
        return None
    old = fp.get("old_gen_used_bytes")
    completion = fp.get("completion_bytes")
    return (f"heap {fp['heap_used_bytes']['max'] / MIB:,.0f} of "
            f"{fp['heap_max_bytes'] / MIB:,.0f} MiB"
            + (f" (old gen {old / MIB:,.0f})" if old else "")
            + (f", completion {completion / MIB:,.1f} MiB" if completion else ""))


def _pg_memory(r: dict) -> str | None:
    fp = r["footprint"].get("database")
    if not fp:
        return None
    pss = fp.get("cluster_pss_bytes")
    cluster = f", cluster PSS {pss / MIB:,.0f} MiB" if pss else ""
    return f"shared_buffers {fp['settings']['shared_buffers']}{cluster}"


ROWS: list[tuple[str, Callable[[dict], str | None]]] = [
    ("documents (expertise + 20 % events)", lambda r: f"{r['documents']:,}"),
    ("ES rebuild, docs/s", _rate("elasticsearch")),
    ("ES rebuild CPU ms/doc, Python / node", _split("elasticsearch")),
    ("ES faceted p50 / p95 / p99 ms", _latency("elasticsearch", "faceted",
                                               ("p50", "p95", "p99"))),
    ("ES autocomplete p95 ms", _latency("elasticsearch", "autocomplete", ("p95",))),
    ("ES free text p95 ms", _latency("elasticsearch", "free_text", ("p95",))),
    ("ES events p95 ms", _latency("elasticsearch", "events", ("p95",))),
    ("ES index size", _size("elasticsearch")),
    ("ES memory after the load", _es_memory),
    ("PG load, docs/s", _rate("database")),
    ("PG load CPU ms/doc, Python / server", _split("database")),
    ("PG faceted p50 / p95 / p99 ms", _latency("database", "faceted",
                                               ("p50", "p95", "p99"))),
    ("PG autocomplete p95 ms", _latency("database", "autocomplete", ("p95",))),
    ("PG free text p95 ms", _latency("database", "free_text", ("p95",))),
    ("PG events p95 ms", _latency("database", "events", ("p95",))),
    ("PG search tables size", _size("database")),
    ("PG memory", _pg_memory),
    ("load average during the run (2 cores)", _load),
    ("bench process peak RSS", lambda r: f"{max(r['peak_rss_mb'].values()):,.0f} MiB"),
]


def growth_table(reports: dict[str, dict]) -> str:
    """Markdown: a row per figure, a column per size. Latency cells end with
    (queries per type x rounds)."""
    scales = list(SCALES) + sorted(s for s in reports if s not in SCALES)
    lines = ["| | " + " | ".join(scales) + " |",
             "|---|" + "---|" * len(scales)]
    for title, cell in ROWS:
        values = []
        for scale in scales:
            value = cell(reports[scale]) if scale in reports else None
            values.append(value or (MISSING if scale not in reports else "-"))
        lines.append(f"| {title} | " + " | ".join(values) + " |")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    paths = [Path(p) for p in argv] or sorted(
        [*PUBLISHED.glob("search-*.json"), *RESULTS.glob("search-*.json")])
    print(growth_table(newest_per_scale(paths)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
