"""The shared cache: the API's rate limit counted in Redis across processes,
and a hub that keeps answering when Redis stops or hangs."""

from __future__ import annotations

import time

import pytest

from cms.operations import cache as shared_cache
from cms.operations.metrics import CACHE_REQUESTS

from .conftest import LIVE, RATE_LIMIT, visitor, wait_until


def away_from_the_window_edge() -> None:
    """The limit counts per hour; do not straddle the hour."""
    left = 3600 - time.time() % 3600
    if left < 30:
        time.sleep(left + 1)


@LIVE
def test_the_rate_limit_holds_across_processes_sharing_redis(hubs):
    a, b = hubs["a"], hubs["b"]
    who = visitor()
    away_from_the_window_edge()
    answered = {"a": [], "b": []}
    for number in range(RATE_LIMIT + 6):
        hub = a if number % 2 == 0 else b
        answered[hub.name].append(hub.get("/api/v1/events/", who).status)
    statuses = answered["a"] + answered["b"]
    # Each process alone would have let RATE_LIMIT through: together they let
    # exactly RATE_LIMIT through, so the counter is the shared one.
    assert statuses.count(200) == RATE_LIMIT, answered
    assert statuses.count(429) == 6, answered
    assert 429 in answered["a"] and 429 in answered["b"]
    limited = a.get("/api/v1/events/", who)
    assert limited.status == 429 and int(limited.headers["Retry-After"]) >= 1
    assert limited.json()["error"]["code"] == "rate_limited"
    # Another visitor is not limited by this one.
    assert b.get("/api/v1/events/", visitor()).status == 200


def _redis_errors(hub, since: int) -> list[dict]:
    return [line for line in hub.log_lines()[since:]
            if line["logger"] == "cms.operations.cache" and line["level"] == "ERROR"]


@LIVE
def test_without_redis_the_hub_answers_the_limit_fails_open_and_it_is_logged(
        hubs, redis_back, site_tree):
    a = hubs["a"]
    assert a.get("/nl/").status == 200
    before = len(a.log_lines())
    redis_back.stop()
    who = visitor()
    statuses = [a.get("/api/v1/events/", who).status for _ in range(RATE_LIMIT + 8)]
    assert statuses == [200] * (RATE_LIMIT + 8)  # fails open, nothing is a 500
    for path in ("/nl/", "/en/events/", "/api/v1/institutions/", "/nl/search/?q=x"):
        assert a.get(path).status == 200, path
    ready = a.get("/readyz")
    assert ready.status == 503
    assert ready.json()["checks"]["cache"]["status"] == "down"
    assert "cache" in ready.json()["failed"]
    # Logged once per worker process, not once per request.
    errors = _redis_errors(a, before)
    assert 1 <= len(errors) <= 2, errors
    assert "is unreachable" in errors[0]["message"]
    assert "rate limit is not enforced" in errors[0]["message"]

    redis_back.start()
    # The breaker tries Redis again after RETRY_AFTER seconds; then the limit
    # counts again and the recovery is logged.
    time.sleep(shared_cache.RETRY_AFTER + 0.5)
    again = visitor()
    statuses = [a.get("/api/v1/events/", again).status for _ in range(RATE_LIMIT + 4)]
    assert statuses.count(429) >= 2, statuses
    assert any("answers again" in line["message"] for line in a.log_lines()[before:])
    assert a.get("/readyz").json()["checks"]["cache"]["status"] == "ok"


@LIVE
def test_a_hung_redis_costs_a_socket_timeout_not_a_hang(hubs, redis_back, site_tree):
    a = hubs["a"]
    redis_back.pause()
    answers = [a.get(path, timeout=10) for path in
               ("/api/v1/events/", "/nl/", "/api/v1/events/", "/nl/")]
    assert [answer.status for answer in answers] == [200] * 4
    assert max(answer.seconds for answer in answers) < 3
    ready = a.get("/readyz", timeout=10)
    assert ready.status == 503 and ready.seconds < 3


@pytest.fixture
def shared(redis_server, settings):
    """A FailOpenRedisCache of this process on the test Redis."""
    backend = shared_cache.FailOpenRedisCache(
        redis_server.url, {"OPTIONS": {"socket_connect_timeout": 0.5,
                                       "socket_timeout": 0.5},
                           "KEY_PREFIX": f"unit-{time.time_ns()}"})
    yield backend
    shared_cache._outages.pop(backend.location, None)


def _count(result: str) -> float:
    return CACHE_REQUESTS.labels(result=result)._value.get()


def test_fail_open_cache_counts_hits_and_misses_and_degrades(shared, redis_back,
                                                            caplog):
    hits, misses, unavailable = _count("hit"), _count("miss"), _count("unavailable")
    assert shared.get("k") is None
    shared.set("k", {"v": 1}, 60)
    assert shared.get("k") == {"v": 1}
    assert shared.add("n", 0, 60) and shared.incr("n") == 1
    assert (_count("hit"), _count("miss")) == (hits + 1, misses + 1)
    shared.ping()

    redis_back.stop()
    with caplog.at_level("WARNING", logger="cms.operations.cache"):
        assert shared.get("k", "fallback") == "fallback"
        shared.set("k", 2, 60)  # dropped, no exception
        assert shared.add("n2", 0, 60) is False
        assert shared.incr("n2") == 1  # as if new: a rate limit lets it through
        assert shared.get_many(["a", "b"]) == {}
        assert shared.delete("k") is False
    assert _count("unavailable") == unavailable + 3
    assert len([r for r in caplog.records if r.levelname == "ERROR"]) == 1
    with pytest.raises(Exception):  # noqa: B017 - /readyz asks past the breaker
        shared.ping()

    redis_back.start()
    shared.outage.retry_at = 0  # no need to wait for the breaker here
    with caplog.at_level("WARNING", logger="cms.operations.cache"):
        wait_until(lambda: (shared.set("k", 3, 60), shared.get("k"))[1] == 3, 5,
                   "Redis did not come back")
    assert any("answers again" in r.getMessage() for r in caplog.records)
