"""/metrics: who may read it, and what it says, summed over gunicorn's workers
(prometheus_client's multiprocess mode)."""

from __future__ import annotations

import os
import re
import signal

import pytest
from django.test import override_settings
from django_tasks import task
from prometheus_client.parser import text_string_to_metric_families

from search.models import IndexQueueEntry

from .conftest import LIVE, METRICS_TOKEN, visitor, wait_until


def samples(text: str) -> dict[tuple[str, tuple], float]:
    """{(sample name, sorted labels): value} of an exposition."""
    found = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def value(found: dict, name: str, **labels: str) -> float:
    return found.get((name, tuple(sorted(labels.items()))), 0.0)


# --- who may scrape (this process, Django's test client) ----------------------


@pytest.mark.django_db
@override_settings(HUB_METRICS_TOKEN="s3cret-token")
def test_metrics_only_for_localhost_or_the_token(client):
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="::1").status_code == 200
    for denied in (
        {"REMOTE_ADDR": "203.0.113.9"},
        # Through a proxy on the machine: X-Forwarded-For names someone else.
        {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "127.0.0.1"},
        {"REMOTE_ADDR": "203.0.113.9", "HTTP_AUTHORIZATION": "Bearer wrong"},
        {"REMOTE_ADDR": "203.0.113.9", "HTTP_AUTHORIZATION": "s3cret-token"},
        {"REMOTE_ADDR": "127.0.0.1", "HTTP_AUTHORIZATION": "Bearer wrong"},
    ):
        answer = client.get("/metrics", **denied)
        assert answer.status_code == 404, denied  # not a redirect, not a hint
        assert b"hub_" not in answer.content
    allowed = client.get("/metrics", REMOTE_ADDR="203.0.113.9",
                         HTTP_AUTHORIZATION="Bearer s3cret-token")
    assert allowed.status_code == 200
    assert allowed["Content-Type"].startswith("text/plain; version=")


@override_settings(HUB_METRICS_TOKEN="")
@pytest.mark.django_db
def test_no_token_configured_means_no_token_accepted(client):
    answer = client.get("/metrics", REMOTE_ADDR="203.0.113.9",
                        HTTP_AUTHORIZATION="Bearer ")
    assert answer.status_code == 404


@task()
def failing_task() -> None:
    raise RuntimeError("a task that fails, for the metrics")


@pytest.mark.django_db
def test_failed_tasks_are_counted(client):
    name = f"{__name__}.failing_task"

    def failed() -> float:
        return value(samples(client.get("/metrics").content.decode()),
                     "hub_tasks_finished_total", status="FAILED", task=name)

    before = failed()
    failing_task.enqueue()  # the test settings run tasks at once
    failing_task.enqueue()
    assert failed() == before + 2


# --- what the hub under gunicorn reports ---------------------------------------


def _scrape(hub) -> dict:
    answer = hub.get("/metrics", https=False)
    assert answer.status == 200, answer.body[:300]
    return samples(answer.body.decode())


@LIVE
def test_metrics_are_summed_over_the_workers_and_survive_a_killed_one(hubs):
    a = hubs["a"]
    latency = "django_http_requests_latency_seconds_by_view_method_count"
    before = value(_scrape(a), latency, method="GET", view="healthz")
    for _ in range(20):  # Connection: close spreads them over both workers
        assert a.get("/healthz").status == 200
    after = _scrape(a)
    assert value(after, latency, method="GET", view="healthz") == before + 20
    # Requests of the scrape: the token works from the machine too.
    assert a.get("/metrics", {"Authorization": f"Bearer {METRICS_TOKEN}"},
                 https=False).status == 200
    assert a.get("/metrics", {"X-Forwarded-For": "203.0.113.9"}).status == 404

    # kill -9 a worker: gunicorn replaces it, its counts stay in the sum.
    victim = a.worker_pids()[0]
    os.kill(victim, signal.SIGKILL)
    wait_until(lambda: victim not in a.worker_pids() and len(a.worker_pids()) == 2,
               60, "gunicorn did not replace the killed worker")
    wait_until(lambda: a.get("/healthz").status == 200, 60, "a stopped answering")
    counted = value(_scrape(a), latency, method="GET", view="healthz")
    assert counted >= before + 21


@LIVE
def test_metrics_report_search_the_queue_and_the_cache(hubs):
    a = hubs["a"]
    IndexQueueEntry.objects.bulk_create([IndexQueueEntry(page_id=n) for n in range(7)])
    # a's Elasticsearch has no indices under its prefix: the cluster answers
    # with an error, the database answers instead, and that is counted.
    for _ in range(3):
        answer = a.get("/api/v1/search/?q=leuven&lang=en", visitor())
        assert answer.status == 200 and answer.json()["fallback"] is True
    for _ in range(2):  # the second answer comes from the shared cache
        assert a.get("/api/v1/institutions/?lang=nl", visitor()).status == 200
    found = _scrape(a)
    assert value(found, "hub_index_queue_length") == 7
    assert value(found, "hub_index_queue_oldest_age_seconds") >= 0
    searched = value(found, "hub_search_duration_seconds_count", operation="search",
                     backend="database", fallback="true")
    assert searched >= 1
    fallbacks = (value(found, "hub_search_fallbacks_total", operation="search",
                       reason="error")
                 + value(found, "hub_search_fallbacks_total", operation="search",
                         reason="circuit_open"))
    assert fallbacks == searched
    assert value(found, "django_http_requests_latency_seconds_by_view_method_count",
                 method="GET", view="api-search") >= 3
    assert value(found, "hub_cache_requests_total", result="hit") >= 1
    assert value(found, "hub_cache_requests_total", result="miss") >= 1
    # Only prometheus_client wrote this: every line is a comment or a sample.
    text = a.get("/metrics", https=False).body.decode()
    assert all(re.match(r"^(# (HELP|TYPE) |[a-z_]+(\{.*\})? )", line)
               for line in text.splitlines() if line)
