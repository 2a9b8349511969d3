"""The analysed tokens of the database index (search/analysis) and what
matches and ranks them: an FTS5 table on SQLite, the vocabulary with a
trigram index for typo corrections on PostgreSQL.

Triggers keep both in step with hub_search_searchdocument, whatever writes it
(the store, a rebuild, the benchmark, a test). On SQLite a later migration
that remakes that table (AlterField, RemoveField...) drops its triggers:
run SQLITE_TRIGGERS again in that migration.

Documents indexed before this migration have no terms: run
`manage.py search_index rebuild --backend database` (or `verify --repair`).
"""

from django.db import migrations, models

SQLITE_COLUMNS = "title_terms, text_terms, suggest_folded"
SQLITE_TRIGGERS = [
    "CREATE TRIGGER IF NOT EXISTS hub_search_fts_insert AFTER INSERT ON "
    "hub_search_searchdocument BEGIN INSERT INTO hub_search_fts"
    "(rowid, title, body, labels) VALUES (new.page_id, new.title_terms, "
    "new.text_terms, new.suggest_folded); END",
    "CREATE TRIGGER IF NOT EXISTS hub_search_fts_delete AFTER DELETE ON "
    "hub_search_searchdocument BEGIN DELETE FROM hub_search_fts "
    "WHERE rowid = old.page_id; END",
    "CREATE TRIGGER IF NOT EXISTS hub_search_fts_update AFTER UPDATE OF "
    f"page_id, {SQLITE_COLUMNS} ON hub_search_searchdocument BEGIN "
    "DELETE FROM hub_search_fts WHERE rowid = old.page_id; "
    "INSERT INTO hub_search_fts(rowid, title, body, labels) VALUES "
    "(new.page_id, new.title_terms, new.text_terms, new.suggest_folded); END",
]
# rowid is the page id. The tokens are already folded words of letters and
# digits (any script): unicode61 without diacritic removal keeps them as they
# are and splits on the spaces. labels (autocomplete entries, folded, not
# stemmed) serve autocomplete only; searches match title and body.
SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS hub_search_fts USING fts5("
    "title, body, labels, tokenize = 'unicode61 remove_diacritics 0')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS hub_search_fts_vocab USING "
    "fts5vocab(hub_search_fts, 'col')",
    *SQLITE_TRIGGERS,
    f"INSERT INTO hub_search_fts(rowid, title, body, labels) SELECT page_id, "
    f"{SQLITE_COLUMNS} FROM hub_search_searchdocument",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS hub_search_fts_insert",
    "DROP TRIGGER IF EXISTS hub_search_fts_delete",
    "DROP TRIGGER IF EXISTS hub_search_fts_update",
    "DROP TABLE IF EXISTS hub_search_fts_vocab",
    "DROP TABLE IF EXISTS hub_search_fts",
]


def _count_tokens(rows: str, sign: str) -> str:
    """Upsert the document count of every distinct token of ``rows`` (a
    transition table), in token order so concurrent writers lock alike."""
    return f"""
    INSERT INTO hub_search_searchterm AS term (token, documents)
    SELECT token, {sign}count(*) FROM (
        SELECT DISTINCT r.page_id, w.token FROM {rows} r,
        unnest(string_to_array(r.title_terms || ' ' || r.text_terms, ' ')) w(token)
    ) found WHERE token <> '' GROUP BY token ORDER BY token
    ON CONFLICT (token) DO UPDATE SET documents = term.documents + EXCLUDED.documents;
    """


_UPDATED = """
    INSERT INTO hub_search_searchterm AS term (token, documents)
    SELECT token, sum(delta) FROM (
        SELECT DISTINCT o.page_id, w.token, -1 AS delta
        FROM old_rows o JOIN new_rows n ON n.page_id = o.page_id,
        unnest(string_to_array(o.title_terms || ' ' || o.text_terms, ' ')) w(token)
        WHERE (o.title_terms, o.text_terms) IS DISTINCT FROM
              (n.title_terms, n.text_terms)
        UNION ALL
        SELECT DISTINCT n.page_id, w.token, 1
        FROM new_rows n JOIN old_rows o ON o.page_id = n.page_id,
        unnest(string_to_array(n.title_terms || ' ' || n.text_terms, ' ')) w(token)
        WHERE (o.title_terms, o.text_terms) IS DISTINCT FROM
              (n.title_terms, n.text_terms)
    ) changed WHERE token <> '' GROUP BY token HAVING sum(delta) <> 0 ORDER BY token
    ON CONFLICT (token) DO UPDATE SET documents = term.documents + EXCLUDED.documents;
"""

# pg_trgm is a trusted extension (PostgreSQL 13+): the database owner, which
# the hub's role is (scripts/production/hub.sh), may create it.
POSTGRES_CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS hub_search_term_trgm ON hub_search_searchterm "
    "USING gin (token gin_trgm_ops)",
    "CREATE OR REPLACE FUNCTION hub_search_terms_inserted() RETURNS trigger "
    f"LANGUAGE plpgsql AS $$ BEGIN {_count_tokens('new_rows', '')} "
    "RETURN NULL; END $$",
    "CREATE OR REPLACE FUNCTION hub_search_terms_deleted() RETURNS trigger "
    f"LANGUAGE plpgsql AS $$ BEGIN {_count_tokens('old_rows', '-')} "
    "RETURN NULL; END $$",
    "CREATE OR REPLACE FUNCTION hub_search_terms_updated() RETURNS trigger "
    f"LANGUAGE plpgsql AS $$ BEGIN {_UPDATED} RETURN NULL; END $$",
    "CREATE TRIGGER hub_search_terms_insert AFTER INSERT ON "
    "hub_search_searchdocument REFERENCING NEW TABLE AS new_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION hub_search_terms_inserted()",
    "CREATE TRIGGER hub_search_terms_delete AFTER DELETE ON "
    "hub_search_searchdocument REFERENCING OLD TABLE AS old_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION hub_search_terms_deleted()",
    "CREATE TRIGGER hub_search_terms_update AFTER UPDATE ON "
    "hub_search_searchdocument REFERENCING OLD TABLE AS old_rows "
    "NEW TABLE AS new_rows FOR EACH STATEMENT "
    "EXECUTE FUNCTION hub_search_terms_updated()",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS hub_search_terms_insert ON hub_search_searchdocument",
    "DROP TRIGGER IF EXISTS hub_search_terms_delete ON hub_search_searchdocument",
    "DROP TRIGGER IF EXISTS hub_search_terms_update ON hub_search_searchdocument",
    "DROP FUNCTION IF EXISTS hub_search_terms_inserted()",
    "DROP FUNCTION IF EXISTS hub_search_terms_deleted()",
    "DROP FUNCTION IF EXISTS hub_search_terms_updated()",
    "DROP INDEX IF EXISTS hub_search_term_trgm",
]


def _run(statements: dict[str, list[str]]):
    def run(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("hub_search", "0003_starter_synonyms")]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="title_terms",
            field=models.TextField(blank=True, default=""),
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="text_terms",
            field=models.TextField(blank=True, default=""),
        ),
        migrations.CreateModel(
            name="SearchTerm",
            fields=[
                ("token", models.TextField(primary_key=True, serialize=False)),
                ("documents", models.IntegerField(default=0)),
            ],
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        ),
    ]
