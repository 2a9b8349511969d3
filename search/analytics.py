"""What visitors search: weekly counts of folded queries per language, for the
editors' report (search/admin_views.py).

Only the folded query (as the backends see it), its language and the Monday of
its week are kept, with two counters: no IP address, session, user, user agent
or time of day, so a row cannot be traced back to a visitor. A search costs
one UPDATE (an INSERT the first time a query is seen in a week), made in the
request: with the database task backend, enqueuing a task would cost a write
as well, plus a worker run. A failed write is logged and the search answered.

Counted: the first page of a non-empty query from a browser (the site's search
page and /api/v1/search/). Not counted: autocomplete, page 2 and later, the
same query again from its own results (a facet, the type or the sort changed:
the Referer is the same search with the same query), requests without an
Accept-Language header or with a robot's user agent, and prefetches.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from .models import SearchQueryStat
from .normalize import clean_query
from .types import SearchRequest, SearchResponse

logger = logging.getLogger(__name__)

MAX_QUERY = SearchQueryStat._meta.get_field("query").max_length
# Crawlers, link previews, headless browsers and HTTP libraries name
# themselves in their user agent; browsers do not use these words.
ROBOT = re.compile(
    r"bot|crawl|spider|slurp|preview|headless|lighthouse|curl|wget|python|httpx"
    r"|java/|go-http|okhttp|scrapy|node-fetch|axios", re.IGNORECASE)
# On SQLite a long write elsewhere (an import, a rebuild of the index) holds
# the one write lock; the connection waits up to 20 s for it, a count 0.2 s.
SQLITE_LOCK_WAIT_MS = 200


def week_of(day: date) -> date:
    """The Monday of the week of ``day``."""
    return day - timedelta(days=day.weekday())


def stored_query(raw: str) -> str:
    """The query as it is counted: folded like the backends see it (so 'Café'
    and 'cafe' are one row), cut to MAX_QUERY characters at a word."""
    query = clean_query(raw)
    if len(query) > MAX_QUERY:
        query = query[:MAX_QUERY + 1].rsplit(" ", 1)[0][:MAX_QUERY]
    return query


def from_a_visitor(request: HttpRequest) -> bool:
    """Cheap signs of a person in a browser (no list of addresses kept)."""
    headers = request.headers
    agent = headers.get("User-Agent", "")
    prefetch = "prefetch" in (headers.get("Sec-Purpose", "")
                              + headers.get("Purpose", "")
                              + headers.get("X-Moz", "")).lower()
    return (bool(headers.get("Accept-Language")) and bool(agent)
            and not ROBOT.search(agent) and not prefetch)


def is_refinement(request: HttpRequest, query: str) -> bool:
    """Whether the request comes from the results of the same query (a facet,
    the type or the sort changed), which was counted already."""
    referer = urlsplit(request.headers.get("Referer", ""))
    if referer.netloc != request.get_host() or referer.path != request.path:
        return False
    previous = parse_qs(referer.query).get("q", [""])[0]
    return stored_query(previous) == query


@contextmanager
def short_lock_wait() -> Iterator[None]:
    """Wait at most SQLITE_LOCK_WAIT_MS for SQLite's write lock, then fail
    (and the count is skipped) rather than keep the visitor waiting."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        previous = int(cursor.fetchone()[0])
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_LOCK_WAIT_MS}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA busy_timeout = {previous}")


def count(week: date, language: str, query: str, found_nothing: bool) -> None:
    """Add one search to the row of (week, language, query), atomically on
    PostgreSQL and SQLite alike (an UPDATE with F(); the first search of the
    week inserts the row, and a concurrent insert falls back to the UPDATE)."""
    changes = {"searches": F("searches") + 1}
    if found_nothing:
        changes["zero_results"] = F("zero_results") + 1
    row = SearchQueryStat.objects.filter(week=week, language=language, query=query)
    with short_lock_wait(), transaction.atomic():
        if row.update(**changes):
            return
        try:
            with transaction.atomic():
                SearchQueryStat.objects.create(
                    week=week, language=language, query=query, searches=1,
                    zero_results=int(found_nothing))
        except IntegrityError:  # another process inserted it meanwhile
            row.update(**changes)


def record_search(request: HttpRequest, search: SearchRequest,
                  response: SearchResponse) -> bool:
    """Count a visitor's search if it is one (see the module docstring);
    never raises. Returns whether it was counted."""
    if settings.HUB_SEARCH_STATS_WEEKS <= 0 or search.page > 1:
        return False
    query = stored_query(search.query)
    if not query or not from_a_visitor(request) or is_refinement(request, query):
        return False
    try:
        count(week_of(timezone.localdate()), search.language[:8], query,
              response.total == 0)
    except DatabaseError as error:
        # The query text stays out of the log, like everything that is not kept.
        logger.warning("Search statistics not recorded: %s", type(error).__name__)
        return False
    return True


def prune(weeks: int | None = None) -> int:
    """Delete the weeks older than HUB_SEARCH_STATS_WEEKS (the current week
    included in the count); everything when it is 0. Returns the rows deleted."""
    weeks = settings.HUB_SEARCH_STATS_WEEKS if weeks is None else weeks
    rows = SearchQueryStat.objects.all()
    if weeks > 0:
        oldest_kept = week_of(timezone.localdate()) - timedelta(weeks=weeks - 1)
        rows = rows.filter(week__lt=oldest_kept)
    return rows.delete()[0]
