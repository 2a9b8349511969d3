"""The four content languages exist from the first migration on."""

from django.db import migrations

LANGUAGES = ["nl", "en", "fr", "de"]


def create_locales(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    for code in LANGUAGES:
        Locale.objects.get_or_create(language_code=code)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial"), ("wagtailcore", "0001_initial")]
    operations = [migrations.RunPython(create_locales, migrations.RunPython.noop)]
