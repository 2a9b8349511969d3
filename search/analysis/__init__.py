"""Text analysis shared by every search backend (SQLite, PostgreSQL and
Elasticsearch), so that all indexes hold the same tokens and a query means
the same thing everywhere.

Index side: ``analyse(text, language)`` gives the tokens of a text written in
a language (folded, stop words dropped, Snowball-stemmed, Dutch and German
compounds also split into their stemmed parts); ``index_terms`` joins them
with spaces, the form every backend stores.

Query side: ``plan_query(text, language)`` gives a ``QueryPlan``: the query as
slots that must all match; a slot matches when any of its alternatives does,
and an alternative matches when all its tokens do. The alternatives of a word
are its stems in every language (a visitor may type in another language than
the page's) and, for a compound, its parts; a synonym group turns the words
it covers into one slot. One query with alternatives, never one query per
variant.
"""

from .pipeline import (
    ANALYSED_LANGUAGES,
    QueryPlan,
    Slot,
    analyse,
    index_terms,
    plan_query,
)

__all__ = [
    "ANALYSED_LANGUAGES", "QueryPlan", "Slot", "analyse", "index_terms",
    "plan_query",
]
