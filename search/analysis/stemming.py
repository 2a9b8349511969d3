"""Snowball stemming (PyStemmer: the Snowball project's C stemmers), one
stemmer per language, applied to folded words.

Words are folded before they are stemmed, on the index and the query side
alike: a visitor who types 'universitat' or 'universite' without the accent
gets the same stem as the text's 'Universität' or 'université'. The German
and French stemmers cope with unaccented input ('universitaten' and
'universitat' both give 'universitat'); the tests check the cases that
matter.

Folding costs the French stemmer the 'é' of past participles: 'publiée'
becomes 'publiee', which it stems apart from 'publie'. A folded French word
ending in 'ee' or 'ees' is therefore first cut back to its 'e' ('donnees' ->
'donne', as 'donne' and 'donnee' and 'donnees' then share the stem 'don').

Snowball leaves some irregular (mostly Latin and Greek) plurals apart from
their singular; ``LEMMAS`` maps them to the singular before stemming.
"""

from functools import cache

import Stemmer

ALGORITHMS = {"nl": "dutch", "en": "english", "fr": "french", "de": "german"}

LEMMAS: dict[str, dict[str, str]] = {
    "nl": {
        "laboratoria": "laboratorium", "musea": "museum", "centra": "centrum",
        "criteria": "criterium", "curricula": "curriculum", "fora": "forum", "consortia": "consortium",
        "symposia": "symposium", "studia": "studium", "stipendia": "stipendium",
        "steden": "stad", "kinderen": "kind",
    },
    "en": {
        "analyses": "analysis", "hypotheses": "hypothesis", "theses": "thesis",
        "syntheses": "synthesis", "diagnoses": "diagnosis", "crises": "crisis",
        "criteria": "criterion", "phenomena": "phenomenon",
        "curricula": "curriculum", "consortia": "consortium",
        "symposia": "symposium", "spectra": "spectrum",
        "stimuli": "stimulus", "nuclei": "nucleus", "fungi": "fungus",
        "bacteria": "bacterium", "indices": "index", "matrices": "matrix",
        "children": "child", "women": "woman", "men": "man", "mice": "mouse",
        "teeth": "tooth", "feet": "foot",
    },
    "fr": {
        "travaux": "travail", "chercheuse": "chercheur",
        "chercheuses": "chercheur", "yeux": "oeil", "cieux": "ciel",
    },
    "de": {
        "museen": "museum", "zentren": "zentrum", "laboratorien": "laboratorium",
        "kriterien": "kriterium", "gymnasien": "gymnasium", "stadien": "stadium",
        "konsortien": "konsortium", "symposien": "symposium",
        "curricula": "curriculum", "stipendien": "stipendium",
        "studien": "studie", "spektren": "spektrum",
        "themen": "thema", "firmen": "firma", "praxen": "praxis",
    },
}


@cache
def stemmer(language: str) -> Stemmer.Stemmer | None:
    """The Snowball stemmer of a language (one per process), None when the
    language is not analysed."""
    algorithm = ALGORITHMS.get(language)
    return Stemmer.Stemmer(algorithm) if algorithm else None


def _lemma(word: str, language: str) -> str:
    word = LEMMAS[language].get(word, word)
    if language == "fr" and len(word) > 4 and word.endswith(("ee", "ees")):
        return word[:word.rindex("ee") + 1]
    return word


def stem(word: str, language: str) -> str:
    """The stem of a folded word; the word itself in an unanalysed language."""
    snowball = stemmer(language)
    if snowball is None:
        return word
    return snowball.stemWord(_lemma(word, language))


def stem_words(words: list[str], language: str) -> list[str]:
    """``stem`` of many words at once (one call into C)."""
    snowball = stemmer(language)
    if snowball is None:
        return list(words)
    return snowball.stemWords([_lemma(w, language) for w in words])
