"""The request and response types of the search service, shared by the
service (search/service.py) and its two backends (search/db/, search/es/)."""

import math
from dataclasses import dataclass, field
from functools import cached_property
from typing import Protocol

from django.conf import settings

from .analysis import QueryPlan, plan_query
from .facets import FACETS_BY_TYPE, SORTS, WHEN_VALUES
from .normalize import MAX_QUERY_LENGTH, clean_query
from .synonyms import synonym_groups

MAX_PAGE_SIZE = 100
MAX_PAGE = 500  # deep paging is refused: narrow the search instead
MAX_RADIUS_KM = 20_000


class SearchInputError(ValueError):
    """Bad search input, reported to the visitor (HTTP 400)."""

    def __init__(self, message: str, param: str = "", code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.param = param
        self.code = code


@dataclass(frozen=True)
class Near:
    lat: float
    lon: float
    km: float


@dataclass
class SearchRequest:
    query: str = ""
    language: str = "nl"
    doc_type: str = ""  # "" searches every document type
    filters: dict[str, list[str]] = field(default_factory=dict)
    when: str = ""  # "", "upcoming", "this-month", "next-3-months", "past"
    near: Near | None = None
    sort: str = "relevance"
    page: int = 1
    page_size: int = 20

    def __post_init__(self) -> None:
        self.validate()
        self.text = clean_query(self.query)

    @cached_property
    def synonym_groups(self) -> list[list[str]]:
        """The synonym table, read once per request (the plan, highlighting)."""
        return synonym_groups() if self.text else []

    @cached_property
    def plan(self) -> QueryPlan:
        """The analysed query (search/analysis): slots of alternatives, the
        synonym groups included."""
        return plan_query(self.text, self.language, groups=self.synonym_groups)

    def validate(self) -> None:
        if len(self.query) > MAX_QUERY_LENGTH:
            raise SearchInputError(
                f"The query is longer than {MAX_QUERY_LENGTH} characters.", "q",
                "query_too_long")
        if self.language not in dict(settings.LANGUAGES):
            raise SearchInputError(f"Unknown language {self.language!r}.", "lang")
        if self.doc_type and self.doc_type not in FACETS_BY_TYPE:
            raise SearchInputError(f"Unknown type {self.doc_type!r}.", "type")
        allowed = FACETS_BY_TYPE[self.doc_type]
        for name, values in self.filters.items():
            if name not in allowed:
                raise SearchInputError(f"Unknown filter {name!r}.", name,
                                       "unknown_filter")
            if any(len(v) > 100 for v in values):
                raise SearchInputError("Filter value too long.", name)
        if self.when and self.when not in WHEN_VALUES:
            raise SearchInputError(f"Unknown date range {self.when!r}.", "when")
        if self.sort not in SORTS:
            raise SearchInputError(f"Unknown sort order {self.sort!r}.", "sort")
        if not 1 <= self.page_size <= MAX_PAGE_SIZE:
            raise SearchInputError(
                f"page_size must be between 1 and {MAX_PAGE_SIZE}.", "page_size")
        if not 1 <= self.page <= MAX_PAGE:
            raise SearchInputError(f"page must be between 1 and {MAX_PAGE}.", "page")
        if self.near and not (
            -90 <= self.near.lat <= 90 and -180 <= self.near.lon <= 180
            and 0 < self.near.km <= MAX_RADIUS_KM
        ):
            raise SearchInputError("near must be lat,lon,km within range.", "near")

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False
    parent: str = ""  # for sub-disciplines: the field they belong to


@dataclass
class Hit:
    page_id: int
    public_id: str
    doc_type: str
    title: str
    url: str
    summary: str
    snippet: str  # safe HTML: escaped text with <mark> around matches
    score: float | None = None
    data: dict = field(default_factory=dict)


@dataclass
class SearchResponse:
    request: SearchRequest
    total: int
    hits: list[Hit]
    facets: dict[str, list[FacetValue]]
    backend: str
    fallback: bool = False  # True when Elasticsearch failed and the db answered
    took_ms: float = 0.0

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.total / self.request.page_size))


@dataclass
class Suggestion:
    text: str
    kind: str  # expertise, event, organisation, keyword, discipline
    url: str = ""


@dataclass
class SuggestResponse:
    prefix: str
    suggestions: list[Suggestion]
    backend: str
    fallback: bool = False


class SearchService(Protocol):
    name: str

    def search(self, request: SearchRequest) -> SearchResponse: ...

    def suggest(self, prefix: str, language: str, doc_type: str = "",
                limit: int = 8) -> SuggestResponse: ...

    def similar(self, page_id: int, limit: int = 5) -> list[Hit]: ...
