"""Writes search documents into the database backend's tables.

The matching structures follow by triggers (migration 0004): on SQLite the
FTS5 table hub_search_fts, on PostgreSQL the vocabulary SearchTerm; the
tsvector is computed here."""

from collections.abc import Iterable

from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction

from ..models import SearchDocument, SearchFacetValue, SearchTerm
from ..normalize import fold

# Kept out of SearchDocument.data: large, and only needed for matching.
_UNSTORED = ("texts", "title_folded", "text_folded", "title_terms", "text_terms")


def _row(doc: dict) -> SearchDocument:
    location = doc.get("location") or {}
    own = doc["texts"].get(doc["language"], {})
    data = {k: v for k, v in doc.items() if k not in _UNSTORED}
    data["body"] = own.get("body", "")
    return SearchDocument(
        page_id=doc["page_id"], doc_type=doc["doc_type"], language=doc["language"],
        title_folded=doc["title_folded"], text_folded=doc["text_folded"],
        title_terms=doc.get("title_terms", ""), text_terms=doc.get("text_terms", ""),
        suggest_folded="\n".join(fold(s["text"]) for s in doc["suggest"]),
        start=doc.get("start"), last_end=doc.get("last_end"),
        sort_date=doc.get("sort_date"),
        latitude=location.get("lat"), longitude=location.get("lon"),
        data=data, fingerprint=doc["fingerprint"],
        facet_keys=facet_keys(doc["facets"]),
    )


def facet_keys(facets: dict[str, list[str]]) -> list[str]:
    return [f"{name}={value}" for name, values in facets.items() for value in values]


def save_documents(docs: Iterable[dict]) -> int:
    docs = list(docs)
    if not docs:
        return 0
    ids = [d["page_id"] for d in docs]
    with transaction.atomic():
        SearchDocument.objects.filter(page_id__in=ids).delete()
        SearchDocument.objects.bulk_create([_row(d) for d in docs], batch_size=500)
        SearchFacetValue.objects.bulk_create(
            [SearchFacetValue(document_id=d["page_id"], facet=name, value=value)
             for d in docs for name, values in d["facets"].items() for value in values],
            batch_size=2000,
        )
        if connection.vendor == "postgresql":
            update_vectors(ids)
    return len(docs)


def update_vectors(ids: list[int]) -> None:
    """The analysed tokens, title (A) and the rest (B), are searched; the
    folded autocomplete labels, in a vector of their own, serve autocomplete
    only. 'simple' config: the tokens are already folded and stemmed."""
    SearchDocument.objects.filter(page_id__in=ids).update(
        search_vector=SearchVector("title_terms", weight="A", config="simple")
        + SearchVector("text_terms", weight="B", config="simple"),
        suggest_vector=SearchVector("suggest_folded", config="simple"),
    )


def delete_documents(page_ids: Iterable[int]) -> int:
    deleted, _ = SearchDocument.objects.filter(page_id__in=list(page_ids)).delete()
    return deleted


def prune_vocabulary() -> int:
    """Forget the tokens no document holds any more (the triggers leave them
    at zero rather than delete them one by one)."""
    deleted, _ = SearchTerm.objects.filter(documents__lte=0).delete()
    return deleted
