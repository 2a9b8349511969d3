"""Index analysis built from what every Elasticsearch distribution has,
including the minimal one without the `analysis-common` module: the standard
tokenizer, `lowercase`, `stop` with the built-in language lists, and
`hunspell` with the dictionaries the operator places in config/hunspell/.
Accent folding, synonyms and prefix matching are done elsewhere (Python,
query expansion and the completion suggester), so nothing here needs
`asciifolding`, `synonym` or `edge_ngram`."""

from .connection import config

# language -> (hunspell locale, built-in stop word list)
LANGUAGE_ANALYSIS = {
    "nl": ("nl_NL", "_dutch_"),
    "en": ("en_US", "_english_"),
    "fr": ("fr_FR", "_french_"),
    "de": ("de_DE", "_german_"),
}
NEUTRAL = "hub_neutral"


def analyzer_name(language: str, stemmed: bool = True) -> str:
    """The analyzer of a language's fields: with hunspell (titles) or its
    words only (the long texts, whose stems are in `text_terms`)."""
    return f"hub_{language}" if stemmed else f"hub_{language}_words"


def analysis_settings() -> dict:
    stemming = config().get("hunspell", True)
    filters: dict[str, dict] = {}
    analyzers: dict[str, dict] = {
        NEUTRAL: {"type": "custom", "tokenizer": "standard", "filter": ["lowercase"]},
    }
    for language, (locale, stopwords) in LANGUAGE_ANALYSIS.items():
        chain = ["lowercase", f"{language}_stop"]
        filters[f"{language}_stop"] = {"type": "stop", "stopwords": stopwords}
        analyzers[analyzer_name(language, stemmed=False)] = {
            "type": "custom", "tokenizer": "standard", "filter": list(chain),
        }
        if stemming:
            filters[f"{language}_stem"] = {
                "type": "hunspell", "locale": locale, "dedup": True,
                "longest_only": True,
            }
            chain.append(f"{language}_stem")
        analyzers[analyzer_name(language)] = {
            "type": "custom", "tokenizer": "standard", "filter": chain,
        }
    return {"analysis": {"filter": filters, "analyzer": analyzers}}
