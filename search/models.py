"""Search data kept in the hub's own database.

- SynonymGroup: editor-managed synonyms, expanded at query time on both backends.
- SearchDocument, SearchFacetValue and SearchTerm: the database backend's
  index, built from the same documents that are sent to Elasticsearch.
- IndexQueueEntry: the durable queue of pages whose Elasticsearch document must
  be written or deleted; entries survive an Elasticsearch outage.
- SearchQueryStat: what visitors search, counted per week, language and
  folded query, with nothing that identifies a visitor (search/analytics.py).
"""

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from .normalize import fold


class SynonymGroup(index.Indexed, models.Model):
    """Terms that mean the same, in any language: 'AI, artificial intelligence,
    kunstmatige intelligentie'. A search for one also finds the others."""

    terms = models.TextField(
        _("terms"),
        help_text=_("Two or more terms with the same meaning, one per line or "
                    "separated by commas, in any language."),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [FieldPanel("terms"), FieldPanel("note")]
    search_fields = [index.SearchField("terms"), index.AutocompleteField("terms")]

    class Meta:
        verbose_name = _("synonym group")
        verbose_name_plural = _("synonyms")
        ordering = ["terms"]

    def __str__(self) -> str:
        return ", ".join(self.term_list())

    def term_list(self) -> list[str]:
        parts = self.terms.replace("\n", ",").split(",")
        return [p.strip() for p in parts if p.strip()]

    def clean(self) -> None:
        folded = {fold(t) for t in self.term_list() if fold(t)}
        if len(folded) < 2:
            raise ValidationError(
                {"terms": _("Enter at least two different terms.")}
            )


class SearchDocument(models.Model):
    """One published, public page in one language, as the database backend
    searches it. Triggers (migration 0004) copy its tokens into the FTS5 table
    on SQLite and count them in SearchTerm on PostgreSQL; on SQLite a
    migration that remakes this table drops them and must recreate them."""

    # A plain id, not a foreign key: rows are removed by the indexing code,
    # and the benchmark fills the table without creating pages.
    page_id = models.IntegerField(primary_key=True)
    doc_type = models.CharField(max_length=20, db_index=True)
    language = models.CharField(max_length=8, db_index=True)
    title_folded = models.TextField()
    text_folded = models.TextField()
    suggest_folded = models.TextField(blank=True)
    # The analysed tokens (search.analysis), space-separated: what is matched.
    title_terms = models.TextField(blank=True, default="")
    text_terms = models.TextField(blank=True, default="")
    start = models.DateTimeField(null=True, db_index=True)
    last_end = models.DateTimeField(null=True, db_index=True)
    sort_date = models.DateTimeField(null=True, db_index=True)
    latitude = models.FloatField(null=True)
    longitude = models.FloatField(null=True)
    data = models.JSONField()
    # "facet=value" of every facet value (SearchFacetValue holds the same, as
    # rows): all facets are counted in one pass over the matched documents.
    # Nullable so that SQLite adds the column without remaking the table.
    facet_keys = models.JSONField(null=True)
    fingerprint = models.CharField(max_length=40)
    # Filled on PostgreSQL only (full-text search with GIN indexes): the
    # searched tokens (title A, text B), and apart from them the folded
    # autocomplete labels, so that a search matches without weight rechecks.
    search_vector = SearchVectorField(null=True)
    suggest_vector = SearchVectorField(null=True)

    class Meta:
        indexes = [models.Index(fields=["doc_type", "language"])]


class SearchFacetValue(models.Model):
    document = models.ForeignKey(
        SearchDocument, on_delete=models.CASCADE, related_name="facet_values"
    )
    facet = models.CharField(max_length=20)
    value = models.CharField(max_length=100)

    class Meta:
        indexes = [models.Index(fields=["facet", "value"])]


class SearchTerm(models.Model):
    """The vocabulary of the database index on PostgreSQL: each token of
    title_terms/text_terms and the number of documents holding it, kept in
    step by triggers (migration 0004). Typo corrections are looked up here
    (pg_trgm); SQLite reads its FTS5 index's own vocabulary instead."""

    token = models.TextField(primary_key=True)
    documents = models.IntegerField(default=0)


class IndexQueueEntry(models.Model):
    """A page whose Elasticsearch document is out of date. One row per page:
    a newer change replaces the pending one."""

    page_id = models.IntegerField(primary_key=True)
    enqueued_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveIntegerField(default=0)
    not_before = models.DateTimeField(default=timezone.now, db_index=True)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("search index queue entry")


class SearchQueryStat(models.Model):
    """How often a folded query was searched in one language in one week, and
    how often it found nothing. Deliberately no IP address, session, user or
    time finer than the week (docs/search.md, "What visitors search")."""

    week = models.DateField(_("week"), help_text=_("The Monday of the week."))
    language = models.CharField(_("language"), max_length=8)
    query = models.CharField(_("query"), max_length=200)
    searches = models.PositiveIntegerField(_("searches"), default=0)
    zero_results = models.PositiveIntegerField(_("searches without results"),
                                               default=0)

    class Meta:
        verbose_name = _("search term statistic")
        verbose_name_plural = _("search term statistics")
        constraints = [models.UniqueConstraint(
            fields=["week", "language", "query"], name="hub_search_query_stat_unique")]

    def __str__(self) -> str:
        return f"{self.week} {self.language} {self.query}"
