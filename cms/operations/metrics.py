"""Prometheus metrics of the hub (``/metrics``).

django-prometheus measures every request (latency by view, status codes);
search/metrics.py measures searches and fallbacks; this module adds the
shared cache's hits and misses, finished and failed tasks, and, read from
the database when Prometheus scrapes, the search index queue and the age of
the worker's heartbeat.

Under gunicorn every worker is its own process: with PROMETHEUS_MULTIPROC_DIR
set (before Python starts), prometheus_client writes each process's values
to files there and the scrape adds them up (its multiprocess mode), so one
scrape sees all workers, and the task worker's counts too when it shares the
directory. gunicorn must call ``cms.operations.gunicorn_hooks.child_exit``
when a worker exits (docs/operations.md, "Metrics").
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
import os

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest
from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Counter,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily

from search.health import index_queue_state

from .health import heartbeat_ages

logger = logging.getLogger(__name__)

CACHE_REQUESTS = Counter(
    "hub_cache_requests_total",
    "Reads of the shared cache by result: hit, miss, or unavailable (Redis down).",
    ["result"],
)
TASKS_FINISHED = Counter(
    "hub_tasks_finished_total",
    "Background tasks that finished, by task and status (SUCCESSFUL, FAILED).",
    ["task", "status"],
)


def count_finished_task(sender, task_result, **kwargs) -> None:
    """Receiver of django_tasks' task_finished (in the process that ran it)."""
    TASKS_FINISHED.labels(task=task_result.task.module_path,
                          status=str(task_result.status)).inc()


class HubStateCollector:
    """Values read when Prometheus scrapes, from the database every process
    shares: so they are right whichever worker answers the scrape."""

    def collect(self):
        try:
            queue = index_queue_state()
            ages = heartbeat_ages()
        except DatabaseError as error:
            logger.warning("metrics: the database did not answer: %s", error)
            return
        length = GaugeMetricFamily(
            "hub_index_queue_length",
            "Pages waiting to be written to (or deleted from) Elasticsearch.")
        length.add_metric([], queue["length"])
        yield length
        oldest = GaugeMetricFamily(
            "hub_index_queue_oldest_age_seconds",
            "Age of the oldest entry of the search index queue (0 when empty).")
        oldest.add_metric([], queue["oldest_age_seconds"] or 0.0)
        yield oldest
        heartbeat = GaugeMetricFamily(
            "hub_heartbeat_age_seconds",
            "Seconds since a background process last proved it was alive "
            "(worker: it ran the heartbeat task; scheduler: its loop ran).",
            labels=["process"])
        for name, age in sorted(ages.items()):
            if age is not None:
                heartbeat.add_metric([name], age)
        yield heartbeat


class _Union:
    """Several collectors scraped as one registry."""

    def __init__(self, *collectors) -> None:
        self.collectors = collectors

    def collect(self):
        for collector in self.collectors:
            yield from collector.collect()


def multiprocess_dir() -> str:
    return (os.environ.get("PROMETHEUS_MULTIPROC_DIR")
            or os.environ.get("prometheus_multiproc_dir") or "")


def exposition() -> bytes:
    """The text format for a scrape (prometheus_client writes it)."""
    if multiprocess_dir():
        processes = CollectorRegistry()
        multiprocess.MultiProcessCollector(processes)
        source = _Union(processes, HubStateCollector())
    else:
        source = _Union(REGISTRY, HubStateCollector())
    return generate_latest(source)


def _is_loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


def may_scrape(request: HttpRequest) -> bool:
    """Prometheus on the same machine (the direct peer is a loopback address
    and the request did not come through a proxy, which would add
    X-Forwarded-For), or anyone with ``Authorization: Bearer
    <HUB_METRICS_TOKEN>``."""
    token = getattr(settings, "HUB_METRICS_TOKEN", "") or ""
    given = request.headers.get("Authorization", "")
    if token and given.startswith("Bearer "):
        return hmac.compare_digest(given.removeprefix("Bearer ").encode(),
                                   token.encode())
    proxied = "HTTP_X_FORWARDED_FOR" in request.META or "HTTP_X_REAL_IP" in request.META
    return _is_loopback(request.META.get("REMOTE_ADDR", "")) and not proxied
