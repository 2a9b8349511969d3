"""The database search backend: the hub's own search table, queried with the
ORM. It matches the analysed tokens of search.analysis (stems, compound
parts, synonyms as alternatives of one query): full-text search on
PostgreSQL (tsvector with a GIN index, ts_rank), an FTS5 table on SQLite
(bm25). A text query is ordered by relevance, the date only breaks ties.

Same semantics as Elasticsearch: synonyms, facets whose counts ignore their
own selection, date windows, distance filter, corrections of typos from the
index vocabulary (search/db/typos.py). What still differs: docs/search.md.
"""

import time
from functools import reduce
from operator import and_, or_

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.lookups import Overlap
from django.db.models import (
    CharField,
    Count,
    Exists,
    F,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Value,
    Window,
)
from django.db.models.functions import ACos, Cos, Least, Radians, Sin

from ..analysis import QueryPlan, Slot, plan_query
from ..facets import (
    FACETS_BY_TYPE,
    WHEN_TITLES,
    discipline_parents,
    labeller,
    when_window,
)
from ..highlight import hit_snippet
from ..models import SearchDocument, SearchFacetValue
from ..normalize import clean_query, fold
from ..types import (
    FacetValue,
    Hit,
    SearchRequest,
    SearchResponse,
    Suggestion,
    SuggestResponse,
)
from .facet_counts import facet_value_counts
from .matching import by_relevance, match, postgres
from .typos import corrected, unmatchable_slots

EARTH_RADIUS_KM = 6371.0
SUGGEST_CANDIDATES = 200


class FacetArray(Func):
    """The document's facet_keys as a text array (migration 0006's immutable
    SQL function, indexed with GIN)."""

    function = "hub_facet_array"
    output_field = ArrayField(CharField())


def _facet_filter(name: str, values: list[str]):
    """Documents holding one of the values. On PostgreSQL an overlap with the
    GIN-indexed array of facet_keys: exact, so that PostgreSQL does not read
    every candidate's tsvector again (as jsonb's ?| makes it); on SQLite from
    the facet value rows."""
    if postgres():
        return Overlap(FacetArray(F("facet_keys")), [f"{name}={v}" for v in values])
    return Exists(
        SearchFacetValue.objects.filter(
            document=OuterRef("pk"), facet=name, value__in=values
        )
    )


def _selections(request: SearchRequest) -> dict[str, list[str]]:
    """The selected values per facet (the type is the request's doc_type)."""
    return {k: v for k, v in request.filters.items() if v and k != "type"}


def _counted(base: QuerySet, filters: dict) -> QuerySet:
    """The documents that can count in some facet: those that miss at most
    one selection (with two or more, an index can narrow them down)."""
    if len(filters) < 2:
        return base
    return base.filter(reduce(or_, (
        reduce(and_, (Q(f) for other, f in filters.items() if other != name))
        for name in filters)))


def _distance_km(lat: float, lon: float):
    lat_r, lon_r = Radians(Value(lat)), Radians(Value(lon))
    cos_angle = Cos(lat_r) * Cos(Radians(F("latitude"))) * Cos(
        Radians(F("longitude")) - lon_r
    ) + Sin(lat_r) * Sin(Radians(F("latitude")))
    return EARTH_RADIUS_KM * ACos(Least(Value(1.0), cos_angle))


def _when_q(when: str) -> Q:
    return Q(doc_type="event") & when_window(when).q()


class DatabaseSearch:
    name = "database"

    def _base(
        self, request: SearchRequest, plan: QueryPlan | None, with_when: bool = True
    ) -> QuerySet:
        """The documents of the request before facet selections; ``plan`` is
        None without a text query."""
        docs = SearchDocument.objects.filter(language=request.language)
        if request.doc_type:
            docs = docs.filter(doc_type=request.doc_type)
        if plan is not None:
            docs = match(docs, plan)
        if request.when and with_when:
            docs = docs.filter(_when_q(request.when))
        if request.near:
            near = request.near
            docs = (
                docs.filter(latitude__isnull=False, longitude__isnull=False)
                .annotate(distance=_distance_km(near.lat, near.lon))
                .filter(distance__lte=near.km)
            )
        return docs

    def search(self, request: SearchRequest) -> SearchResponse:
        started = time.perf_counter()
        plan = request.plan if request.text else None
        selected = _selections(request)
        filters = {
            name: _facet_filter(name, values) for name, values in selected.items()
        }
        # Typo tolerance, as Elasticsearch's fuzzy retry: when a slot cannot
        # match as typed (a token unknown to the index), or nothing is found.
        unmatchable = unmatchable_slots(plan) if plan else []
        if unmatchable:
            plan = corrected(plan, unmatchable)
        base = self._base(request, plan)
        matching = base.filter(*filters.values())
        rows, total = self._page(matching, request, plan)
        if plan and not total and not unmatchable:
            retry = corrected(plan, list(range(len(plan.slots))))
            if retry != plan:
                plan = retry
                base = self._base(request, plan)
                matching = base.filter(*filters.values())
                rows, total = self._page(matching, request, plan)
        hits = [self._hit(row, plan) for row in rows]
        facets = self._facets(request, plan, base, filters, matching)
        return SearchResponse(
            request=request,
            total=total,
            hits=hits,
            facets=facets,
            backend=self.name,
            took_ms=(time.perf_counter() - started) * 1000,
        )

    def _page(
        self, matching: QuerySet, request: SearchRequest, plan: QueryPlan | None
    ) -> tuple[list[SearchDocument], int]:
        """The requested page of hits and the total. A query ranked on
        PostgreSQL is matched once: the total is a window count of the
        ordering query, which picks ids and ranks only, and the page's rows
        are read afterwards. Otherwise the total is counted apart: a date
        order stops at the page through its index, which a window count would
        make read every match (and PostgreSQL misjudges that: 5 s a query at
        1M), and SQLite's bm25 refuses a window."""
        ranked = bool(plan) and request.sort != "date"
        rank = ("rank",) if ranked else ()
        ordered = self._ordered(matching, request, plan)
        page = slice(request.offset, request.offset + request.page_size)
        if ranked and postgres():
            picked = list(ordered.annotate(matched=Window(Count("pk")))
                          .values_list("page_id", *rank, "matched")[page])
            if picked:
                total = picked[0][-1]
            else:  # nothing matches, or a page beyond the last
                total = matching.count() if request.offset else 0
        else:
            total = matching.count()
            picked = list(ordered.values_list("page_id", *rank)[page]) if total else []
        found = SearchDocument.objects.only(
            "page_id", "doc_type", "language", "data"
        ).in_bulk([row[0] for row in picked])
        rows = []
        for row in picked:
            doc = found.get(row[0])
            if doc is None:  # removed between the two queries
                continue
            doc.rank = row[1] if ranked else None
            rows.append(doc)
        return rows, total

    def _ordered(
        self, docs: QuerySet, request: SearchRequest, plan: QueryPlan | None
    ) -> QuerySet:
        """Relevance for a text query (never the date, but to break ties),
        the date when asked for or without a text query."""
        if request.sort == "date":
            if request.doc_type == "event" and request.when != "past":
                return docs.order_by("sort_date", "page_id")
            return docs.order_by("-sort_date", "page_id")
        if plan:
            return by_relevance(docs, plan)
        return docs.order_by("-sort_date", "page_id")

    def _hit(self, row: SearchDocument, plan: QueryPlan | None) -> Hit:
        data = row.data
        marked = hit_snippet(data, plan, row.language)
        return Hit(
            page_id=row.page_id,
            public_id=data["public_id"],
            doc_type=row.doc_type,
            title=data["title"],
            url=data["url"],
            summary=data.get("summary", ""),
            snippet=marked,
            score=getattr(row, "rank", None),
            data=data,
        )

    def _facets(
        self, request: SearchRequest, plan: QueryPlan | None, base: QuerySet,
        filters: dict, matching: QuerySet,
    ) -> dict[str, list[FacetValue]]:
        names = [n for n in FACETS_BY_TYPE[request.doc_type] if n != "type"]
        counts = facet_value_counts(
            _counted(base, filters), names, _selections(request))
        if "type" in FACETS_BY_TYPE[request.doc_type]:
            counts["type"] = dict(
                matching.values_list("doc_type")
                .annotate(n=Count("pk"))
                .values_list("doc_type", "n")
            )
        facets = {
            name: build_facet_values(
                name, counts.get(name, {}), request.filters.get(name, []),
                request.language,
            )
            for name in FACETS_BY_TYPE[request.doc_type]
        }
        if request.doc_type == "event":
            facets["when"] = self._when_counts(request, plan, filters)
        return facets

    def _when_counts(
        self, request: SearchRequest, plan: QueryPlan | None, filters: dict
    ) -> list[FacetValue]:
        base = self._base(request, plan, with_when=False)
        windows = ("upcoming", "this-month", "next-3-months", "past")
        counts = base.filter(*filters.values()).aggregate(**{
            w: Count("pk", filter=_when_q(w)) for w in windows
        })
        return [
            FacetValue(
                value=w,
                label=str(WHEN_TITLES[w]),
                count=counts[w],
                selected=request.when == w,
            )
            for w in windows
        ]

    def suggest(
        self, prefix: str, language: str, doc_type: str = "", limit: int = 8
    ) -> SuggestResponse:
        words = clean_query(prefix).split()
        if not words:
            return SuggestResponse(prefix=prefix, suggestions=[], backend=self.name)
        docs = SearchDocument.objects.filter(language=language)
        if doc_type:
            docs = docs.filter(doc_type=doc_type)
        # The typed words themselves are alternatives too: the entries that
        # pick_suggestions completes are matched on their unstemmed labels.
        plan = plan_query(" ".join(words), language, prefix=True)
        plan = plan.with_alternatives({
            index: [(word,) for word in slot.words]
            for index, slot in enumerate(plan.slots)
        })
        if not plan:  # only stop words: complete them as typed
            plan = QueryPlan(slots=tuple(Slot(words=(w,), alternatives=((w,),))
                                         for w in words), prefix=True)
        docs = match(docs, plan, labels=True)
        candidates = docs.order_by("-sort_date").values_list("data", flat=True)
        return SuggestResponse(
            prefix=prefix,
            suggestions=pick_suggestions(candidates[:SUGGEST_CANDIDATES], words, limit),
            backend=self.name,
        )

    def similar(self, page_id: int, limit: int = 5) -> list[Hit]:
        """Documents of the same type and language sharing the most disciplines,
        institutions, keywords and kinds."""
        doc = SearchDocument.objects.filter(page_id=page_id).first()
        if doc is None:
            return []
        mine = SearchFacetValue.objects.filter(
            document=doc, facet__in=["discipline", "field", "institution", "kind"]
        )
        shared = Q()
        for facet, value in mine.values_list("facet", "value"):
            shared |= Q(facet_values__facet=facet, facet_values__value=value)
        if not shared:
            return []
        rows = (
            SearchDocument.objects.filter(doc_type=doc.doc_type, language=doc.language)
            .exclude(page_id=page_id)
            .filter(shared)
            .annotate(shared=Count("facet_values"))
            .order_by("-shared", "-sort_date")
        )[:limit]
        return [self._hit(row, []) for row in rows]


def build_facet_values(
    name: str, counts: dict[str, int], selected: list[str], language: str
) -> list[FacetValue]:
    """Every value with a count, plus selected values even at zero, sorted by
    count then label."""
    label = labeller(name, language, [*counts, *selected])
    values = dict(counts)
    for value in selected:
        values.setdefault(value, 0)
    parents = discipline_parents() if name == "discipline" else {}
    items = [
        FacetValue(
            value=v,
            label=label(v),
            count=n,
            selected=v in selected,
            parent=parents.get(v, ""),
        )
        for v, n in values.items()
    ]
    return sorted(items, key=lambda f: (-f.count, fold(f.label)))


def pick_suggestions(candidates, words: list[str], limit: int) -> list[Suggestion]:
    """Autocomplete entries of the candidate documents whose words start with
    the typed words, best weight first, without duplicates."""
    found: dict[str, tuple[int, Suggestion]] = {}
    for data in candidates:
        for entry in data.get("suggest", []):
            folded_words = fold(entry["text"]).split()
            if not _prefix_match(folded_words, words):
                continue
            key = fold(entry["text"])
            starts = folded_words[0].startswith(words[0])
            score = entry.get("weight", 1) + (5 if starts else 0)
            url = data.get("url", "") if entry["kind"] == data.get("doc_type") else ""
            if key not in found or found[key][0] < score:
                found[key] = (score, Suggestion(entry["text"], entry["kind"], url))
    ranked = sorted(found.values(), key=lambda item: (-item[0], item[1].text))
    return [suggestion for _score, suggestion in ranked[:limit]]


def _prefix_match(text_words: list[str], words: list[str]) -> bool:
    """Every typed word starts some word of the entry (the last one may be
    unfinished)."""
    return all(any(t.startswith(w) for t in text_words) for w in words)
