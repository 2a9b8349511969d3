"""The content generation's model moves from the read API (hub_api) to the
kernel; its table, created by hub_api's first migration, keeps its name, so
only the state changes here."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_locales"),
        ("hub_api", "0001_content_generation"),  # creates the table
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ContentGeneration",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True,
                                                   serialize=False, verbose_name="ID")),
                        ("value", models.BigIntegerField()),
                    ],
                    options={
                        "verbose_name": "content generation",
                        "db_table": "hub_api_contentgeneration",
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
