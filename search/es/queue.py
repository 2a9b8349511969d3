"""Delivering the durable index queue (IndexQueueEntry, filled by
search/indexing.py) to Elasticsearch in bulk; what fails stays queued with a
back-off."""

import logging
from collections.abc import Callable
from datetime import timedelta

from django.utils import timezone

from ..documents import build_documents
from ..models import IndexQueueEntry
from .connection import elasticsearch_enabled
from .indices import ensure_indices, replace_documents

logger = logging.getLogger(__name__)
FLUSH_BATCH = 500
MAX_BACKOFF_SECONDS = 300


def flush_queue(force: bool = False,
                progress: Callable[[int], None] | None = None) -> dict[str, int]:
    """Deliver due queue entries to Elasticsearch (all of them with
    ``force``). Returns counts of indexed, deleted and failed pages; failures
    stay queued with a back-off. ``progress`` gets the size of each batch
    delivered."""
    result = {"indexed": 0, "deleted": 0, "failed": 0}
    if not elasticsearch_enabled():
        return result
    entries = IndexQueueEntry.objects.order_by("enqueued_at")
    if not force:
        entries = entries.filter(not_before__lte=timezone.now())
    batch = list(entries[:FLUSH_BATCH])
    ensured = False
    while batch:
        stamps = {e.page_id: e.enqueued_at for e in batch}
        docs, gone = build_documents(stamps)
        try:
            if not ensured:
                ensure_indices()
                ensured = True
            replace_documents(docs, gone)
        except Exception as error:  # noqa: BLE001 - any failure keeps the entries
            _postpone(batch, error)
            result["failed"] += len(batch)
            return result
        for page_id, stamp in stamps.items():
            # A change queued while we worked has a newer stamp and stays.
            IndexQueueEntry.objects.filter(page_id=page_id, enqueued_at=stamp).delete()
        result["indexed"] += len(docs)
        result["deleted"] += len(gone)
        if progress:
            progress(len(batch))
        batch = list(entries.exclude(page_id__in=stamps)[:FLUSH_BATCH])
    return result


def _postpone(entries: list[IndexQueueEntry], error: Exception) -> None:
    logger.warning("search index flush failed, %d pages stay queued: %s",
                   len(entries), error)
    now = timezone.now()
    for entry in entries:
        entry.attempts += 1
        entry.not_before = now + timedelta(
            seconds=min(2 ** entry.attempts, MAX_BACKOFF_SECONDS))
        entry.last_error = str(error)[:2000]
        entry.save(update_fields=["attempts", "not_before", "last_error"])
