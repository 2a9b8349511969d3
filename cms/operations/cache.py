"""The shared cache (Redis) that never takes the hub down with it.

Production keeps the API's answers, the rate-limit counters and the theme
stylesheets in Redis (``REDIS_URL``), so every gunicorn worker and machine
sees the same values. When Redis is unreachable or hangs, reads miss,
writes are dropped and ``incr`` counts from zero, so the API's rate limit
lets requests through ("fails open") instead of answering 500. After a
failure Redis is left alone for ``RETRY_AFTER`` seconds (a circuit breaker:
a hung Redis costs one socket timeout per process every few seconds, not one
per request). The outage and the recovery are logged once, with the number
of operations skipped meanwhile, never a line per request.
"""

from __future__ import annotations

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from .metrics import CACHE_REQUESTS

logger = logging.getLogger(__name__)
OUTAGE = (RedisConnectionError, RedisTimeoutError, OSError)
RETRY_AFTER = 5.0  # seconds without trying Redis after a failure
LOG_EVERY = 60.0  # seconds between "still unreachable" lines
_MISSING = object()


class _Outage:
    """Per process and Redis location: since when it is down, when to try
    again, and what was skipped (cache objects are per thread in Django,
    the breaker must not be)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.down_since = 0.0
        self.retry_at = 0.0
        self.logged_at = 0.0
        self.skipped = 0

    def open(self) -> bool:
        if not self.down_since:
            return False
        with self.lock:
            if time.monotonic() < self.retry_at:
                self.skipped += 1
                return True
            return False

    def failed(self, location: str, error: Exception) -> None:
        now = time.monotonic()
        with self.lock:
            self.retry_at = now + RETRY_AFTER
            first = not self.down_since
            if first:
                self.down_since = now
            if first or now - self.logged_at >= LOG_EVERY:
                logger.error(
                    "Redis cache at %s is unreachable (%s): cache reads miss, writes "
                    "are dropped and the API rate limit is not enforced until it "
                    "answers; %d operations skipped since the last report.",
                    location, error, self.skipped,
                    extra={"cache_location": location, "skipped": self.skipped})
                self.logged_at, self.skipped = now, 0

    def recovered(self, location: str) -> None:
        with self.lock:
            if not self.down_since:
                return
            seconds = time.monotonic() - self.down_since
            self.down_since = self.retry_at = 0.0
            logger.warning("Redis cache at %s answers again after %.1f s.",
                           location, seconds, extra={"cache_location": location})


_outages: dict[str, _Outage] = {}
_outages_lock = threading.Lock()


def _outage_for(location: str) -> _Outage:
    with _outages_lock:
        return _outages.setdefault(location, _Outage())


class FailOpenRedisCache(RedisCache):
    """Django's RedisCache whose operations answer a harmless default while
    Redis is down, and count hits and misses for /metrics."""

    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self.location = ",".join(self._servers)
        self.outage = _outage_for(self.location)

    def _run(self, default, operation, *args, **kwargs):
        if self.outage.open():
            return default
        try:
            result = operation(*args, **kwargs)
        except OUTAGE as error:
            self.outage.failed(self.location, error)
            return default
        if self.outage.down_since:
            self.outage.recovered(self.location)
        return result

    def get(self, key, default=None, version=None):
        value = self._run(_MISSING, super().get, key, _MISSING, version)
        if value is _MISSING:
            CACHE_REQUESTS.labels(result="miss" if not self.outage.down_since
                                  else "unavailable").inc()
            return default
        CACHE_REQUESTS.labels(result="hit").inc()
        return value

    def get_many(self, keys, version=None):
        keys = list(keys)
        found = self._run(None, super().get_many, keys, version)
        if found is None:
            CACHE_REQUESTS.labels(result="unavailable").inc(len(keys))
            return {}
        CACHE_REQUESTS.labels(result="hit").inc(len(found))
        CACHE_REQUESTS.labels(result="miss").inc(len(keys) - len(found))
        return found

    def has_key(self, key, version=None):
        return self._run(False, super().has_key, key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._run(False, super().add, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._run(None, super().set, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._run([], super().set_many, data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._run(False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._run(False, super().delete, key, version)

    def delete_many(self, keys, version=None):
        self._run(None, super().delete_many, keys, version)

    def incr(self, key, delta=1, version=None):
        # Unreachable: as if the counter had just started, so a rate limit
        # built on add()/incr() lets the request through.
        return self._run(delta, super().incr, key, delta, version)

    def clear(self):
        return self._run(False, super().clear)

    def ping(self) -> None:
        """Ask Redis directly, past the breaker (for /readyz); raises when it
        does not answer within the socket timeout."""
        self._cache.get_client(None, write=False).ping()
