"""Expertise entries: research groups, labs, facilities and expert profiles.

An entry lives below its institution's page, so the institution is where the
entry sits in the tree (and who may edit it follows from that)."""

from django.db import models
from django.http import HttpRequest
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from cms.core import registry
from cms.core.choices import language_choices
from cms.core.fields import ChoiceListField
from cms.core.models import BODY_FEATURES, CataloguePage
from cms.core.validators import normalise_orcid, validate_orcid
from cms.core.widgets import SearchableCheckboxSelectMultiple
from cms.institutions.models import discipline_facets

from .structured_data import expertise as expertise_json_ld


class ExpertiseKind(models.TextChoices):
    RESEARCH_GROUP = "research-group", _("Research group")
    LAB = "lab", _("Lab")
    FACILITY = "facility", _("Facility")
    EXPERT_PROFILE = "expert-profile", _("Expert profile")


class ExpertiseKeyword(TaggedItemBase):
    content_object = ParentalKey(
        "expertise.ExpertisePage", on_delete=models.CASCADE, related_name="tagged_keywords"
    )


class ExpertiseIndexPage(Page):
    """The public expertise listing; entries live below their institution."""

    intro = RichTextField(_("introduction"), features=["bold", "italic", "link"], blank=True)
    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["core.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("expertise index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # the listing is its type's (cms.core.registry; expertise/listing.py)
        context.update(registry.catalogue_type("expertise").listing_context(request, self))
        return context


class ExpertisePage(CataloguePage):
    body = RichTextField(_("body"), features=BODY_FEATURES, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=ExpertiseKind.choices)
    disciplines = ParentalManyToManyField(
        "institutions.Discipline", blank=True, related_name="expertise",
        verbose_name=_("disciplines"),
    )
    keywords = ClusterTaggableManager(
        through=ExpertiseKeyword, blank=True, verbose_name=_("keywords")
    )
    collaboration_countries = CountryField(
        _("countries of collaboration"), multiple=True, blank=True
    )
    working_languages = ChoiceListField(_("working languages"), choices=language_choices)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("kind"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("disciplines", widget=SearchableCheckboxSelectMultiple),
             FieldPanel("keywords"), FieldPanel("collaboration_countries"),
             FieldPanel("working_languages", widget=SearchableCheckboxSelectMultiple)],
            heading=_("Classification"),
        ),
        InlinePanel("contacts", heading=_("Contact people"), label=_("contact person")),
        InlinePanel("links", heading=_("Links"), label=_("link")),
    ]
    search_fields = CataloguePage.search_fields + [
        index.SearchField("body"),
        index.AutocompleteField("title"),
        index.FilterField("kind"),
        index.RelatedFields("keywords", [index.SearchField("name", boost=2)]),
    ]
    translatable_fields = [
        TranslatableField("title"), TranslatableField("slug"),
        TranslatableField("summary"), TranslatableField("body"),
        SynchronizedField("kind"), SynchronizedField("disciplines"),
        SynchronizedField("keywords"),
        SynchronizedField("collaboration_countries"),
        SynchronizedField("working_languages"),
        TranslatableField("contacts"), SynchronizedField("links"),
        SynchronizedField("external_id"),
    ]
    parent_page_types = ["institutions.InstitutionPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("expertise entry")
        verbose_name_plural = _("expertise entries")

    search_document_type = "expertise"
    search_facet_names = ("kind", "field", "discipline", "institution", "country",
                          "language")
    search_type_title = _("Expertise")
    search_kind_title = _("expertise")

    def structured_data(self, request: HttpRequest | None = None) -> dict:
        return expertise_json_ld(self, request)

    def oembed_card(self) -> tuple[str, str]:
        """(above the title, below it) on the oEmbed card (cms/core/oembed.py)."""
        institution = self.institution
        return self.get_kind_display(), institution.title if institution else ""

    def search_body(self) -> str:
        return self.body

    def search_keywords(self) -> list[str]:
        return [tag.name for tag in self.keywords.all()]

    def search_organisations(self) -> list[Page]:
        return [self.institution] if self.institution else []

    @classmethod
    def search_facet_labels(cls) -> dict[str, dict[str, str]]:
        return {"kind": dict(ExpertiseKind.choices)}

    def search_facets(self) -> dict[str, list[str]]:
        return {
            "kind": [self.kind],
            "institution": [o.public_id for o in self.search_organisations()],
            "country": [c.code for c in self.collaboration_countries],
            "language": list(self.working_languages),
            **discipline_facets(self.disciplines.all()),
        }

    @cached_property
    def institution(self) -> Page | None:
        parent = self.get_parent()
        return parent.specific if parent else None

    @property
    def public_contacts(self):
        """Only people who agreed to have their profile published."""
        return [c for c in self.contacts.all() if c.consent_to_publish]


class ExpertiseContact(Orderable):
    page = ParentalKey(ExpertisePage, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=150)
    role = models.CharField(_("role"), max_length=150, blank=True)
    orcid = models.CharField(
        _("ORCID iD"), max_length=40, blank=True, validators=[validate_orcid],
        help_text=_("For example 0000-0002-1825-0097"),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    show_email = models.BooleanField(
        _("show e-mail publicly"), default=False,
        help_text=_("Only when the person agreed to publish their e-mail address."),
    )
    consent_to_publish = models.BooleanField(
        _("agreed to publication"), default=False,
        help_text=_("The person agreed that their name and role are shown publicly."),
    )

    panels = [
        FieldPanel("name"), FieldPanel("role"), FieldPanel("orcid"),
        FieldPanel("email"), FieldPanel("show_email"), FieldPanel("consent_to_publish"),
    ]
    translatable_fields = [
        TranslatableField("role"),
        SynchronizedField("name"), SynchronizedField("orcid"),
        SynchronizedField("email"), SynchronizedField("show_email"),
        SynchronizedField("consent_to_publish"),
    ]

    def clean(self) -> None:
        super().clean()
        if self.orcid:
            self.orcid = normalise_orcid(self.orcid)

    @property
    def public_email(self) -> str:
        return self.email if (self.show_email and self.consent_to_publish) else ""

    @property
    def orcid_url(self) -> str:
        return f"https://orcid.org/{self.orcid}" if self.orcid else ""


class ExpertiseLink(Orderable):
    page = ParentalKey(ExpertisePage, on_delete=models.CASCADE, related_name="links")
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("URL"))

    panels = [FieldPanel("title"), FieldPanel("url")]
