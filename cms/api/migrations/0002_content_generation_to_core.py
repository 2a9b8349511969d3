"""The content generation's model now lives in cms.core (core 0003), on the
same table: this app only forgets it, the table stays."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("hub_api", "0001_content_generation"),
        ("core", "0003_content_generation"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ContentGeneration")],
            database_operations=[],
        ),
    ]
