"""/healthz and /readyz of the hub under gunicorn, and its database
connections surviving a server that drops them."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from django.db import connection
from django.utils import timezone

from cms.operations.models import Heartbeat
from search.models import IndexQueueEntry

from .conftest import LIVE, visitor

pytestmark = LIVE


def test_healthz_answers_without_the_database_and_readyz_says_it_is_down(hubs):
    hub = hubs["no_db"]
    alive = hub.get("/healthz")
    assert alive.status == 200 and alive.json() == {"status": "ok"}
    ready = hub.get("/readyz")
    assert ready.status == 503
    assert ready.seconds < 2.5
    body = ready.json()
    assert body["status"] == "down" and body["failed"] == ["database"]
    database = body["checks"]["database"]
    assert database["status"] == "down" and database["required"] is True
    assert "OperationalError" in database["error"]
    assert body["checks"]["cache"]["status"] == "ok"  # the parts are told apart
    # Plain HTTP from a probe on the machine: not redirected to HTTPS.
    assert hub.get("/healthz", https=False).status == 200
    assert hub.get("/readyz", https=False).status == 503
    assert hub.get("/nl/", https=False).status == 301  # everything else is


def test_readyz_reports_every_part(hubs):
    a = hubs["a"]
    now = timezone.now()
    IndexQueueEntry.objects.bulk_create(
        [IndexQueueEntry(page_id=n, enqueued_at=now - timedelta(minutes=n))
         for n in (1, 2, 3)])
    answer = a.get("/readyz")
    assert answer.status == 200, answer.body
    checks = answer.json()["checks"]
    assert checks["database"]["status"] == "ok"
    assert checks["database"]["vendor"] == "postgresql"
    assert checks["cache"] == {**checks["cache"], "status": "ok", "backend": "redis",
                               "shared": True, "required": True}
    search = checks["search"]
    assert search["backend"] == "elasticsearch" and search["nodes"] >= 1
    assert search["cluster"] in ("green", "yellow") and search["required"] is True
    assert checks["index_queue"]["length"] == 3
    assert 170 < checks["index_queue"]["oldest_age_seconds"] < 400
    # No worker has run the heartbeat task yet: reported, but not a 503
    # (docs/operations.md, "Health").
    assert checks["worker"]["status"] == "degraded"
    assert checks["worker"]["heartbeat_age_seconds"] is None
    assert checks["worker"]["required"] is False
    Heartbeat.objects.create(name="worker", at=timezone.now() - timedelta(seconds=20))
    checks = a.get("/readyz").json()["checks"]
    assert checks["worker"]["status"] == "ok"
    assert 15 < checks["worker"]["heartbeat_age_seconds"] < 120
    # b uses no Elasticsearch: search is not a part it needs.
    b_checks = hubs["b"].get("/readyz").json()["checks"]
    assert b_checks["search"] == {**b_checks["search"], "status": "off",
                                  "required": False}


def test_dropped_database_connections_cost_no_server_error(hubs):
    """What a PostgreSQL restart does to the workers' persistent connections:
    the server closes them. CONN_HEALTH_CHECKS finds out before reuse."""
    a = hubs["a"]
    name = connection.settings_dict["NAME"]

    def held() -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_stat_activity "
                           "WHERE datname = %s AND pid <> pg_backend_pid()", [name])
            return cursor.fetchone()[0]

    # Concurrent requests, until the server's workers hold two persistent
    # connections (which worker answers one request is the kernel's choice).
    with ThreadPoolExecutor(8) as pool:
        for _ in range(10):
            statuses = pool.map(lambda _n: a.get("/api/v1/events/?lang=en",
                                                 visitor()).status, range(8))
            assert set(statuses) == {200}
            if held() >= 2:
                break
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()", [name])
        dropped = cursor.fetchone()[0]
    assert dropped >= 2
    statuses = [a.get("/api/v1/events/?lang=en", visitor()).status
                for _ in range(10)]
    assert statuses == [200] * 10
