"""Keeping both backends right.

A change to a page calls ``sync_pages``: the database table is updated in the
same transaction (it is also the fallback, so it must never lag), and the
pages are put on the durable Elasticsearch queue (IndexQueueEntry). After the
commit a task (django-tasks) flushes the queue with bulk requests; when the
cluster is unreachable the entries stay, with a back-off, until a later flush
(the next change, the next successful search, `search_index flush`, or the
task worker) delivers them.
"""

import logging
from collections.abc import Callable, Iterable

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from .db import store
from .documents import build_documents, searchable_model_list, searchable_pages
from .es.connection import elasticsearch_enabled, get_admin_client, get_bulk_client
from .es.documents import LabelDocument, document_classes
from .es.indices import (
    BUILD_SETTINGS,
    bulk,
    index_actions,
    indexed_fingerprints,
    new_index,
    put_templates,
    serving_settings,
    swap_alias,
    wait_for_replicas,
)
from .es.queue import flush_queue
from .models import IndexQueueEntry, SearchDocument, SearchFacetValue
from .tasks import flush_index_queue, flush_waiting

logger = logging.getLogger(__name__)
# Bulk chunks in flight during a rebuild: two keep both a 2-core node and the
# Python side busy; more only queue up on the node.
REBUILD_THREADS = 2


def affected_pages(page: Page) -> set[int]:
    """A page, its translations and the pages whose documents mention it
    (an organisation's entries and events, events it takes part in)."""
    ids = {page.pk}
    ids |= set(Page.objects.filter(translation_key=page.translation_key)
               .values_list("pk", flat=True))
    if getattr(page.specific_class, "search_document_type", None) == "organisation":
        for org in Page.objects.filter(translation_key=page.translation_key):
            ids |= set(Page.objects.descendant_of(org).values_list("pk", flat=True))
        for model in searchable_model_list():
            keys = model.search_mentioning(page.translation_key).values_list(
                "translation_key", flat=True)
            ids |= set(Page.objects.filter(translation_key__in=keys)
                       .values_list("pk", flat=True))
        # Any other document that names it (a scholarship's funder, ...).
        ids |= set(SearchFacetValue.objects.filter(
            facet__in=("institution", "organiser"), value=str(page.translation_key))
            .values_list("document_id", flat=True))
    return ids


def sync_pages(page_ids: Iterable[int]) -> None:
    """Bring the documents of these pages up to date on both backends."""
    page_ids = set(page_ids)
    if not page_ids:
        return
    docs, gone = build_documents(page_ids)
    store.save_documents(docs)
    store.delete_documents(gone)
    if elasticsearch_enabled():
        enqueue(page_ids)


def enqueue(page_ids: Iterable[int]) -> None:
    now = timezone.now()
    for page_id in page_ids:
        IndexQueueEntry.objects.update_or_create(
            page_id=page_id,
            defaults={"enqueued_at": now, "not_before": now, "attempts": 0},
        )
    transaction.on_commit(schedule_flush)


def schedule_flush() -> None:
    """Enqueue a flush, unless one is already waiting for a worker: it has
    not read the queue yet, so it will deliver this change too (a thousand
    saves in a row queue one flush, not a thousand)."""
    try:
        if not flush_waiting():
            flush_index_queue.enqueue()
    except Exception:  # a broken task backend must not break publishing
        logger.exception("could not enqueue the search index flush")


class QueueNotDelivered(RuntimeError):
    """Elasticsearch did not take the queued pages; they stay queued for the
    task worker (or `search_index flush`)."""

    def __init__(self, waiting: int, error: str) -> None:
        super().__init__(f"{waiting} pages wait in the search index queue: "
                         f"Elasticsearch did not take them ({error}).")
        self.waiting = waiting
        self.error = error


def queued_pages() -> int:
    return IndexQueueEntry.objects.count()


def deliver_queue(progress: Callable[[int], None] | None = None) -> int:
    """Deliver the whole index queue now, with the bulk timeout: commands that
    change many pages (imports, the demo data) end with it, so they leave
    nothing for the worker. Returns the number of pages delivered; raises
    QueueNotDelivered when pages stay queued."""
    if not elasticsearch_enabled():
        return 0
    result = flush_queue(force=True, progress=progress)
    waiting = queued_pages()
    if waiting:
        error = (IndexQueueEntry.objects.exclude(last_error="")
                 .order_by("-not_before").values_list("last_error", flat=True)
                 .first()) or "they were queued again while it ran"
        raise QueueNotDelivered(waiting, error)
    return result["indexed"] + result["deleted"]


def all_documents(doc_type: str | None = None, batch: int = 200):
    """Every document that should be indexed, built in batches."""
    ids = list(searchable_pages(doc_type).order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch):
        docs, _gone = build_documents(ids[start:start + batch])
        yield from docs


def rebuild_database(progress: Callable[[int], None] | None = None) -> int:
    """Replace the database backend's table in one transaction (readers see
    the old rows until the commit)."""
    total = 0
    with transaction.atomic():
        SearchDocument.objects.all().delete()
        chunk: list[dict] = []
        for doc in all_documents():
            chunk.append(doc)
            if len(chunk) == 200:
                total += store.save_documents(chunk)
                progress and progress(len(chunk))
                chunk = []
        total += store.save_documents(chunk)
        progress and progress(len(chunk))
        store.prune_vocabulary()
    return total


def rebuild_elasticsearch(docs: Iterable[dict] | None = None,
                          progress: Callable[[int], None] | None = None) -> dict:
    """Fill new versioned indices, swap the aliases, delete the old indices,
    then deliver what changed meanwhile. Returns {type: (new index, deleted)}."""
    started = timezone.now()
    put_templates()
    client_classes = {**document_classes(), "labels": LabelDocument}
    targets = {t: new_index(cls) for t, cls in client_classes.items()}
    client = get_admin_client()
    for index in targets.values():
        client.indices.put_settings(index=index, settings=BUILD_SETTINGS)
    # No refresh and no replica while filling: the new indices refresh once and
    # get their copies before the swap.
    bulk(index_actions(all_documents() if docs is None else docs, targets),
         on_progress=progress, refresh=False, threads=REBUILD_THREADS)
    swapped = {}
    for doc_type, index in targets.items():
        client.indices.put_settings(index=index, settings=serving_settings())
        get_bulk_client().indices.refresh(index=index)  # a whole new index
        if not wait_for_replicas(index):
            logger.warning("search index %s serves without all its replicas", index)
        swapped[doc_type] = (index, swap_alias(client_classes[doc_type], index))
    if docs is None:
        _catch_up(started)
    return swapped


def _catch_up(started) -> None:
    """Changes made while a rebuild ran reached the old indices only: queue
    pages edited since it started, pages that should be indexed but are not,
    and documents whose page is gone or hidden now."""
    indexed: set[int] = set()
    for doc_class in document_classes().values():
        indexed |= set(indexed_fingerprints(doc_class))
    expected = set(searchable_pages().values_list("pk", flat=True))
    changed = set(Page.objects.filter(latest_revision_created_at__gte=started)
                  .values_list("pk", flat=True))
    stale = changed | (expected - indexed) | (indexed - expected)
    if stale:
        enqueue(stale)
        flush_queue(force=True)
