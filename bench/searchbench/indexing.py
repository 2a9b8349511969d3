"""Loading the catalogue into both backends as a stream (read from the spool,
bench/searchbench/spool.py), and where the time of an Elasticsearch rebuild
goes.

Documents are never held together: the database gets them in chunks through
search.db.store.save_documents() (the hub's own writer, triggers included),
Elasticsearch through search.indexing.rebuild_elasticsearch() (new versioned
indices, bulk, refresh, alias swap), which takes any iterable.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from django.db import connection
from tqdm import tqdm

from search.db.store import save_documents
from search.es.connection import get_admin_client
from search.es.documents import document_classes
from search.es.indices import count
from search.indexing import rebuild_elasticsearch as rebuild
from search.models import IndexQueueEntry

from .resources import (
    cpu_seconds,
    es_cpu_seconds,
    pg_backend_cpu_seconds,
    search_tables,
)


@dataclass
class StreamClock:
    """CPU time of the thread that consumes a document stream: inside the
    stream (reading the spool) and in total (the stream plus whatever the
    consumer does between two documents: for a bulk, HubDocument.source()
    and the JSON serialisation)."""

    reading: float = 0.0
    feeding: float = 0.0
    _started: float | None = None

    def wrap(self, docs: Iterable[dict]) -> Iterator[dict]:
        docs = iter(docs)
        self._started = time.thread_time()
        while True:
            before = time.thread_time()
            try:
                doc = next(docs)
            except StopIteration:
                self.feeding = time.thread_time() - self._started
                return
            self.reading += time.thread_time() - before
            yield doc


@dataclass
class BulkClock:
    """Wall time of the bulk requests as the client sees them, and the time
    the node reports for them (``took``), recorded on the client's transport
    while a rebuild runs."""

    requests: int = 0
    seconds: float = 0.0
    took: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __enter__(self) -> BulkClock:
        self.transport = get_admin_client().transport
        original = self.transport.perform_request

        def timed(method, target, *args, **kwargs):
            started = time.perf_counter()
            response = original(method, target, *args, **kwargs)
            if "_bulk" in target:
                with self._lock:
                    self.requests += 1
                    self.seconds += time.perf_counter() - started
                    self.took += response.body.get("took", 0) / 1000
            return response

        self.transport.perform_request = timed
        return self

    def __exit__(self, *exc) -> None:
        del self.transport.perform_request


def clear_database() -> None:
    tables = [*search_tables(), IndexQueueEntry._meta.db_table]
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(tables)}")


def load_database(source: Iterable[dict], total: int, chunk: int) -> dict:
    """Write every document with save_documents() in chunks, then ANALYZE
    (not timed). Seconds, the CPU of this process and of its PostgreSQL
    backend (when local; triggers included, WAL writer and others not)."""
    clear_database()
    clock = StreamClock()
    docs = clock.wrap(source)
    backend = pg_backend_cpu_seconds()
    cpu, started = cpu_seconds(), time.perf_counter()
    with tqdm(total=total, desc="database", unit="doc", mininterval=1,
              disable=None) as bar:
        while batch := list(islice(docs, chunk)):
            bar.update(save_documents(batch))
    elapsed = time.perf_counter() - started
    python = cpu_seconds() - cpu
    after = pg_backend_cpu_seconds()
    with connection.cursor() as cursor:  # fresh statistics, as autovacuum would
        cursor.execute(f"ANALYZE {', '.join(search_tables())}")
    return {"seconds": elapsed, "python_cpu": python, "reading_cpu": clock.reading,
            "node_cpu": None if backend is None else after - backend}


def rebuild_elasticsearch(source: Iterable[dict], total: int) -> dict:
    """A full rebuild from the stream. Seconds, and where they went: this
    process's CPU (reading the spool, the rest of the feeding thread: sources
    and JSON, the other threads: HTTP), the node's CPU, and the bulk
    requests' wall time and the node's own time for them (two in flight)."""
    clock = StreamClock()
    node_cpu, cpu = es_cpu_seconds(), cpu_seconds()
    started = time.perf_counter()
    with BulkClock() as bulk, tqdm(total=total, desc="elasticsearch",
                                   unit="doc", mininterval=1, disable=None) as bar:
        rebuild(docs=clock.wrap(source), progress=bar.update)
    elapsed = time.perf_counter() - started
    python, node = cpu_seconds() - cpu, es_cpu_seconds() - node_cpu
    indexed = sum(count(cls) for cls in document_classes().values())
    if indexed != total:
        raise SystemExit(f"Elasticsearch holds {indexed} documents, not {total}")
    return {
        "seconds": elapsed,
        "python_cpu": python, "reading_cpu": clock.reading,
        "feeding_cpu": clock.feeding, "node_cpu": node,
        "bulk_requests": bulk.requests, "bulk_seconds": bulk.seconds,
        "bulk_took_seconds": bulk.took,
    }
