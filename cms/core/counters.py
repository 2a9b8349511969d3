"""Fixed-window counters in the Django cache, shared by the API's rate limits
and the limit on confirmation mails to one address."""

from __future__ import annotations

from django.core.cache import cache


def count(key: str, seconds: int) -> int:
    """Add one to the counter ``key`` (kept ``seconds``) and return it."""
    cache.add(key, 0, seconds)
    try:
        return cache.incr(key)
    except ValueError:  # evicted or expired between add and incr
        cache.set(key, 1, seconds)
        return 1
