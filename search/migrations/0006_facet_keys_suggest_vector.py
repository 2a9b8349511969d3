"""Two columns that make database search cheaper on large catalogues:

- ``facet_keys``: every facet value of a document ("facet=value"), so that all
  facets are counted in one pass over the matched documents, and (a GIN
  index on PostgreSQL) facet selections filter without per-row subqueries;
- ``suggest_vector`` (PostgreSQL): the autocomplete labels, out of
  ``search_vector``, which then holds only what a search matches. A search
  no longer restricts its tsquery to weights, which made PostgreSQL read
  every candidate's vector again.

Both are filled here from what the table holds; new writes fill them in
search/db/store.py. The terms triggers of 0004 are switched off meanwhile:
the terms do not change, and comparing every row would take minutes.
"""

import django.contrib.postgres.search
from django.db import migrations, models

TABLE = "hub_search_searchdocument"
SUGGEST_INDEX = "hub_search_document_suggest_gin"
FACETS_INDEX = "hub_search_document_facets_gin"


def fill(apps, schema_editor):
    postgres = schema_editor.connection.vendor == "postgresql"
    aggregate = "jsonb_agg" if postgres else "json_group_array"
    keys = (f"COALESCE((SELECT {aggregate}(v.facet || '=' || v.value) "
            f"FROM hub_search_searchfacetvalue v WHERE v.document_id = "
            f"{TABLE}.page_id), '[]')")
    if not postgres:
        schema_editor.execute(f"UPDATE {TABLE} SET facet_keys = {keys}")
        return
    schema_editor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER hub_search_terms_update")
    schema_editor.execute(
        f"UPDATE {TABLE} SET facet_keys = {keys}, "
        "search_vector = setweight(to_tsvector('simple', coalesce(title_terms, '')), 'A')"
        " || setweight(to_tsvector('simple', coalesce(text_terms, '')), 'B'), "
        "suggest_vector = to_tsvector('simple', coalesce(suggest_folded, ''))")
    schema_editor.execute(f"ALTER TABLE {TABLE} ENABLE TRIGGER hub_search_terms_update")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {SUGGEST_INDEX} ON {TABLE} "
        "USING gin (suggest_vector)")
    # An array, not jsonb's ?|: an overlap (&&) on a GIN array index is exact,
    # so the other conditions of a bitmap scan are not checked row by row.
    schema_editor.execute(
        "CREATE OR REPLACE FUNCTION hub_facet_array(jsonb) RETURNS text[] "
        "LANGUAGE sql IMMUTABLE PARALLEL SAFE AS "
        "$$ SELECT array(SELECT jsonb_array_elements_text($1)) $$")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {FACETS_INDEX} ON {TABLE} "
        "USING gin (hub_facet_array(facet_keys))")


def unfill(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {SUGGEST_INDEX}")
        schema_editor.execute(f"DROP INDEX IF EXISTS {FACETS_INDEX}")
        schema_editor.execute("DROP FUNCTION IF EXISTS hub_facet_array(jsonb)")


class Migration(migrations.Migration):
    dependencies = [("hub_search", "0005_search_query_stats")]

    operations = [
        # Nullable: SQLite adds the columns without remaking the table (which
        # would drop the FTS triggers of 0004).
        migrations.AddField(
            model_name="searchdocument", name="facet_keys",
            field=models.JSONField(null=True),
        ),
        migrations.AddField(
            model_name="searchdocument", name="suggest_vector",
            field=django.contrib.postgres.search.SearchVectorField(null=True),
        ),
        migrations.RunPython(fill, unfill),
    ]
