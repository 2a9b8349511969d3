"""The child side of an evaluation: run the queries through the configured
search service, as a visitor's search would (the query in its language,
every type, relevance order), and name each result by its record id."""

from wagtail.models import Page

from ..models import SearchDocument
from ..service import SearchRequest, get_search_service
from .dataset import Query

RESULT_DEPTH = 10


def run_queries(queries: list[Query]) -> dict:
    service = get_search_service()
    results: dict[str, dict] = {}
    fallbacks = []
    for query in queries:
        response = service.search(SearchRequest(
            query=query.q, language=query.search_language,
            page_size=RESULT_DEPTH))
        if response.fallback:
            fallbacks.append(query.id)
        pages = {page.pk: page for page in Page.objects.filter(
            pk__in=[hit.page_id for hit in response.hits]).specific()}
        results[query.id] = {
            "ranking": [getattr(pages.get(hit.page_id), "external_id", "")
                        or f"page:{hit.page_id}" for hit in response.hits],
            "titles": [hit.title for hit in response.hits],
            "total": response.total,
            "took_ms": round(response.took_ms, 1),
        }
    return {"service": service.name, "documents": SearchDocument.objects.count(),
            "fallbacks": fallbacks, "results": results}
