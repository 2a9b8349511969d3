"""Query-time synonym expansion, the same for both backends.

Synonyms are applied to the query, not the index, so an editor's change takes
effect on the very next search and no reindex is ever needed (and the
Elasticsearch node needs no synonym filter, which its minimal distribution
lacks). A query becomes a list of alternative queries; a document matching any
of them matches.
"""

import re

from .models import SynonymGroup
from .normalize import fold

MAX_VARIANTS = 16


def synonym_groups() -> list[list[str]]:
    """Every group as a list of folded terms (read per search: the table is
    small, and a change must be visible at once in every process)."""
    groups = []
    for terms in SynonymGroup.objects.values_list("terms", flat=True):
        folded = {fold(t) for t in terms.replace("\n", ",").split(",")}
        folded.discard("")
        if len(folded) > 1:
            groups.append(sorted(folded, key=len, reverse=True))
    return groups


def _contains(text: str, term: str) -> bool:
    return re.search(rf"(?<![^\W_]){re.escape(term)}(?![^\W_])", text) is not None


def _replace(text: str, term: str, other: str) -> str:
    return re.sub(rf"(?<![^\W_]){re.escape(term)}(?![^\W_])", other, text)


def expand(text: str, groups: list[list[str]] | None = None) -> list[str]:
    """The folded query and its alternatives, the query itself first.

    >>> expand("ai in health", [["artificial intelligence", "ai"]])
    ['ai in health', 'artificial intelligence in health']
    """
    if not text:
        return [text]
    variants = [text]
    for group in synonym_groups() if groups is None else groups:
        for current in list(variants):
            term = next((t for t in group if _contains(current, t)), None)
            if term is None:
                continue
            for other in group:
                candidate = _replace(current, term, other)
                if candidate not in variants:
                    variants.append(candidate)
                if len(variants) >= MAX_VARIANTS:
                    return variants
    return variants
