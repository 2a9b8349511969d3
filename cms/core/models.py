"""The small shared base: the home page and the abstract page every catalogue
item builds on (stable public id, external id for imports, summary)."""

from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from . import registry

# Rich text features allowed in catalogue bodies; imports are sanitised to the same set.
BODY_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "hr"]


class CataloguePage(Page):
    """Abstract base of every public catalogue item.

    ``translation_key`` (shared by all translations of an item) is the stable public
    id; ``external_id`` is the key that imports and exports match records on."""

    summary = models.TextField(
        _("summary"), max_length=600, blank=True,
        help_text=_("One or two sentences shown in lists, feeds and widgets."),
    )
    external_id = models.CharField(
        _("external id"), max_length=120, blank=True, db_index=True,
        help_text=_("Stable key used by catalogue imports; leave empty when unsure."),
    )

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.FilterField("locale"),
    ]
    promote_panels = Page.promote_panels + [FieldPanel("external_id")]

    class Meta:
        abstract = True

    @property
    def public_id(self) -> str:
        return str(self.translation_key)

    # -- what the visitors' search exposes (see search/documents.py) ----------
    #: Name of the search document type, or None when the page is not searched.
    search_document_type: str | None = None
    #: Facets offered when visitors search this type alone (search/facets.py);
    #: each must be a key that search_facets() may return.
    search_facet_names: tuple[str, ...] = ()
    #: The type's name on the search page ("Events") and in autocomplete ("event").
    search_type_title: str | None = None
    search_kind_title: str | None = None

    def search_body(self) -> str:
        """Longer text searched besides title and summary (HTML allowed)."""
        return ""

    def search_keywords(self) -> list[str]:
        return []

    def search_facets(self) -> dict[str, list[str]]:
        """Facet name -> values, for filters and counts on the search page."""
        return {}

    def search_organisations(self) -> list[Page]:
        """Organisations whose names are searched with this page."""
        return []

    @classmethod
    def search_facet_labels(cls) -> dict[str, dict[str, str]]:
        """Facet name -> {value: label} of the facets only this type has
        (e.g. an event's status); shared ones are labelled by search/facets.py."""
        return {}

    @classmethod
    def search_mentioning(cls, translation_key) -> QuerySet:
        """Pages of this type whose documents name the page of
        ``translation_key`` other than as their parent (an event's
        participating institutions): they are indexed again when it changes."""
        return cls.objects.none()

    def search_document_fields(self) -> dict:
        """Fields of the search document besides the shared ones (an event's
        dates and place), for types that have their own index fields."""
        return {}

    # -- what the page says about itself in schema.org JSON-LD ----------------
    def structured_data(self, request: HttpRequest | None = None) -> dict:
        """The page's JSON-LD (cms/core/structured_data.py builds it), or {}."""
        return {}


class HomePage(Page):
    intro = RichTextField(_("introduction"), features=["bold", "italic", "link"], blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # the upcoming events, the latest expertise: each type says what it shows
        return context | registry.home_context(request) | {
            "listing_urls": self.listing_urls(request)}

    def listing_urls(self, request: HttpRequest | None = None) -> dict[str, str]:
        """The URL of each type's listing in this home page's language, by
        type name ("events": "/en/events/"): the "All events" links."""
        language = self.locale.language_code
        kinds = registry.catalogue_types()
        # institutions and representations share a page model: no listing
        # can be told apart by its model there
        index_models = [kind.index_model for kind in kinds]
        urls = {}
        for kind in kinds:
            if kind.index_model is None or index_models.count(kind.index_model) > 1:
                continue
            listing = kind.listing_page(language)
            if listing is not None:
                urls[kind.name] = listing.get_url(request) or ""
        return urls


class ContentGeneration(models.Model):
    """One row: when public content last changed, in milliseconds
    (cms/core/generation.py).

    It lives in the database, not in a per-process cache, so that every server
    process sees a publish at once, and the bump commits together with the
    content it announces (no answer is cached under the new generation from
    data that is not committed yet)."""

    value = models.BigIntegerField()

    class Meta:
        verbose_name = "content generation"
        # created by the read API's first migration, where the model began
        db_table = "hub_api_contentgeneration"
