"""The measured queries: the same generated queries, in the same order, for
every backend, through the real services, timed end to end."""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from tqdm import tqdm

from search.db.backend import DatabaseSearch
from search.es.backend import ElasticsearchSearch
from search.service import SearchRequest

from .environment import ServiceDown, log, retrying
from .vocabulary import (
    CITIES,
    COUNTRIES,
    INSTITUTIONS,
    LANGUAGES,
    METHODS,
    QUERY_LANGUAGE_WEIGHTS,
    TOPICS,
)


@dataclass(frozen=True)
class QueryType:
    key: str
    title: str
    make: Callable[[random.Random], Callable[[object], object]]


def query_language(rng: random.Random) -> str:
    return rng.choices(LANGUAGES, QUERY_LANGUAGE_WEIGHTS)[0]


def topic_words(rng: random.Random, lang: str) -> str:
    """One or two topics' words, sometimes with a city: what visitors type."""
    i = LANGUAGES.index(lang) + 1
    topic = rng.choice(TOPICS)[i]
    roll = rng.random()
    if roll < 0.25:
        return topic.split()[-1]
    if roll < 0.45:
        return f"{topic} {rng.choice(CITIES)[1]}"
    if roll < 0.6:
        return f"{topic} {rng.choice(METHODS)[i - 1].split()[-1]}"
    return topic


def free_text(rng: random.Random) -> Callable:
    params = {"query": topic_words(rng, lang := query_language(rng)),
              "language": lang}
    # A new request per call, as a visitor's: nothing is memoised across calls.
    return lambda service: service.search(SearchRequest(**params))


def faceted(rng: random.Random) -> Callable:
    lang = query_language(rng)
    params = {
        "query": topic_words(rng, lang), "language": lang, "doc_type": "expertise",
        "filters": {"field": [str(rng.randint(1, 6))],
                    "country": [rng.choice(COUNTRIES)]}}
    return lambda service: service.search(SearchRequest(**params))


def autocomplete(rng: random.Random) -> Callable:
    lang = query_language(rng)
    source = rng.choice([rng.choice(TOPICS)[LANGUAGES.index(lang) + 1],
                         rng.choice(INSTITUTIONS)])
    words = source.split()
    last = rng.choice(words)
    prefix = last[:rng.randint(3, max(3, min(6, len(last))))]
    if len(words) > 1 and rng.random() < 0.3:
        prefix = f"{words[0]} {words[1][:3]}"
    return lambda service: service.suggest(prefix, lang)


def events(rng: random.Random) -> Callable:
    params = {
        "language": query_language(rng), "doc_type": "event",
        "when": rng.choice(["next-3-months", "this-month", "upcoming"]),
        "filters": {"country": [rng.choice(COUNTRIES)]}}
    return lambda service: service.search(SearchRequest(**params))


QUERY_TYPES = [
    QueryType("free_text", "free text", free_text),
    QueryType("faceted", "free text + 2 facets", faceted),
    QueryType("autocomplete", "autocomplete prefix", autocomplete),
    QueryType("events", "events: when + country", events),
]


def query_mix(seed: int, count: int) -> dict[str, list[Callable]]:
    """The same queries, in the same order, for every backend (a backend
    measured with fewer queries runs the first ones)."""
    mix = {}
    for offset, qtype in enumerate(QUERY_TYPES):
        rng = random.Random(seed * 1000 + offset)
        mix[qtype.key] = [qtype.make(rng) for _ in range(count)]
    return mix


def timed(service, query: Callable) -> tuple[float, int]:
    """Milliseconds of one service call (end to end), and its result count."""
    started = time.perf_counter()
    response = query(service)
    elapsed = (time.perf_counter() - started) * 1000
    if response.fallback:
        raise ServiceDown(f"{service.name} answered from its fallback: "
                          "Elasticsearch failed or timed out")
    total = getattr(response, "total", None)
    return elapsed, len(response.suggestions) if total is None else total


def percentiles(samples: list[float]) -> dict[str, float]:
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return {"p50": statistics.median(samples), "p95": cuts[94], "p99": cuts[98]}


def measure(service, queries: list[Callable], warmup: int, rounds: int,
            label: str) -> dict:
    """Per-round percentiles of the measured queries; the reported figure of
    each percentile is its median over the rounds."""
    for query in queries[:warmup]:
        timed(service, query)
    measured = queries[warmup:]
    per_round, hits = [], []
    for _ in range(rounds):
        gc.collect()
        samples = []
        for query in tqdm(measured, desc=label, unit="q", leave=False,
                          disable=None):
            ms, found = timed(service, query)
            samples.append(ms)
            hits.append(found)
        per_round.append(percentiles(samples))
    result = {k: statistics.median(r[k] for r in per_round)
              for k in ("p50", "p95", "p99")}
    return result | {"mean_results": statistics.fmean(hits), "rounds": per_round,
                     "queries": len(measured), "round_count": rounds}


def query_counts(args: argparse.Namespace) -> dict[str, tuple[int, int]]:
    """Backend -> (measured queries per type, rounds)."""
    return {"elasticsearch": (args.runs, args.rounds),
            "database": (args.db_runs or args.runs, args.db_rounds or args.rounds)}


def run_queries(args: argparse.Namespace, backends: dict) -> dict:
    settings.HUB_ELASTICSEARCH = {**settings.HUB_ELASTICSEARCH,
                                  "timeout": args.es_timeout}
    counts = query_counts(args)
    mix = query_mix(args.seed, args.warmup + max(r for r, _ in counts.values()))
    results: dict[str, dict] = {}
    for name, service in backends.items():
        runs, rounds = counts[name]
        for qtype in QUERY_TYPES:
            label = f"{name} {qtype.key}"
            queries = mix[qtype.key][:args.warmup + runs]
            results.setdefault(qtype.key, {})[name] = figures = retrying(
                args, label, lambda s=service, q=queries, label=label, r=rounds:
                measure(s, q, args.warmup, r, label))
            log(f"{label}: p50 {figures['p50']:.1f} p95 {figures['p95']:.1f} "
                f"p99 {figures['p99']:.1f} ms")
    return results


def services(args: argparse.Namespace) -> dict:
    found = {}
    if not args.skip_es:
        found["elasticsearch"] = ElasticsearchSearch(fallback=DatabaseSearch())
    if not args.skip_db:
        found["database"] = DatabaseSearch()
    return found
