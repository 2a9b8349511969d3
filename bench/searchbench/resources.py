"""What a catalogue costs besides time: index size on disk and memory, per
backend, the benchmark's own peak memory, and a free-disk check before a run.

Sizes are read from the services themselves (Elasticsearch's index stats,
PostgreSQL's pg_total_relation_size), so they hold for a remote node too;
process memory is read from /proc when the service runs on this machine.
"""

from __future__ import annotations

import os
import resource
import time
from dataclasses import dataclass
from pathlib import Path

from django.db import DatabaseError, connection

from search.es.connection import get_admin_client, index_prefix
from search.models import SearchDocument, SearchFacetValue, SearchTerm

GIB = 2**30
# Bytes per document measured at 10k (bench/results/search-10k-*.json, see
# docs/benchmarks.md), used when no result file is given to estimate from.
DEFAULT_BYTES_PER_DOC = {"elasticsearch": 6_000, "database": 10_500, "spool": 1_300}
# Merges rewrite segments before the old ones go (Elasticsearch); WAL and
# the vocabulary's updates (PostgreSQL): room on top of the final size.
HEADROOM = {"elasticsearch": 2.0, "database": 1.5, "spool": 1.0}
# What must stay free for the machine's other users after the run.
KEEP_FREE_BYTES = 10 * GIB
KEEP_FREE_SHARE = 0.05


def peak_rss_mb() -> float:
    """The benchmark process's peak resident memory so far (ru_maxrss)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> float:
    """CPU time of this process, every thread, user and system."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def search_tables() -> list[str]:
    return [m._meta.db_table for m in (SearchDocument, SearchFacetValue, SearchTerm)]


# --- Elasticsearch ----------------------------------------------------------
def es_node_stats() -> dict:
    nodes = get_admin_client().nodes.stats(
        node_id="_local", metric="jvm,process,fs,indices")["nodes"]
    return next(iter(nodes.values()))


def es_cpu_seconds() -> float:
    """CPU time the node's process has used since it started."""
    return es_node_stats()["process"]["cpu"]["total_in_millis"] / 1000


def wait_for_merges(limit: float = 1800.0, quiet: float = 10.0) -> float:
    """Seconds until the benchmark's indices have no merge running for
    ``quiet`` seconds (a large bulk load leaves minutes of merging behind,
    which would be measured as query latency), at most ``limit``."""
    client = get_admin_client()
    started = time.monotonic()
    calm_since = None
    while time.monotonic() - started < limit:
        stats = client.indices.stats(index=f"{index_prefix()}-*", metric="merge")
        running = stats["_all"]["total"]["merges"]["current"]
        now = time.monotonic()
        if running:
            calm_since = None
        elif calm_since is None:
            calm_since = now
        elif now - calm_since >= quiet:
            return now - started - quiet
        time.sleep(1)
    return time.monotonic() - started


def es_footprint(samples: int = 5) -> dict:
    """The benchmark's indices on disk, and the node's memory: heap used
    (sampled over a few seconds, it moves with every collection), segments
    memory, and the process's resident memory when it runs here."""
    client = get_admin_client()
    stats = client.indices.stats(index=f"{index_prefix()}-*",
                                 metric="store,docs,segments,completion")
    indices = {
        name: {"docs": s["primaries"]["docs"]["count"],
               "store_bytes": s["total"]["store"]["size_in_bytes"],
               "segments": s["primaries"]["segments"]["count"]}
        for name, s in stats["indices"].items() if s["primaries"]["docs"]["count"]
    }
    heap, old = [], []
    for i in range(samples):
        node = es_node_stats()
        heap.append(node["jvm"]["mem"]["heap_used_in_bytes"])
        old.append(node["jvm"]["mem"]["pools"].get("old", {}).get("used_in_bytes", 0))
        if i < samples - 1:
            time.sleep(1)
    info = next(iter(client.nodes.info(node_id="_local", metric="process")
                     ["nodes"].values()))
    return {
        "store_bytes": stats["_all"]["total"]["store"]["size_in_bytes"],
        "docs": stats["_all"]["primaries"]["docs"]["count"],
        "indices": indices,
        "heap_used_bytes": {"min": min(heap), "max": max(heap)},
        # What stays after young collections: closer to what the data keeps.
        "old_gen_used_bytes": min(old),
        # The completion suggester's FSTs (autocomplete), held in memory.
        "completion_bytes": stats["_all"]["total"]["completion"]["size_in_bytes"],
        "heap_max_bytes": node["jvm"]["mem"]["heap_max_in_bytes"],
        "segments_memory_bytes": node["indices"]["segments"]["memory_in_bytes"],
        "process_rss_bytes": process_memory(info["process"]["id"]).get("rss"),
    }


# --- PostgreSQL -------------------------------------------------------------
def pg_footprint() -> dict:
    """The search tables (with their TOAST and indexes), the memory settings,
    and the cluster's memory (proportional set size of its processes) when
    it runs here."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, pg_total_relation_size(oid), pg_indexes_size(oid) "
            "FROM pg_class WHERE relname = ANY(%s)", [search_tables()])
        tables = {name: {"total_bytes": total, "index_bytes": indexes}
                  for name, total, indexes in cursor.fetchall()}
        memory = {}
        for name in ("shared_buffers", "work_mem", "effective_cache_size"):
            cursor.execute(f"SHOW {name}")
            memory[name] = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM hub_search_searchdocument")
        docs = cursor.fetchone()[0]
    return {"total_bytes": sum(t["total_bytes"] for t in tables.values()),
            "docs": docs, "tables": tables, "settings": memory,
            "cluster_pss_bytes": pg_cluster_pss()}


def pg_data_directory() -> Path | None:
    """The cluster's data directory (needs a superuser or
    pg_read_all_settings), None when it cannot be read."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SHOW data_directory")
            return Path(cursor.fetchone()[0])
    except DatabaseError:  # not allowed: no local figures
        connection.rollback()
        return None


def pg_cluster_pss() -> int | None:
    """Proportional set size of the postmaster and its children: shared
    buffers counted once, not once per backend."""
    data = pg_data_directory()
    pidfile = data / "postmaster.pid" if data else None
    if not pidfile or not pidfile.exists():
        return None
    postmaster = int(pidfile.read_text().split()[0])
    pids = [postmaster] + [int(p.name) for p in Path("/proc").iterdir()
                           if p.name.isdigit() and parent_pid(int(p.name)) == postmaster]
    total = [process_memory(pid).get("pss") for pid in pids]
    return sum(t for t in total if t) or None


def parent_pid(pid: int) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat.rsplit(")", 1)[1].split()[1])


def pg_backend_cpu_seconds() -> float | None:
    """CPU time of this connection's PostgreSQL backend, when it runs here."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def process_memory(pid: int) -> dict:
    """rss and pss in bytes of a local process ({} when not readable)."""
    found = {}
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("Rss", "Pss"):
                found[key.lower()] = int(value.split()[0]) * 1024
    except OSError:
        return {}
    return found


# --- free disk --------------------------------------------------------------
@dataclass
class DiskNeed:
    backend: str
    path: Path | None  # the data directory, when it is on this machine
    available: int | None  # bytes free for the service
    needed: int  # bytes, with headroom

    def line(self) -> str:
        where = str(self.path) if self.path else "its data path"
        free = f"{self.available / GIB:.1f} GiB free" if self.available else "free unknown"
        return f"{self.backend}: about {self.needed / GIB:.1f} GiB needed in {where} ({free})"


def disk_needs(documents: int, bytes_per_doc: dict[str, float],
               backends: list[str], spool_dir: Path) -> list[DiskNeed]:
    stat = os.statvfs(spool_dir)
    needs = [DiskNeed("spool", spool_dir, stat.f_bavail * stat.f_frsize,
                      int(documents * bytes_per_doc["spool"] * HEADROOM["spool"]))]
    if "elasticsearch" in backends:
        data = es_node_stats()["fs"]["data"][0]
        needs.append(DiskNeed(
            "elasticsearch", Path(data["path"]), data["available_in_bytes"],
            int(documents * bytes_per_doc["elasticsearch"]
                * HEADROOM["elasticsearch"])))
    if "database" in backends:
        path = pg_data_directory()
        available = None
        if path and path.exists():
            stat = os.statvfs(path)
            available = stat.f_bavail * stat.f_frsize
        needs.append(DiskNeed(
            "database", path, available,
            int(documents * bytes_per_doc["database"] * HEADROOM["database"])))
    return needs


def disk_problems(needs: list[DiskNeed]) -> list[str]:
    """Why the run would not fit, per file system (both services on one disk
    add up); [] when it fits. Some space always stays free for others."""
    problems = []
    by_device: dict[object, list[DiskNeed]] = {}
    for need in needs:
        local = need.path is not None and need.path.exists()
        device = os.stat(need.path).st_dev if local else need.backend
        by_device.setdefault(device, []).append(need)
    for group in by_device.values():
        available = group[0].available
        if available is None:
            continue
        total = available
        if group[0].path is not None and group[0].path.exists():
            stat = os.statvfs(group[0].path)
            total = stat.f_blocks * stat.f_frsize
        keep = max(KEEP_FREE_BYTES, int(total * KEEP_FREE_SHARE))
        needed = sum(n.needed for n in group)
        if needed + keep > available:
            problems.append(
                f"{' + '.join(n.backend for n in group)}: about "
                f"{needed / GIB:.1f} GiB needed, {available / GIB:.1f} GiB "
                f"available, {keep / GIB:.1f} GiB must stay free")
    return problems
