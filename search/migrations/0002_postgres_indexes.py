"""GIN index for full-text search, on PostgreSQL only (SQLite has no GIN)."""

from django.db import migrations

INDEX = "hub_search_document_vector_gin"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON hub_search_searchdocument "
            "USING gin (search_vector)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("hub_search", "0001_search_tables")]
    operations = [migrations.RunPython(create, drop)]
