"""Prometheus metrics of the search layer (exported at /metrics by
cms/operations; prometheus_client adds up gunicorn's workers)."""

from prometheus_client import Counter, Histogram

SEARCH_SECONDS = Histogram(
    "hub_search_duration_seconds",
    "Time to answer a search, an autocomplete or a more-like-this, by the "
    "backend that answered (elasticsearch or database) and whether it was the "
    "database standing in for a failed cluster.",
    ["operation", "backend", "fallback"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
SEARCH_FALLBACKS = Counter(
    "hub_search_fallbacks_total",
    "Searches the database answered because Elasticsearch failed (error) or had "
    "failed moments ago (circuit_open).",
    ["operation", "reason"],
)
