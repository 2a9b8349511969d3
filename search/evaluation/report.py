"""Figures of an evaluation: metrics per backend, half and language, the
threshold checks, the failed queries, as text and as JSON."""

from .dataset import HALVES, LANGUAGES, Query
from .metrics import mean_scores, scores
from .thresholds import THRESHOLDS

SUBSETS = {
    "all": lambda q: True,
    "no_typo": lambda q: not q.typo,
    "typo": lambda q: q.typo,
}


def evaluate(queries: list[Query], rankings: dict[str, list[str]]) -> dict:
    """Per-query scores and their means by half (each and together), by
    language and by kind (typo or not)."""
    per_query = {q.id: scores(rankings.get(q.id, []), q.judgements) for q in queries}

    def mean(selected):
        return mean_scores(per_query[q.id] for q in selected)

    halves = [h for h in HALVES if any(q.half == h for q in queries)]
    summary = {}
    for half in [*halves, "all"]:
        chosen = [q for q in queries if half in ("all", q.half)]
        summary[half] = {
            "overall": mean(chosen),
            "languages": {lang: mean([q for q in chosen if q.language == lang])
                          for lang in LANGUAGES},
            "kinds": {kind: mean([q for q in chosen if test(q)])
                      for kind, test in SUBSETS.items() if kind != "all"},
        }
    return {"per_query": per_query, "summary": summary}


def check(backend: str, evaluation: dict) -> list[str]:
    """The thresholds a backend misses, computed over the whole set."""
    misses = []
    kinds = {"all": evaluation["summary"]["all"]["overall"],
             **evaluation["summary"]["all"]["kinds"]}
    for kind, minimum in THRESHOLDS[backend].items():
        found = kinds[kind]
        if found.get("queries") and found["top3"] < minimum:
            misses.append(f"{backend}: top-3 hit rate on {kind.replace('_', ' ')} "
                          f"queries {found['top3']:.3f} < {minimum:.2f}")
    return misses


def _row(label: str, figures: dict) -> str:
    if not figures.get("queries"):
        return f"  {label:<12}{'-':>6}"
    return (f"  {label:<12}{figures['queries']:>6}{figures['ndcg5']:>9.3f}"
            f"{figures['mrr']:>8.3f}{figures['top3']:>8.3f}")


def text(backend: str, evaluation: dict, queries: list[Query],
         probe: dict) -> list[str]:
    lines = [f"== {backend} ({probe['documents']} search documents)",
             f"  {'':<12}{'n':>6}{'nDCG@5':>9}{'MRR':>8}{'top-3':>8}"]
    for half, figures in evaluation["summary"].items():
        lines.append(f" {half.replace('_', '-')}:")
        lines.append(_row("overall", figures["overall"]))
        for lang, found in figures["languages"].items():
            lines.append(_row(lang, found))
        for kind, found in figures["kinds"].items():
            lines.append(_row(kind.replace("_", "-"), found))
    failed = [q for q in queries
              if not evaluation["per_query"][q.id]["top3"]]
    lines.append(f" failed queries (no entry sought in the top 3): {len(failed)}")
    for query in failed:
        result = probe["results"].get(query.id, {})
        got = ", ".join(f"{rid.rsplit(':', 1)[-1]}" for rid in
                        result.get("ranking", [])[:3]) or "nothing"
        expected = ", ".join(sorted(r.rsplit(":", 1)[-1] for r in query.sought))
        lang = query.language + (f"->{query.request_language}"
                                 if query.request_language else "")
        lines.append(f"  {query.id} [{lang}, {query.half}] {query.q!r}: expected "
                     f"{expected}; got {got} ({result.get('total', 0)} results)")
    return lines


def thresholds_text() -> list[str]:
    lines = ["thresholds (top-3 hit rate over the whole set):"]
    for backend, kinds in THRESHOLDS.items():
        wanted = ", ".join(f"{k.replace('_', ' ')} queries >= {v:.2f}"
                           for k, v in kinds.items())
        lines.append(f"  {backend}: {wanted}")
    return lines
