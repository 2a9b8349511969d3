"""One FacetedSearch for every document type: the facets of the type come
from search/facets.py (declared by the models); it builds the query, the
highlight and the date/distance filters.

Multi-select facets come from FacetedSearch itself: selected values go into a
post_filter, and every facet's aggregation is filtered by all the other
selections but not its own. Terms aggregations are sized to return every
value (one shard, so counts are exact).
"""

from elasticsearch_dsl import A, FacetedSearch, Q, TermsFacet
from elasticsearch_dsl.faceted_search import Facet

from ..facets import FACETS_BY_TYPE, WHEN_VALUES, when_window
from ..types import SearchRequest
from .analysis import LANGUAGE_ANALYSIS
from .connection import config, get_client
from .documents import EventDocument, HubDocument, document_classes


def facet_size() -> int:
    return int(config().get("facet_size", 10_000))


def terms(field: str) -> TermsFacet:
    return TermsFacet(field=f"facets.{field}", size=facet_size(), min_doc_count=1)


def when_query(when: str) -> Q:
    """The window as range queries; search documents always carry last_end
    (an open-ended series has a far one), so no missing-field case."""
    window = when_window(when)
    query = Q("match_all")
    if window.ends_from is not None:
        query &= Q("range", last_end={"gte": window.ends_from.isoformat()})
    if window.starts_until is not None:
        query &= Q("range", start={"lte": window.starts_until.isoformat()})
    if window.ended_before is not None:
        query &= Q("range", last_end={"lt": window.ended_before.isoformat()})
    return query


class WhenFacet(Facet):
    """Date windows of events (upcoming, this month, next three months, past)
    as one `filters` aggregation."""

    agg_type = "filters"

    def get_aggregation(self) -> A:
        # The windows move with the clock: build them per search, not at import.
        return A("filters", filters={w: when_query(w) for w in WHEN_VALUES})

    def get_value_filter(self, filter_value: str) -> Q:
        return when_query(filter_value)

    def get_values(self, data, filter_values):
        return [(w, data.buckets[w].doc_count, w in filter_values) for w in WHEN_VALUES]


# Typos allowed in the retry (search/es/backend.py): one or two edits by word
# length, never on the first letter, few candidates per word.
FUZZY = {"fuzziness": "AUTO", "prefix_length": 1, "max_expansions": 20}
TERM_FIELDS = ["title_terms^3", "text_terms"]


def text_query(request: SearchRequest, fuzzy: bool = False) -> Q:
    """One query for the request, synonyms included.

    What matches comes from the plan of the shared analysis (search/analysis,
    the same tokens on every backend): every slot must match, a slot by any
    of its alternatives, an alternative by all its tokens in `title_terms` or
    `text_terms`. A synonym group is one slot with more alternatives, so it
    costs a few more term lookups, not a copy of the query per variant.

    The per-language hunspell fields and the folded fields, queried with the
    text as typed, only add to the score: exact words and what hunspell
    stems well rank first. With ``fuzzy``, a slot also matches its words with
    typos in `all_folded`."""
    plan = request.plan
    if any(slot.alternatives for slot in plan.slots):
        required = [slot_query(slot.alternatives, slot.words, fuzzy)
                    for slot in plan.slots if slot.alternatives]
    else:  # stop words only: the words as typed, folded
        required = [folded_query(request.text, fuzzy)]
    return Q("bool", must=required, should=ranking_clauses(request.text))


def slot_query(alternatives: tuple[tuple[str, ...], ...], words: tuple[str, ...],
               fuzzy: bool) -> Q:
    """Any alternative, each all its tokens in the title or text terms.
    dis_max: a word whose stems in two languages both match counts once."""
    queries = [
        Q("multi_match", query=" ".join(tokens), type="cross_fields",
          operator="and", fields=TERM_FIELDS)
        for tokens in alternatives
    ]
    if fuzzy and words:
        queries.append(Q("match", all_folded={
            "query": " ".join(words), "operator": "and", "boost": 0.3, **FUZZY}))
    return Q("dis_max", queries=queries, tie_breaker=0.1)


def folded_query(text: str, fuzzy: bool) -> Q:
    if fuzzy:
        return Q("match", all_folded={
            "query": text, "operator": "and", "boost": 0.3, **FUZZY})
    return Q("multi_match", query=text, type="cross_fields", operator="and",
             fields=["title_folded^2", "all_folded"])


def ranking_clauses(text: str) -> list[Q]:
    """All words in one language's hunspell fields, or in the folded fields:
    the query as typed, scored, never required."""
    clauses = [
        Q("match", **{f"title_{lang}": {
            "query": text, "operator": "and", "boost": 3}})
        for lang in LANGUAGE_ANALYSIS
    ]
    clauses.append(Q("multi_match", query=text, type="cross_fields",
                     operator="and", fields=["title_folded^2", "all_folded"]))
    return clauses


def type_facets(doc_type: str) -> dict:
    """The facets of one document type ("" for all), as search/facets.py
    lists them; events add their date windows."""
    facets = {name: TermsFacet(field="doc_type", size=facet_size())
              if name == "type" else terms(name)
              for name in FACETS_BY_TYPE[doc_type]}
    if doc_type == "event":
        facets["when"] = WhenFacet()
    return facets


class HubFacetedSearch(FacetedSearch):
    """The search of one document type, or of every type when it is ""."""

    doc_classes: tuple[type[HubDocument], ...] = ()
    facets: dict = {}

    def __init__(self, request: SearchRequest, fuzzy: bool = False) -> None:
        self.request = request
        self.fuzzy = fuzzy
        classes = document_classes()
        self.doc_classes = (
            (classes[request.doc_type],) if request.doc_type
            else tuple(classes.values()))
        self.facets = type_facets(request.doc_type)
        self.index = [cls.alias() for cls in self.doc_classes]
        self.using = get_client()
        filters = {k: v for k, v in request.filters.items() if v and k in self.facets}
        if request.when and "when" in self.facets:
            filters["when"] = [request.when]
        super().__init__(query=request.text or None, filters=filters,
                         sort=self.sort_order())

    def search(self):
        # Exact totals beyond 10,000 hits: the page shows the real count.
        search = (super().search().extra(track_total_hits=True)
                  .filter("term", language=self.request.language))
        near = self.request.near
        if near:
            search = search.filter("geo_distance", distance=f"{near.km}km",
                                   location={"lat": near.lat, "lon": near.lon})
        if self.request.when and "when" not in self.facets:
            search = search.filter(when_query(self.request.when))
        return search.source(["display"])

    def query(self, search, query):
        if not query:
            return search
        return search.query(text_query(self.request, fuzzy=self.fuzzy))

    def highlight(self, search):
        return search  # snippets are marked in Python (search/highlight.py)

    def sort_order(self) -> list:
        if self.request.sort == "date":
            ascending = (self.doc_classes == (EventDocument,)
                         and self.request.when != "past")
            return [{"sort_date": {"order": "asc" if ascending else "desc"}},
                    {"page_id": "asc"}]
        return ["_score", {"sort_date": {"order": "desc"}}, {"page_id": "asc"}]
