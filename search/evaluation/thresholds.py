"""What ``search_eval --check`` (and the README's test command) demands: the
top-3 hit rate over the whole set (both halves, every language), per backend
and kind of query (issue 13). One place; the report prints them."""

# backend -> {"all" | "no_typo" | "typo": minimum top-3 hit rate}
THRESHOLDS: dict[str, dict[str, float]] = {
    "elasticsearch": {"all": 0.95},
    "postgresql": {"no_typo": 0.90, "typo": 0.60},
    "sqlite": {"no_typo": 0.90, "typo": 0.60},
}

# The backends whose thresholds the test suite enforces
# (tests/search/test_search_eval.py). A backend is added once it passes;
# the others are still measured and printed. `search_eval --check` alone
# checks every backend it ran.
ENFORCED_IN_TESTS: frozenset[str] = frozenset(
    {"elasticsearch", "postgresql", "sqlite"})
