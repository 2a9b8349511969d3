"""The built documents on disk, between making them and indexing them: gzip
members of JSON lines, one per slice of the catalogue.

Building a document (its analysis included) costs more CPU than indexing it,
so it happens once, before the loads, in worker processes that each make
whole slices (a document depends on its index alone, so any slice can be
made anywhere); each backend's load then reads the spool back as a stream
and measures indexing alone. Neither side holds more than a few slices.
"""

from __future__ import annotations

import gzip
import json
import multiprocessing
import time
from collections import deque
from collections.abc import Callable, Iterator
from pathlib import Path

from django.db import connections

from .catalogue import Catalogue

SLICE = 1000  # documents per gzip member and per task


def _build_slice(catalogue: Catalogue, start: int, stop: int
                 ) -> tuple[bytes, float, float]:
    """A slice as one gzip member, with the CPU seconds it took and those of
    the analysis (search.documents.analysed_terms) within them."""
    cpu, analysis = time.process_time(), catalogue.analysis_cpu
    lines = "".join(json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n"
                    for doc in catalogue.documents(start, stop))
    data = gzip.compress(lines.encode(), compresslevel=1)
    return data, time.process_time() - cpu, catalogue.analysis_cpu - analysis


def write_spool(catalogue: Catalogue, path: Path, processes: int,
                progress: Callable[[int], None] | None = None) -> dict:
    """Make every document into ``path``; with ``processes`` > 1 in that many
    forked workers (the parent only writes). Wall seconds, CPU seconds of
    building (analysis apart too) and the file's size."""
    slices = [(start, min(start + SLICE, len(catalogue)))
              for start in range(0, len(catalogue), SLICE)]
    totals = {"cpu": 0.0, "analysis_cpu": 0.0}
    started = time.perf_counter()

    def write(out, result: tuple[bytes, float, float], size: int) -> None:
        data, cpu, analysis = result
        out.write(data)
        totals["cpu"] += cpu
        totals["analysis_cpu"] += analysis
        progress and progress(size)

    with path.open("wb") as out:
        if processes <= 1:
            for start, stop in slices:
                write(out, _build_slice(catalogue, start, stop), stop - start)
        else:
            # The workers inherit the set-up Django, not its connections.
            connections.close_all()
            with multiprocessing.get_context("fork").Pool(processes) as pool:
                pending: deque = deque()
                for start, stop in slices:
                    pending.append((pool.apply_async(
                        _build_slice, (catalogue, start, stop)), stop - start))
                    if len(pending) >= 2 * processes:  # a few slices in memory
                        task, size = pending.popleft()
                        write(out, task.get(), size)
                while pending:
                    task, size = pending.popleft()
                    write(out, task.get(), size)
    return {"seconds": time.perf_counter() - started, "processes": processes,
            "bytes": path.stat().st_size, **totals}


def read_spool(path: Path) -> Iterator[dict]:
    """The documents of a spool, in order, one at a time."""
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            yield json.loads(line)
