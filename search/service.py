"""The one search interface that the site, the API and the widgets call.

    service = get_search_service()
    response = service.search(SearchRequest(query="AI", language="en"))

Two implementations: Elasticsearch (search/es/) when ELASTICSEARCH_URL is set,
the database (search/db/) otherwise. The Elasticsearch service answers from the
database when the cluster is down or slow, and says so in the response.
"""

import time

from django.conf import settings

from .db.backend import DatabaseSearch
from .es.backend import ElasticsearchSearch
from .facets import localise_hits
from .indexing import schedule_flush
from .metrics import SEARCH_SECONDS

# The types live in search/types.py, below the backends that use them;
# callers take them from here, with the service.
from .types import (
    MAX_PAGE,
    MAX_PAGE_SIZE,
    FacetValue,
    Hit,
    Near,
    SearchInputError,
    SearchRequest,
    SearchResponse,
    SearchService,
    Suggestion,
    SuggestResponse,
)

__all__ = [
    "MAX_PAGE", "MAX_PAGE_SIZE", "FacetValue", "Hit", "MeasuredSearch", "Near",
    "SearchInputError", "SearchRequest", "SearchResponse", "SearchService",
    "Suggestion", "SuggestResponse", "get_search_service",
]


def get_search_service() -> SearchService:
    """The configured service: Elasticsearch with database fallback, or the
    database alone when no ELASTICSEARCH_URL is set; timed for /metrics."""
    if settings.HUB_ELASTICSEARCH.get("hosts"):
        # When the cluster answers again after failures, the changes queued
        # meanwhile are delivered.
        return MeasuredSearch(ElasticsearchSearch(
            fallback=DatabaseSearch(), on_recovery=schedule_flush))
    return MeasuredSearch(DatabaseSearch())


class MeasuredSearch:
    """A SearchService that records how long each answer took, by the backend
    that gave it (search/metrics.py); fallbacks are counted where they happen
    (search/es/backend.py)."""

    def __init__(self, service: SearchService) -> None:
        self.service = service
        self.name = service.name

    def __getattr__(self, name: str):
        return getattr(self.service, name)

    def _timed(self, operation: str, call, *args, **kwargs):
        started = time.perf_counter()
        result = call(*args, **kwargs)
        backend = getattr(result, "backend", self.name)
        fallback = "true" if getattr(result, "fallback", False) else "false"
        SEARCH_SECONDS.labels(operation, backend, fallback).observe(
            time.perf_counter() - started)
        return result

    def search(self, request: SearchRequest) -> SearchResponse:
        response = self._timed("search", self.service.search, request)
        localise_hits(response.hits, request.language)
        return response

    def suggest(self, prefix: str, language: str, doc_type: str = "",
                limit: int = 8) -> SuggestResponse:
        return self._timed("suggest", self.service.suggest, prefix, language,
                           doc_type, limit)

    def similar(self, page_id: int, limit: int = 5) -> list[Hit]:
        return self._timed("similar", self.service.similar, page_id, limit)

