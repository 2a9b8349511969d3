"""The Elasticsearch search service, with the database as its safety net.

When a request to the cluster fails or takes longer than the configured
timeout, the answer comes from the database backend, marked `fallback`, and
after a few such failures in a row the cluster is left alone for
`retry_after` seconds (a circuit breaker, so a dead cluster does not cost
every visitor a timeout). When it answers again,
the indexing queue is flushed so the updates made meanwhile reach it.
"""

import logging
import time
from collections.abc import Callable

from elasticsearch import ApiError, TransportError
from elasticsearch_dsl import Search

from ..db.backend import build_facet_values
from ..facets import FACETS_BY_TYPE, WHEN_TITLES
from ..highlight import snippet
from ..metrics import SEARCH_FALLBACKS
from ..normalize import clean_query, fold
from ..types import (
    FacetValue,
    Hit,
    SearchRequest,
    SearchResponse,
    SearchService,
    Suggestion,
    SuggestResponse,
)
from .connection import config, get_client
from .documents import document_classes, suggest_inputs
from .queries import HubFacetedSearch, highlight_words

logger = logging.getLogger(__name__)
FAILURES = (TransportError, ApiError, ConnectionError, TimeoutError)


class CircuitBreaker:
    """Remembers, per process, that the cluster failed recently.

    It opens after `failures_to_open` failures in a row (3 by default): one
    slow answer on a busy machine is no outage and must not send every
    search of the next `retry_after` seconds to the database. Any success
    starts the count again."""

    def __init__(self) -> None:
        self.open_until = 0.0
        self.failures = 0
        self.tripped = False

    def is_open(self) -> bool:
        return time.monotonic() < self.open_until

    def trip(self) -> None:
        """Count a failure; open the breaker when there were enough in a row."""
        self.failures += 1
        self.tripped = True
        if self.failures >= int(config().get("failures_to_open", 3)):
            self.open_until = time.monotonic() + float(config().get("retry_after", 30))

    def reset(self) -> None:
        self.open_until = 0.0
        self.failures = 0
        self.tripped = False


breaker = CircuitBreaker()


class ElasticsearchSearch:
    name = "elasticsearch"

    def __init__(self, fallback: SearchService,
                 on_recovery: Callable[[], None] | None = None) -> None:
        self.fallback = fallback
        self.on_recovery = on_recovery

    def _guarded(self, run, on_failure, operation: str = "search"):
        if breaker.is_open():
            SEARCH_FALLBACKS.labels(operation, "circuit_open").inc()
            return on_failure()
        try:
            result = run()
        except FAILURES as error:
            logger.warning(
                "Elasticsearch failed, answering from the database: %s", error
            )
            SEARCH_FALLBACKS.labels(operation, "error").inc()
            breaker.trip()
            return on_failure()
        if breaker.tripped:
            breaker.reset()
            if self.on_recovery:
                self.on_recovery()
        return result

    def search(self, request: SearchRequest) -> SearchResponse:
        def on_failure() -> SearchResponse:
            response = self.fallback.search(request)
            response.fallback = True
            return response

        return self._guarded(lambda: self._search(request), on_failure)

    def _search(self, request: SearchRequest) -> SearchResponse:
        started = time.perf_counter()
        faceted, result = self._execute(request, fuzzy=False)
        if request.text and not result.hits.total.value:
            # Typo tolerance only when the words as typed find nothing: the
            # fuzzy clause is the costliest part of a query, and exact matches
            # should not be diluted by look-alikes.
            faceted, result = self._execute(request, fuzzy=True)
        words = highlight_words(request)
        hits = [self._hit(hit, words) for hit in result.hits]
        facets: dict[str, list[FacetValue]] = {}
        for name in FACETS_BY_TYPE[request.doc_type]:
            counts = {str(key): count for key, count, _sel in result.facets[name]}
            facets[name] = build_facet_values(
                name, counts, request.filters.get(name, []), request.language
            )
        if "when" in faceted.facets:
            facets["when"] = [
                FacetValue(
                    value=w,
                    label=str(WHEN_TITLES[w]),
                    count=n,
                    selected=request.when == w,
                )
                for w, n, _sel in result.facets["when"]
            ]
        return SearchResponse(
            request=request,
            total=result.hits.total.value,
            hits=hits,
            facets=facets,
            backend=self.name,
            took_ms=(time.perf_counter() - started) * 1000,
        )

    def _execute(self, request: SearchRequest, fuzzy: bool):
        faceted = HubFacetedSearch(request, fuzzy=fuzzy)
        # The client carries the search timeout (ELASTICSEARCH_TIMEOUT).
        faceted = faceted[request.offset : request.offset + request.page_size]
        return faceted, faceted.execute()

    def _hit(self, hit, words: list[str]) -> Hit:
        data = hit.display.to_dict()
        marked = ""
        highlight = getattr(hit.meta, "highlight", None)
        if highlight:
            marked = next(iter(highlight.to_dict().values()))[0]
        if not marked:
            text = data.get("summary") or data.get("body", "")
            if words and not any(fold(w) in fold(text) for w in words):
                text = data.get("body") or text
            marked = snippet(text, words)
        return Hit(
            page_id=data["page_id"],
            public_id=data["public_id"],
            doc_type=data["doc_type"],
            title=data["title"],
            url=data["url"],
            summary=data.get("summary", ""),
            snippet=marked,
            score=hit.meta.score,
            data=data,
        )

    def suggest(
        self, prefix: str, language: str, doc_type: str = "", limit: int = 8
    ) -> SuggestResponse:
        def on_failure() -> SuggestResponse:
            response = self.fallback.suggest(prefix, language, doc_type, limit)
            response.fallback = True
            return response

        text = clean_query(prefix)
        if not text:
            return SuggestResponse(prefix=prefix, suggestions=[], backend=self.name)
        return self._guarded(
            lambda: self._suggest(prefix, text, language, doc_type, limit), on_failure,
            "suggest",
        )

    def _suggest(
        self, prefix: str, text: str, language: str, doc_type: str, limit: int
    ) -> SuggestResponse:
        contexts = {"language": [language]}
        if doc_type:
            contexts["doc_type"] = [doc_type]
        completion = {
            "field": "suggest",
            "size": limit * 3,
            "skip_duplicates": True,
            "contexts": contexts,
        }
        if len(text) >= 4:
            completion["fuzzy"] = {"fuzziness": 1, "prefix_length": 2}
        aliases = [cls.alias() for cls in document_classes().values()]
        search = (
            Search(using=get_client(), index=aliases)
            .source(["display"])
            .suggest("complete", text, completion=completion)
            .extra(size=0)
        )
        result = search.execute()  # with the client's search timeout
        found: dict[str, Suggestion] = {}
        for option in result.suggest.complete[0].options:
            data = option._source.display.to_dict()
            entry = _entry_for(data, option.text)
            if entry is None or fold(entry["text"]) in found:
                continue
            url = data["url"] if entry["kind"] == data["doc_type"] else ""
            found[fold(entry["text"])] = Suggestion(entry["text"], entry["kind"], url)
        return SuggestResponse(
            prefix=prefix, suggestions=list(found.values())[:limit], backend=self.name
        )

    def similar(self, page_id: int, limit: int = 5) -> list[Hit]:
        return self._guarded(
            lambda: self._similar(page_id, limit),
            lambda: self.fallback.similar(page_id, limit),
            "similar",
        )

    def _similar(self, page_id: int, limit: int) -> list[Hit]:
        """More-like-this on the texts of the page's own language."""
        aliases = [cls.alias() for cls in document_classes().values()]
        source = get_client().search(
            index=aliases,
            query={"term": {"page_id": page_id}},
            source=["language", "doc_type"],
            size=1,
        )["hits"]["hits"]
        if not source:
            return []
        found = source[0]
        language = found["_source"]["language"]
        doc_class = document_classes()[found["_source"]["doc_type"]]
        search = (
            Search(using=get_client(), index=doc_class.alias())
            .query(
                "more_like_this",
                fields=[
                    f"title_{language}",
                    f"text_{language}",
                    "facets.discipline",
                    "facets.field",
                ],
                like=[{"_index": found["_index"], "_id": found["_id"]}],
                min_term_freq=1,
                min_doc_freq=1,
                max_query_terms=40,
                minimum_should_match="10%",
            )
            .filter("term", language=language)
            .source(["display"])
        )[:limit]
        return [self._hit(hit, []) for hit in search.execute().hits]


def _entry_for(data: dict, matched: str) -> dict | None:
    """The autocomplete entry whose inputs include the matched input."""
    for entry in data.get("suggest", []):
        if matched in suggest_inputs(entry["text"]):
            return entry
    return None
