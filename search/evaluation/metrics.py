"""Relevance metrics over one ranked list of record ids and a query's graded
judgements (3 the entry sought, 2 highly relevant, 1 related; unjudged 0)."""

import math
from collections.abc import Iterable, Sequence
from statistics import fmean

SOUGHT = 3  # the grade of the entry a query looks for
NDCG_DEPTH = 5
HIT_DEPTH = 3


def dcg(grades: Sequence[int]) -> float:
    """Discounted cumulative gain, gain 2^grade - 1 at log2(rank + 1)."""
    return sum((2 ** g - 1) / math.log2(rank + 2) for rank, g in enumerate(grades))


def ndcg(ranking: Sequence[str], judgements: dict[str, int],
         depth: int = NDCG_DEPTH) -> float:
    """nDCG@depth: the ranking's DCG over the best possible ordering's."""
    ideal = dcg(sorted(judgements.values(), reverse=True)[:depth])
    if ideal == 0:
        return 0.0
    return dcg([judgements.get(rid, 0) for rid in ranking[:depth]]) / ideal


def reciprocal_rank(ranking: Sequence[str], judgements: dict[str, int]) -> float:
    """1/rank of the first entry sought (grade 3); 0 when none was returned."""
    for rank, record_id in enumerate(ranking, start=1):
        if judgements.get(record_id, 0) >= SOUGHT:
            return 1 / rank
    return 0.0


def hit(ranking: Sequence[str], judgements: dict[str, int],
        depth: int = HIT_DEPTH) -> bool:
    """Whether an entry sought (grade 3) is among the first ``depth``."""
    return any(judgements.get(rid, 0) >= SOUGHT for rid in ranking[:depth])


def scores(ranking: Sequence[str], judgements: dict[str, int]) -> dict[str, float]:
    return {"ndcg5": ndcg(ranking, judgements),
            "mrr": reciprocal_rank(ranking, judgements),
            "top3": float(hit(ranking, judgements))}


def mean_scores(per_query: Iterable[dict[str, float]]) -> dict[str, float]:
    """The mean of each metric, and how many queries it covers."""
    rows = list(per_query)
    if not rows:
        return {"queries": 0}
    return {"queries": len(rows),
            **{name: fmean(r[name] for r in rows) for name in ("ndcg5", "mrr", "top3")}}
