"""The small shared base: the home page and the abstract page every catalogue
item builds on (stable public id, external id for imports, summary)."""

from django.db import models
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Locale, Page
from wagtail.search import index

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
        from cms.events.listing import event_cards
        from cms.events.models import EventPage
        from cms.expertise.listing import expertise_cards
        from cms.expertise.models import ExpertisePage

        context = super().get_context(request, *args, **kwargs)
        locale = Locale.get_active()
        context["upcoming_events"] = (
            EventPage.objects.live().public().filter(locale=locale)
            .upcoming(timezone.now()).order_by("start")[:6]
        )
        context["latest_expertise"] = (
            ExpertisePage.objects.live().public().filter(locale=locale)
            .order_by("-first_published_at")[:6]
        )
        # the cards are rendered once per content generation
        context["upcoming_event_cards"] = event_cards(
            list(context["upcoming_events"]), request)
        context["latest_expertise_cards"] = expertise_cards(
            list(context["latest_expertise"]), request)
        return context
