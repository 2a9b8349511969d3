"""Query-time synonyms, the same on every backend.

Synonyms are applied to the query, not the index, so an editor's change takes
effect on the very next search and no reindex is ever needed (and the
Elasticsearch node needs no synonym filter, which its minimal distribution
lacks). ``search.analysis.plan_query`` turns the words of a query that form a
term of a group (``find_terms``) into one slot whose alternatives are all the
group's terms: one query with alternatives, not one query per variant."""

from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from django.apps import apps

from .normalize import words

# The starter table, copied into SynonymGroup by migration 0003 (docs/search.md).
STARTER_TABLE = Path(__file__).resolve().parent / "data" / "synonyms.txt"


class TermMatch(NamedTuple):
    """Words ``start:end`` of a query form ``term`` of ``group``."""

    start: int
    end: int
    term: str
    group: list[str]


def normalise_term(term: str) -> str:
    """A term as queries are compared with it: its folded words, one space
    apart ('COVID-19' -> 'covid 19')."""
    return " ".join(words(term))


def synonym_groups() -> list[list[str]]:
    """Every group as a list of folded terms, longest first (read per search:
    the table is small, and a change must be visible at once in every
    process)."""
    # Looked up, not imported: search.analysis (which imports this module)
    # works without a configured Django (the benchmark, scripts).
    synonym_group = apps.get_model("hub_search", "SynonymGroup")
    groups = []
    for terms in synonym_group.objects.values_list("terms", flat=True):
        folded = {normalise_term(t) for t in terms.replace("\n", ",").split(",")}
        folded.discard("")
        if len(folded) > 1:
            groups.append(sorted(folded, key=lambda t: (-len(t), t)))
    return groups


def starter_groups() -> list[str]:
    """The groups of the shipped starter table, one 'a, b, c' string each (as
    an editor would type them)."""
    groups = []
    for line in STARTER_TABLE.read_text(encoding="utf-8").splitlines():
        terms = [term.strip() for term in line.split(",") if term.strip()]
        if len(terms) > 1 and not line.lstrip().startswith("#"):
            groups.append(", ".join(terms))
    return groups


@lru_cache(maxsize=20_000)
def _keys(word: str) -> frozenset[tuple[str, str]]:
    """A folded word as itself and as its stem in each analysed language:
    two words are the same word when they share a key ('vehicles' and
    'vehicle' share the English stem, 'voertuigen' and 'voertuig' the Dutch
    one). A stem is only compared with stems of the same language."""
    # Imported here: search.analysis imports this module.
    from .analysis.stemming import ALGORITHMS, stem  # noqa: PLC0415

    return frozenset({("", word)} | {(code, stem(word, code)) for code in ALGORITHMS})


def same_word(typed: str, listed: str) -> bool:
    """Whether a query word is a term's word, in any inflection."""
    return typed == listed or not _keys(typed).isdisjoint(_keys(listed))


@lru_cache(maxsize=8)
def _by_first_word(groups: tuple[tuple[str, ...], ...]) -> dict:
    """key of a term's first word -> (term words, term, group index)."""
    found: dict[tuple[str, str], list] = {}
    for index, group in enumerate(groups):
        for term in group:
            term_words = term.split()
            for key in _keys(term_words[0]):
                found.setdefault(key, []).append((term_words, term, index))
    return found


def find_terms(query_words: list[str], groups: list[list[str]]) -> list[TermMatch]:
    """The synonym terms in a query's folded words, whole words only (a word
    matches in any inflection: ``same_word``), longest term first and without
    overlap, in query order.

    >>> find_terms(["ai", "in", "health", "care"],
    ...            [["artificial intelligence", "ai"], ["health care", "zorg"]])
    ... # doctest: +NORMALIZE_WHITESPACE
    [TermMatch(start=0, end=1, term='ai', group=['artificial intelligence', 'ai']),
     TermMatch(start=2, end=4, term='health care', group=['health care', 'zorg'])]
    """
    frozen = tuple(tuple(group) for group in groups)
    by_first_word = _by_first_word(frozen)
    candidates = set()
    for start, word in enumerate(query_words):
        for key in _keys(word):
            for term_words, term, index in by_first_word.get(key, ()):
                size = len(term_words)
                following = query_words[start + 1:start + size]
                if len(following) == size - 1 and all(
                        same_word(typed, listed) for typed, listed in
                        zip(following, term_words[1:], strict=True)):
                    candidates.add((-size, start, term, index))
    taken: set[int] = set()
    matches = []
    for negative_size, start, term, index in sorted(candidates):
        covered = set(range(start, start - negative_size))
        if not covered & taken:
            taken |= covered
            matches.append(TermMatch(start, start - negative_size, term, groups[index]))
    return sorted(matches)

