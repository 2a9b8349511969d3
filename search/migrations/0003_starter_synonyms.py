"""The starter synonym table (search/data/synonyms.txt): general research
vocabulary in four languages, copied into SynonymGroup on a fresh database.
Editors change or delete the groups in the admin afterwards; a database that
already holds groups is left alone. The test settings turn it off
(HUB_STARTER_SYNONYMS), so tests start with no synonyms."""

from django.conf import settings
from django.db import migrations

from search.synonyms import starter_groups

NOTE = "Starter synonyms shipped with the hub"


def seed(apps, schema_editor):
    synonym_group = apps.get_model("hub_search", "SynonymGroup")
    if not getattr(settings, "HUB_STARTER_SYNONYMS", True):
        return
    if synonym_group.objects.exists():
        return
    synonym_group.objects.bulk_create(
        synonym_group(terms=terms, note=NOTE) for terms in starter_groups())


def unseed(apps, schema_editor):
    apps.get_model("hub_search", "SynonymGroup").objects.filter(
        note=NOTE, terms__in=starter_groups()).delete()


class Migration(migrations.Migration):
    dependencies = [("hub_search", "0002_postgres_indexes")]
    operations = [migrations.RunPython(seed, unseed)]
