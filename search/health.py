"""The search layer's state, as the operations part reports it (/readyz,
/metrics). Nothing outside search/ talks to Elasticsearch."""

from __future__ import annotations

from django.db.models import Min
from django.utils import timezone

from .es.connection import elasticsearch_enabled, get_client
from .models import IndexQueueEntry


def cluster_health(timeout: float = 1.5) -> dict | None:
    """{"status": green|yellow|red, "nodes": n} of the cluster, or None when
    no ELASTICSEARCH_URL is set. Raises when the cluster does not answer
    within ``timeout`` seconds."""
    if not elasticsearch_enabled():
        return None
    # Two tries of half the time each: a dead or hung node of several is
    # passed over for another one.
    client = get_client().options(request_timeout=timeout / 2, max_retries=1,
                                  retry_on_timeout=True)
    health = client.cluster.health()
    return {"status": health["status"], "nodes": health["number_of_nodes"]}


def index_queue_state() -> dict:
    """Length of the Elasticsearch index queue and the age in seconds of its
    oldest entry (None when empty)."""
    state = IndexQueueEntry.objects.aggregate(oldest=Min("enqueued_at"))
    length = IndexQueueEntry.objects.count()
    oldest = state["oldest"]
    age = (timezone.now() - oldest).total_seconds() if oldest else None
    return {"length": length, "oldest_age_seconds": None if age is None else round(age, 1)}
