"""The end of a command that changes many pages (``import_catalogue``,
``load_demo_data``): the search index queue is delivered to Elasticsearch
while the operator waits, so the command leaves nothing behind for the task
worker, and says so loudly when the cluster does not take it."""

import sys
from typing import TextIO

from django.core.management.base import CommandError
from tqdm import tqdm

from search.es.connection import elasticsearch_enabled
from search.indexing import QueueNotDelivered, deliver_queue, queued_pages

# EX_UNAVAILABLE: the pages are saved, but Elasticsearch does not find them yet.
EXIT_INDEX_BEHIND = 69


def deliver_search_queue(stdout: TextIO, verbosity: int = 1) -> None:
    """Deliver the queue with a progress bar (stderr) and a line on stdout;
    CommandError (exit 69) when pages stay queued. Nothing without
    ELASTICSEARCH_URL."""
    if not elasticsearch_enabled():
        return
    with tqdm(total=queued_pages(), file=sys.stderr, desc="Search index",
              unit="page", disable=verbosity < 1) as bar:
        try:
            delivered = deliver_queue(progress=bar.update)
        except QueueNotDelivered as exc:
            raise CommandError(
                f"{exc} The pages themselves are saved; the task worker "
                "delivers them when the cluster answers, or run "
                "`manage.py search_index flush`.",
                returncode=EXIT_INDEX_BEHIND) from exc
    stdout.write(f"Search index: {delivered} pages delivered to Elasticsearch; "
                 "the queue is empty.")
