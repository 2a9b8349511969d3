"""Every facet's value counts in one query over the matched documents.

The documents are matched once (their ``facet_keys``, "facet=value" strings),
not once per facet. A value counts the documents that meet every selection
but its own facet's, as Elasticsearch's post_filter does: a multi-select
facet keeps offering the values of its siblings.
"""

from django.db import connection
from django.db.models import QuerySet

from .matching import postgres


def _vendor_sql() -> dict[str, str]:
    if postgres():
        return {
            "elements": "jsonb_array_elements_text(d.facet_keys) AS e(key)",
            "key": "e.key",
            "facet": "split_part(e.key, '=', 1)",
            "fence": "OFFSET 0",
        }
    return {  # SQLite's JSON1
        "elements": "json_each(d.facet_keys) AS e",
        "key": "e.value",
        "facet": "substr(e.value, 1, instr(e.value, '=') - 1)",
        "fence": "LIMIT -1 OFFSET 0",
    }


def _holds_any(keys: list[str]) -> tuple[str, list]:
    """SQL true when the document holds one of the keys."""
    if postgres():
        return "(d.facet_keys ?| %s)", [keys]
    marks = ", ".join(["%s"] * len(keys))
    return (f"EXISTS (SELECT 1 FROM json_each(d.facet_keys) AS s "
            f"WHERE s.value IN ({marks}))", keys)


def facet_value_counts(
    documents: QuerySet, names: list[str], selected: dict[str, list[str]]
) -> dict[str, dict[str, int]]:
    """Facet -> value -> documents, for the facets ``names`` of the
    ``documents`` (before any facet selection); ``selected`` holds the
    selected values per facet."""
    if not names:
        return {}
    sql = _vendor_sql()
    base_sql, base_params = documents.values("facet_keys").query.sql_with_params()
    flags, flag_params = [], []
    for name, values in selected.items():
        expression, params = _holds_any([f"{name}={v}" for v in values])
        flags.append((name, expression))
        flag_params += params
    # Per facet, the selections of the other facets; the same for every facet
    # without a selection of its own.
    condition, condition_params = "TRUE", []
    if flags:
        columns = {name: f"t.s{i}" for i, (name, _) in enumerate(flags)}
        every = " AND ".join(columns.values())
        cases = []
        for name in selected:
            others = " AND ".join(c for n, c in columns.items() if n != name)
            cases.append(f"WHEN %s THEN {others or 'TRUE'}")
            condition_params.append(name)
        condition = f"CASE t.facet {' '.join(cases)} ELSE {every} END"
    # The selections once per document (the fence keeps the planner from
    # testing them again for each of its values), then one row per value.
    flag_columns = "".join(f", {expr} AS s{i}" for i, (_, expr) in enumerate(flags))
    flag_names = "".join(f", d.s{i}" for i in range(len(flags)))
    marks = ", ".join(["%s"] * len(names))
    query = (
        f"SELECT t.facet, t.key, COUNT(*) FROM ("
        f"SELECT {sql['facet']} AS facet, {sql['key']} AS key{flag_names} FROM ("
        f"SELECT d.facet_keys{flag_columns} FROM ({base_sql}) AS d {sql['fence']}"
        f") AS d, {sql['elements']}) AS t "
        f"WHERE t.facet IN ({marks}) AND {condition} "
        f"GROUP BY t.facet, t.key"
    )
    params = [*flag_params, *base_params, *names, *condition_params]
    counts: dict[str, dict[str, int]] = {}
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        for facet, key, n in cursor.fetchall():
            counts.setdefault(facet, {})[key[len(facet) + 1:]] = n
    return counts
