"""The analysis pipeline (see the package docstring): fold and split
(search.normalize.words), drop stop words (stopwords.py), stem with Snowball
(stemming.py), add the parts of Dutch and German compounds (decompound.py).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from ..normalize import words
from ..synonyms import find_terms, synonym_groups
from .decompound import LINKS, split
from .stemming import stem, stem_words
from .stopwords import STOP_WORDS, stop_words

ANALYSED_LANGUAGES = ("nl", "en", "fr", "de")
DECOMPOUNDED_LANGUAGES = tuple(LINKS)
# Bounds that keep every query cheap on every backend.
MAX_SLOTS = 12
MAX_ALTERNATIVES = 12


@dataclass(frozen=True)
class Slot:
    """Part of a query that must match: any alternative, each an AND of
    tokens. ``words`` are the folded words the visitor typed for it."""

    words: tuple[str, ...]
    alternatives: tuple[tuple[str, ...], ...]

    def tokens(self) -> set[str]:
        return {token for alternative in self.alternatives for token in alternative}


@dataclass(frozen=True)
class QueryPlan:
    """AND over slots. With ``prefix``, the tokens of the last slot may be
    unfinished (autocomplete): a backend matches them as prefixes."""

    slots: tuple[Slot, ...]
    prefix: bool = False

    def __bool__(self) -> bool:
        return bool(self.slots)

    def tokens(self) -> set[str]:
        return {token for slot in self.slots for token in slot.tokens()}

    def words(self) -> list[str]:
        """The folded words typed, in order (for highlighting)."""
        return [word for slot in self.slots for word in slot.words]

    def with_alternatives(
        self, extra: dict[int, list[tuple[str, ...]]]
    ) -> QueryPlan:
        """The plan with more alternatives for some slots (by index): typo
        corrections found by a backend in its vocabulary."""
        slots = tuple(
            replace(slot, alternatives=slot.alternatives + tuple(
                a for a in extra.get(i, []) if a not in slot.alternatives))
            for i, slot in enumerate(self.slots)
        )
        return replace(self, slots=slots)


def analyse(text: str, language: str) -> list[str]:
    """The index tokens of a text written in ``language``, in text order;
    repeated words give repeated tokens (term frequency counts). A compound
    gives its own stem, then the stems of its parts."""
    language = _language(language)
    stop = stop_words(language)
    kept = [word for word in words(text) if word not in stop]
    stems = stem_words(kept, language)
    if language not in DECOMPOUNDED_LANGUAGES:
        return stems
    tokens = []
    for word, word_stem in zip(kept, stems, strict=True):
        tokens.append(word_stem)
        tokens.extend(compound_stems(word, language))
    return tokens


def index_terms(text: str, language: str) -> str:
    """``analyse`` joined by spaces: what the backends store and index."""
    return " ".join(analyse(text, language))


@lru_cache(maxsize=100_000)
def compound_stems(word: str, language: str) -> tuple[str, ...]:
    """The stems of a compound's parts (distinct, in order), () when the word
    is no compound in that language."""
    return tuple(dict.fromkeys(stem_words(list(split(word, language)), language)))


def plan_query(
    text: str,
    language: str,
    groups: list[list[str]] | None = None,
    prefix: bool = False,
) -> QueryPlan:
    """The plan of a visitor's query. ``language`` is the page's language
    (its stop words are dropped); ``groups`` are the synonym groups (folded
    terms; read from search.synonyms.synonym_groups() when None).

    A word is dropped when it is a stop word (of ``language`` or of any
    analysed language: an English 'of' typed on the Dutch site is dropped
    from English texts) and the query keeps another word; with ``prefix``
    the last word, still being typed, is always kept."""
    language = _language(language)
    typed = words(text)
    if groups is None:
        groups = synonym_groups() if typed else []
    matches = {match.start: match for match in find_terms(typed, groups)}
    units: list[tuple[int, int]] = []  # word ranges that become slots
    position = 0
    while position < len(typed):
        end = matches[position].end if position in matches else position + 1
        units.append((position, end))
        position = end
    units = _without_stop_words(units, typed, matches, language, prefix)[:MAX_SLOTS]
    slots = []
    for start, end in units:
        if start in matches:
            alternatives = _synonym_alternatives(matches[start].term,
                                                 matches[start].group, language)
        else:
            alternatives = _word_alternatives(typed[start], language)
        slots.append(Slot(words=tuple(typed[start:end]), alternatives=alternatives))
    if prefix and slots:
        last = slots[-1]
        alternatives = _dedupe([last.words, *last.alternatives])
        slots[-1] = replace(last, alternatives=alternatives)
    return QueryPlan(slots=tuple(slots), prefix=prefix)


def is_stop_word(word: str, language: str) -> bool:
    """A stop word of ``language`` or of any analysed language."""
    return word in stop_words(language) or any(
        word in listed for listed in STOP_WORDS.values())


def _without_stop_words(units, typed, matches, language, prefix):
    def droppable(unit: tuple[int, int]) -> bool:
        start, end = unit
        if start in matches or (prefix and end == len(typed)):
            return False
        return is_stop_word(typed[start], language)

    kept = [unit for unit in units if not droppable(unit)]
    return kept or units


def _languages(language: str) -> list[str]:
    """Every analysed language, the page's first."""
    return sorted(ANALYSED_LANGUAGES, key=lambda code: code != language)


@lru_cache(maxsize=20_000)
def _word_alternatives(word: str, language: str) -> tuple[tuple[str, ...], ...]:
    """A word's stems in every language (the visitor may type in any), the
    word itself (the tokens of an unanalysed language), and for a compound
    the stems of its parts as one alternative."""
    alternatives = [(stem(word, code),) for code in _languages(language)]
    alternatives.append((word,))
    alternatives += [
        parts for code in _languages(language)
        if code in DECOMPOUNDED_LANGUAGES
        and (parts := compound_stems(word, code))
    ]
    return _dedupe(alternatives)


def _synonym_alternatives(
    term: str, group: list[str], language: str
) -> tuple[tuple[str, ...], ...]:
    """Every term of a group, stemmed in each language: first each term in
    the page's language (the typed term first), then in the others."""
    terms = [term, *(other for other in group if other != term)]
    alternatives = []
    for code in _languages(language):
        for each in terms:
            term_words = each.split()
            content = [w for w in term_words if not is_stop_word(w, code)]
            alternatives.append(tuple(dict.fromkeys(
                stem_words(content or term_words, code))))
    return _dedupe(alternatives)


def _dedupe(alternatives) -> tuple[tuple[str, ...], ...]:
    return tuple(dict.fromkeys(alternatives))[:MAX_ALTERNATIVES]


def _language(language: str) -> str:
    """'nl', 'en-gb' -> 'nl', 'en' (the stop words and stemmer to use)."""
    return (language or "").split("-")[0].lower()
