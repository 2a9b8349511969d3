"""Typo tolerance of the database backend: corrections of query tokens taken
from the index's own vocabulary (SearchTerm with pg_trgm on PostgreSQL, the
FTS5 vocabulary on SQLite), accepted by edit distance like Elasticsearch's
AUTO fuzziness: none below 4 characters, 1 edit up to 7, 2 from 8; the first
letter must match. Corrections are added to the plan as alternatives."""

from django.db import connection, transaction

from ..analysis import QueryPlan
from ..models import SearchTerm
from .matching import postgres

MIN_LENGTH = 4
CORRECTIONS_PER_TOKEN = 3
CANDIDATES = 200
# pg_trgm similarity below which a term is not even a candidate: one typo in
# a 4-letter word leaves about 0.25.
TRIGRAM_THRESHOLD = "0.2"


def max_edits(token: str) -> int:
    if len(token) < MIN_LENGTH:
        return 0
    return 1 if len(token) < 8 else 2


def edit_distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein (optimal string alignment) distance, or limit + 1
    as soon as it must exceed ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = ca != cb
            current[j] = min(previous[j] + 1, current[j - 1] + 1,
                             previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def known_tokens(tokens: set[str]) -> set[str]:
    """The tokens the index holds (in titles or bodies)."""
    if not tokens:
        return set()
    if postgres():
        return set(SearchTerm.objects.filter(token__in=tokens, documents__gt=0)
                   .values_list("token", flat=True))
    marks = ", ".join(["%s"] * len(tokens))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT term FROM hub_search_fts_vocab WHERE col IN "
            f"('title', 'body') AND term IN ({marks})", list(tokens))
        return {row[0] for row in cursor.fetchall()}


def _candidates(token: str, edits: int) -> list[tuple[str, int]]:
    """Index terms starting with the same letter whose length is within
    ``edits`` of the token's, with their document counts."""
    shortest, longest = len(token) - edits, len(token) + edits
    with connection.cursor() as cursor:
        if postgres():
            with transaction.atomic():
                cursor.execute("SELECT set_config('pg_trgm.similarity_threshold',"
                               " %s, true)", [TRIGRAM_THRESHOLD])
                cursor.execute(
                    "SELECT token, documents FROM hub_search_searchterm "
                    "WHERE token %% %s AND documents > 0 AND left(token, 1) = %s "
                    "AND length(token) BETWEEN %s AND %s "
                    "ORDER BY similarity(token, %s) DESC LIMIT %s",
                    [token, token[0], shortest, longest, token, CANDIDATES])
                return cursor.fetchall()
        cursor.execute(
            "SELECT term, max(doc) FROM hub_search_fts_vocab WHERE term >= %s "
            "AND term < %s AND col IN ('title', 'body') "
            "AND length(term) BETWEEN %s AND %s GROUP BY term",
            [token[0], chr(ord(token[0]) + 1), shortest, longest])
        return cursor.fetchall()


def corrections_for(token: str) -> list[str]:
    """The closest index terms to a token, fewest edits then most documents
    first; empty for short tokens."""
    edits = max_edits(token)
    if not edits:
        return []
    scored = []
    for term, documents in _candidates(token, edits):
        if term == token:
            continue
        distance = edit_distance(token, term, edits)
        if distance <= edits:
            scored.append((distance, -documents, term))
    return [term for _d, _n, term in sorted(scored)[:CORRECTIONS_PER_TOKEN]]


def unmatchable_slots(plan: QueryPlan) -> list[int]:
    """Slots none of whose alternatives the index can match: a token of each
    is unknown, so the query as typed finds nothing."""
    known = known_tokens(plan.tokens())
    return [
        index for index, slot in enumerate(plan.slots)
        if not any(set(alternative) <= known for alternative in slot.alternatives)
    ]


def corrected(plan: QueryPlan, slots: list[int]) -> QueryPlan:
    """The plan with corrections of the tokens of these slots as further
    alternatives (each alternative with one token replaced)."""
    found: dict[str, list[str]] = {}
    extra: dict[int, list[tuple[str, ...]]] = {}
    for index in slots:
        for alternative in plan.slots[index].alternatives:
            for position, token in enumerate(alternative):
                if token not in found:
                    found[token] = corrections_for(token)
                for correction in found[token]:
                    replaced = list(alternative)
                    replaced[position] = correction
                    extra.setdefault(index, []).append(tuple(replaced))
    return plan.with_alternatives(extra) if extra else plan
