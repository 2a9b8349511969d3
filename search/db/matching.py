"""A QueryPlan (search.analysis) as the database engine's own query: an FTS5
MATCH expression on SQLite, a tsquery on PostgreSQL. Every token is quoted:
the tokens are folded words, but nothing typed may become query syntax.

Both match the analysed tokens only (title and body); the folded
autocomplete labels are matched by autocomplete alone, where the typed words
are added to the plan as alternatives (pick_suggestions reads the labels).
"""

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Q, QuerySet
from django.db.models.expressions import RawSQL

from ..analysis import QueryPlan
from ..models import SearchDocument

# Title matches weigh four times a match in the rest of the document.
TITLE_WEIGHT = 4.0
FTS_TABLE = "hub_search_fts"
# ts_rank weights for D, C, B, A: title (A) 4 x body (B); C and D are unused.
PG_WEIGHTS = [0.0, 0.0, 0.25, 1.0]
# ts_rank normalisation 1: divide by 1 + log(document length), so that a long
# body does not outrank a short entry about the subject (as BM25 does).
PG_NORMALIZATION = 1


def postgres() -> bool:
    return connection.vendor == "postgresql"


def _alternatives(plan: QueryPlan, token_sql, join_and: str, join_or: str) -> str:
    slots = []
    for index, slot in enumerate(plan.slots):
        prefix = plan.prefix and index == len(plan.slots) - 1
        alternatives = sorted(
            "(" + join_and.join(token_sql(t, prefix) for t in alternative) + ")"
            for alternative in slot.alternatives if alternative
        )
        slots.append("(" + join_or.join(alternatives) + ")")
    return join_and.join(slots)


def fts_expression(plan: QueryPlan, labels: bool = False) -> str:
    """The FTS5 MATCH expression: title and body, or every column (labels)."""

    def token(text: str, prefix: bool) -> str:
        return '"' + text.replace('"', '""') + '"' + ("*" if prefix else "")

    expression = _alternatives(plan, token, " AND ", " OR ")
    return expression if labels else "{title body} : (" + expression + ")"


def tsquery_text(plan: QueryPlan) -> str:
    """The to_tsquery text. Without weight marks: GIN answers it without
    reading each candidate's vector again (a prefix still needs that)."""

    def token(text: str, prefix: bool) -> str:
        quoted = "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"
        return f"{quoted}:*" if prefix else quoted

    return _alternatives(plan, token, " & ", " | ")


def match(docs: QuerySet, plan: QueryPlan, labels: bool = False) -> QuerySet:
    """The documents matching the plan."""
    if not plan:
        return docs.none()
    if postgres():
        query = SearchQuery(tsquery_text(plan), search_type="raw", config="simple")
        if labels:
            return docs.filter(Q(search_vector=query) | Q(suggest_vector=query))
        return docs.filter(Q(search_vector=query))
    # A subquery, not a join: the queryset is also used inside subqueries
    # (facet counts), where Django renames the document table.
    return docs.filter(page_id__in=RawSQL(
        f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",
        (fts_expression(plan, labels),)))


def by_relevance(docs: QuerySet, plan: QueryPlan) -> QuerySet:
    """Matching documents (``match``) annotated with ``rank``, higher is
    better, ordered best first, then newest."""
    if postgres():
        query = SearchQuery(tsquery_text(plan), search_type="raw", config="simple")
        ranked = docs.annotate(rank=SearchRank(
            F("search_vector"), query, weights=PG_WEIGHTS,
            normalization=PG_NORMALIZATION))
    else:
        # bm25 needs the FTS table in the query: joined here, in the outer
        # query only. fts5's bm25 is lower-is-better: negated; labels count 0.
        table = SearchDocument._meta.db_table
        ranked = docs.extra(
            tables=[FTS_TABLE],
            where=[f"{FTS_TABLE}.rowid = {table}.page_id", f"{FTS_TABLE} MATCH %s"],
            params=[fts_expression(plan)],
            select={"rank": f"-bm25({FTS_TABLE}, {TITLE_WEIGHT}, 1.0, 0.0)"})
    return ranked.order_by("-rank", "-sort_date", "page_id")
