"""What visitors search, counted per week, language and folded query
(search/analytics.py)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("hub_search", "0004_search_terms")]

    operations = [
        migrations.CreateModel(
            name="SearchQueryStat",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True,
                                           serialize=False, verbose_name="ID")),
                ("week", models.DateField(help_text="The Monday of the week.",
                                          verbose_name="week")),
                ("language", models.CharField(max_length=8, verbose_name="language")),
                ("query", models.CharField(max_length=200, verbose_name="query")),
                ("searches", models.PositiveIntegerField(default=0,
                                                         verbose_name="searches")),
                ("zero_results", models.PositiveIntegerField(
                    default=0, verbose_name="searches without results")),
            ],
            options={
                "verbose_name": "search term statistic",
                "verbose_name_plural": "search term statistics",
                "constraints": [models.UniqueConstraint(
                    fields=("week", "language", "query"),
                    name="hub_search_query_stat_unique")],
            },
        ),
    ]
