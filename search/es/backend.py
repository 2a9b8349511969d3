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
from elasticsearch_dsl import Q, Search

from ..analysis import QueryPlan
from ..db.backend import build_facet_values
from ..facets import FACETS_BY_TYPE, WHEN_TITLES
from ..highlight import hit_snippet
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
from .documents import document_classes, index_classes
from .queries import HubFacetedSearch

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
        plan = request.plan if request.text else None
        hits = [self._hit(hit, plan) for hit in result.hits]
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

    def _hit(self, hit, plan: QueryPlan | None) -> Hit:
        data = hit.display.to_dict()
        # Marked in Python, as on the database backend: the same snippet on
        # every backend, and no highlighter run on the node (it analysed the
        # texts of every hit again, once per language field).
        marked = hit_snippet(data, plan, data.get("language", ""))
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
        # The titles from the documents, the shared labels from their index,
        # in one request.
        indices = [cls.alias() for cls in index_classes()]
        search = (
            Search(using=get_client(), index=indices)
            .source(["display.title", "display.url", "display.doc_type", "text",
                     "kind"])
            .suggest("complete", text, completion=completion)
            .extra(size=0)
        )
        result = search.execute()  # with the client's search timeout
        found: dict[str, Suggestion] = {}
        for option in result.suggest.complete[0].options:
            source = option._source.to_dict()
            if "display" in source:  # a document's own title
                entry = {"text": source["display"]["title"],
                         "kind": source["display"]["doc_type"]}
                url = source["display"]["url"]
            else:
                entry, url = source, ""
            key = fold(entry["text"])
            if key not in found:
                found[key] = Suggestion(entry["text"], entry["kind"], url)
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
        """More-like-this on the texts of the page's own language. The text
        fields are not in _source (INDEXED_ONLY), so the page's displayed
        texts are the example."""
        aliases = [cls.alias() for cls in document_classes().values()]
        source = get_client().search(
            index=aliases,
            query={"term": {"page_id": page_id}},
            source=["language", "doc_type", "facets.discipline", "facets.field",
                    "display.title", "display.summary", "display.body"],
            size=1,
        )["hits"]["hits"]
        if not source:
            return []
        found = source[0]["_source"]
        language = found["language"]
        display = found.get("display", {})
        facets = found.get("facets", {})
        doc_class = document_classes()[found["doc_type"]]
        # Folded: all_folded holds folded text (search/normalize.py).
        example = fold(" ".join(
            display.get(key) or "" for key in ("title", "summary", "body")))
        shared = [Q("terms", **{f"facets.{name}": facets[name]})
                  for name in ("discipline", "field") if facets.get(name)]
        search = (
            Search(using=get_client(), index=doc_class.alias())
            .query(Q("bool", should=[Q(
                "more_like_this",
                fields=[f"title_{language}", "all_folded"],
                like=[example],
                min_term_freq=1,
                min_doc_freq=1,
                max_query_terms=40,
                minimum_should_match="10%",
            ), *shared], minimum_should_match=1))
            .filter("term", language=language)
            .exclude("term", page_id=page_id)
            .source(["display"])
        )[:limit]
        return [self._hit(hit, None) for hit in search.execute().hits]
