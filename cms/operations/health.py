"""What /readyz reports: each part the hub depends on, checked in its own
thread against one deadline, so the answer comes within about two seconds
even when a part hangs instead of refusing.

A check whose previous run still hangs is not started again (it answers
"timeout" at once): repeated probes of a hung database must not pile up
threads and connections.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.core.cache import caches
from django.db import connections
from django.utils import timezone

from search.health import cluster_health, index_queue_state

from .models import Heartbeat

DEADLINE = 1.8  # seconds for all checks together

OK, DEGRADED, DOWN, OFF = "ok", "degraded", "down", "off"

_running: dict[str, threading.Thread] = {}
_running_lock = threading.Lock()


def check_database() -> dict:
    connection = connections["default"]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    finally:
        connection.close()  # this thread's own connection; the thread ends
    return {"status": OK, "vendor": connection.vendor}


def check_cache() -> dict:
    cache = caches["default"]
    ping = getattr(cache, "ping", None)
    if ping is None:  # local memory: nothing to reach, nothing shared
        return {"status": OK, "backend": type(cache).__name__, "shared": False}
    ping()
    return {"status": OK, "backend": "redis", "shared": True}


def check_search() -> dict:
    health = cluster_health(timeout=DEADLINE - 0.3)
    if health is None:
        return {"status": OFF, "backend": "database"}
    state = {"green": OK, "yellow": DEGRADED}.get(health["status"], DOWN)
    return {"status": state, "backend": "elasticsearch", "cluster": health["status"],
            "nodes": health["nodes"]}


def heartbeat_ages() -> dict[str, float | None]:
    """Seconds since the worker and the scheduler last wrote their heartbeat
    (None: never)."""
    now = timezone.now()
    seen: dict[str, datetime] = dict(Heartbeat.objects.values_list("name", "at"))
    return {name: (now - seen[name]).total_seconds() if name in seen else None
            for name in ("worker", "scheduler")}


def uses_worker() -> bool:
    backend = settings.TASKS.get("default", {}).get("BACKEND", "")
    return not backend.endswith("ImmediateBackend")


def check_background() -> dict:
    """The heartbeats and the search index queue (one database round)."""
    try:
        ages = heartbeat_ages()
        queue = index_queue_state()
    finally:
        connections["default"].close()
    stale_after = float(settings.HUB_WORKER_STALE_AFTER)
    parts = {}
    for name, age in ages.items():
        if not uses_worker():
            parts[name] = {"status": OFF, "detail": "tasks run in the request "
                           "(ImmediateBackend): no worker is needed"}
            continue
        fresh = age is not None and age <= stale_after
        parts[name] = {"status": OK if fresh else DEGRADED,
                       "heartbeat_age_seconds": None if age is None else round(age, 1),
                       "stale_after_seconds": stale_after}
    parts["index_queue"] = {"status": OK, **queue}
    return parts


CHECKS: dict[str, Callable[[], dict]] = {
    "database": check_database,
    "cache": check_cache,
    "search": check_search,
    "background": check_background,
}


def _run_all(deadline: float) -> dict[str, dict]:
    results: dict[str, dict] = {}
    threads = []
    for name, check in CHECKS.items():
        with _running_lock:
            previous = _running.get(name)
            if previous is not None and previous.is_alive():
                results[name] = {"status": DOWN, "error": "timeout: the previous "
                                 "check has not returned yet"}
                continue

            def run(name=name, check=check) -> None:
                started = time.perf_counter()
                try:
                    result = check()
                except Exception as error:  # noqa: BLE001 - any failure is "down"
                    result = {"status": DOWN, "error": f"{type(error).__name__}: "
                              f"{str(error).strip()[:300]}"}
                result["ms"] = round((time.perf_counter() - started) * 1000, 1)
                results[name] = result

            thread = threading.Thread(target=run, name=f"readyz-{name}", daemon=True)
            _running[name] = thread
        thread.start()
        threads.append((name, thread))
    for name, thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
        if thread.is_alive():
            results[name] = {"status": DOWN,
                             "error": f"timeout: no answer within {DEADLINE} s"}
    return results


def required_parts() -> set[str]:
    """HUB_READY_REQUIRES, without the parts this deployment does not use."""
    wanted = {p.strip() for p in settings.HUB_READY_REQUIRES if p.strip()}
    return wanted | {"database"}


def readiness() -> tuple[int, dict]:
    """(HTTP status, body) of /readyz."""
    results = _run_all(time.monotonic() + DEADLINE)
    background = results.pop("background")
    if background.get("status") == DOWN:  # the database query failed or hung
        background = {name: dict(background) for name in
                      ("worker", "scheduler", "index_queue")}
    else:
        background.pop("ms", None)  # the parts are not checks of their own
    checks = {**results, **background}
    required = required_parts()
    for name, result in checks.items():
        result["required"] = name in required and result.get("status") != OFF
    failed = sorted(name for name, result in checks.items()
                    if result["required"] and result["status"] == DOWN)
    degraded = sorted(name for name, result in checks.items()
                      if result["status"] in (DEGRADED, DOWN) and name not in failed)
    status = DOWN if failed else DEGRADED if degraded else OK
    body = {"status": status, "checks": checks}
    if failed:
        body["failed"] = failed
    if degraded:
        body["degraded"] = degraded
    return (503 if failed else 200), body
