"""Dutch and German compound splitting: 'klimaatonderzoek' -> klimaat +
onderzoek, 'Forschungszentrum' -> forschung + zentrum.

A word is split into words of a word list built from the hunspell
dictionaries (``manage.py build_word_lists`` writes data/<lang>.words.gz,
committed, so no OS dictionary is read at run time). The split has the
fewest parts (then the fewest linking morphemes, then the longest parts);
between two parts a linking morpheme may stand (nl 'gezondheid-s-zorg', de
'Forschung-s-zentrum'). Rules that keep false splits rare:

- only words of at least ``MIN_WORD`` letters are split, into parts of at
  least ``MIN_PART`` letters;
- a word is split even when the list knows it (the lists hold many
  compounds), but never into a prefix or particle ('onder' + 'zoek',
  'unter' + 'suchung') or a derivational suffix ('weten' + 'schap',
  'wissen' + 'schaft'): such parts are in ``NOT_PARTS``.
"""

import gzip
from functools import cache, lru_cache
from pathlib import Path

from .stopwords import STOP_WORDS

DATA = Path(__file__).resolve().parent / "data"
MIN_WORD = 8
MIN_PART = 4
LINKS = {"nl": ("s", "e", "en"), "de": ("s", "es", "n", "en", "er", "e")}

NOT_PARTS = {
    "nl": frozenset("""
        onder over door voor achter tegen samen mede boven buiten binnen
        rond terug heid schap baar lijk lijke isch ische tie atie teit
        ster elijk loos weer verder
        """.split()) | STOP_WORDS["nl"],
    "de": frozenset("""
        unter uber durch gegen hinter zusammen wieder heit keit schaft
        lich bar isch ische tum ling chen lein ierung ung zurck zuruck
        voran weiter
        """.split()) | STOP_WORDS["de"],
}


def word_list_path(language: str) -> Path:
    return DATA / f"{language}.words.gz"


@cache
def word_list(language: str) -> frozenset[str]:
    """The folded dictionary words of a language (read once per process);
    empty for a language without a list."""
    path = word_list_path(language)
    if language not in LINKS or not path.exists():
        return frozenset()
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        return frozenset(line.strip() for line in lines if line.strip())


@lru_cache(maxsize=200_000)
def split(word: str, language: str) -> tuple[str, ...]:
    """The parts of a folded compound word (two or more), or () when it is
    not one (or the language has no decompounding)."""
    if language not in LINKS or len(word) < MIN_WORD:
        return ()
    # best[i]: the best split of word[i:] as (parts, links, -sum of squared
    # part lengths, parts), None when word[i:] cannot be split. The whole
    # word (i = 0) must have two parts or more.
    best: list[tuple | None] = [None] * (len(word) + 1)
    for i in range(len(word) - MIN_PART, -1, -1):
        best[i] = _best_split(word, i, best, language)
    return best[0][3] if best[0] is not None else ()


def _best_split(word: str, i: int, best: list, language: str) -> tuple | None:
    known, blocked = word_list(language), NOT_PARTS[language]
    n, found = len(word), None
    for j in range(i + MIN_PART, n + 1 if i else n - MIN_PART + 1):
        part = word[i:j]
        if part not in known or part in blocked:
            continue
        size = len(part) ** 2
        if j == n:
            candidate = (1, 0, -size, (part,))
            found = candidate if found is None else min(found, candidate)
            continue
        for link in ("", *LINKS[language]):
            k = j + len(link)
            rest = best[k] if k <= n - MIN_PART else None
            if rest is not None and word.startswith(link, j):
                candidate = (rest[0] + 1, rest[1] + bool(link), rest[2] - size,
                             (part, *rest[3]))
                found = candidate if found is None else min(found, candidate)
    return found
