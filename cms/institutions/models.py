"""Organisations (institutions, representations abroad) and the discipline tree.

Organisations are pages: each one is the root of its own subtree, and its events
and expertise entries live below it. Wagtail's tree permissions and workflows
then give "an editor edits only their own organisation's content" for free."""

from django.db import models
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Locale, Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from cms.core import registry, structured_data
from cms.core.choices import Region
from cms.core.models import CataloguePage
from cms.core.themes import validate_default_theme
from cms.core.validators import (
    normalise_ror,
    time_zone_choices,
    validate_ror,
    validate_time_zone,
)

from .forms import OrganisationPageForm

# schema.org types: universities and research centres do research first;
# university colleges teach first; the Department is a government body.
SCHEMA_ORG_TYPE = {
    "university": "ResearchOrganization",
    "research-centre": "ResearchOrganization",
    "university-college": "CollegeOrUniversity",
    "government": "GovernmentOrganization",
}

class Discipline(models.Model):
    """A field of the OECD Fields of Science and Technology classification."""

    code = models.CharField(max_length=10, unique=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    label_nl = models.CharField(_("label (Dutch)"), max_length=150)
    label_en = models.CharField(_("label (English)"), max_length=150)
    label_fr = models.CharField(_("label (French)"), max_length=150)
    label_de = models.CharField(_("label (German)"), max_length=150)

    panels = [
        FieldPanel("code"), FieldPanel("parent"),
        FieldPanel("label_nl"), FieldPanel("label_en"),
        FieldPanel("label_fr"), FieldPanel("label_de"),
    ]

    class Meta:
        ordering = ["code"]
        verbose_name = _("discipline")

    def __str__(self) -> str:
        return f"{self.code} {self.label}"

    @property
    def label(self) -> str:
        return self.label_for(translation.get_language() or "en")

    def label_for(self, language: str) -> str:
        return getattr(self, f"label_{language[:2]}", None) or self.label_en

    @property
    def slug(self) -> str:
        return self.code.replace(".", "-")

    def with_descendants(self) -> list["Discipline"]:
        """This discipline and every discipline below it (the tree is two levels
        deep today; this walks any depth)."""
        found, frontier = [self], [self]
        while frontier:
            frontier = list(Discipline.objects.filter(parent__in=frontier))
            found += frontier
        return found


def discipline_facets(disciplines) -> dict[str, list[str]]:
    """The hierarchical discipline facets: sub-field codes and their fields."""
    codes = {d.code for d in disciplines}
    fields = {d.code for d in disciplines if d.parent_id is None}
    fields |= {d.parent.code for d in disciplines if d.parent_id is not None}
    return {"discipline": sorted(codes - fields), "field": sorted(fields)}


class OrganisationIndexPage(Page):
    """The public list of institutions or of representations."""

    intro = RichTextField(_("introduction"), features=["bold", "italic", "link"], blank=True)
    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["core.HomePage"]
    subpage_types = ["institutions.InstitutionPage", "institutions.RepresentationPage"]

    class Meta:
        verbose_name = _("organisation index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        children = self.get_children().live().public().specific().order_by("title")
        context["organisations"] = children
        return context


class OrganisationPage(CataloguePage):
    """Abstract base of the two kinds of organiser."""

    website = models.URLField(_("web site"), blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    default_theme = models.CharField(
        _("default widget theme"), max_length=60, blank=True,
        help_text=_("Theme used by embedded widgets of this organisation."),
    )  # checked in clean(); the admin offers a list (forms.py, cms/core/themes.py)

    search_document_type = "organisation"
    search_facet_names = ("kind", "country")
    search_type_title = _("Institutions and representations")
    search_kind_title = _("institution")
    base_form_class = OrganisationPageForm

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        validate_default_theme(self)

    def search_organisations(self) -> list[Page]:
        return [self]

    def structured_data(self, request: HttpRequest | None = None) -> dict:
        return {"@context": "https://schema.org",
                **structured_data.organisation(self, request)}

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # its events and expertise: each type says what it shows (the types
        # of the registry, so this app needs none of the apps built on it)
        return context | registry.organisation_context(self, request)


class InstitutionPage(OrganisationPage):
    class Kind(models.TextChoices):
        UNIVERSITY = "university", _("University")
        UNIVERSITY_COLLEGE = "university-college", _("University college")
        RESEARCH_CENTRE = "research-centre", _("Strategic research centre")
        GOVERNMENT = "government", _("Government")
        OTHER = "other", _("Other")

    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    ror_id = models.CharField(
        _("ROR id"), max_length=40, blank=True, validators=[validate_ror],
        help_text=_("Research Organization Registry id, e.g. https://ror.org/05f950310"),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    description = RichTextField(
        _("short description"), features=["bold", "italic", "link"], blank=True
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("acronym"), FieldPanel("kind"), FieldPanel("ror_id"),
             FieldPanel("city"), FieldPanel("website"), FieldPanel("contact_email")],
            heading=_("Identity"),
        ),
        FieldPanel("logo"),
        FieldPanel("description"),
        FieldPanel("default_theme"),
    ]
    search_fields = CataloguePage.search_fields + [
        index.SearchField("acronym", boost=2),
        index.SearchField("description"),
        index.FilterField("kind"),
        index.AutocompleteField("title"),
    ]
    translatable_fields = [
        TranslatableField("title"), TranslatableField("slug"),
        TranslatableField("summary"), TranslatableField("description"),
        SynchronizedField("acronym"), SynchronizedField("kind"),
        SynchronizedField("ror_id"), SynchronizedField("city"),
        SynchronizedField("website"), SynchronizedField("contact_email"),
        SynchronizedField("logo"), SynchronizedField("default_theme"),
        SynchronizedField("external_id"),
    ]
    parent_page_types = ["institutions.OrganisationIndexPage"]
    subpage_types = ["events.EventPage", "expertise.ExpertisePage"]

    class Meta:
        verbose_name = _("institution")

    def clean(self) -> None:
        super().clean()
        if self.ror_id:
            self.ror_id = normalise_ror(self.ror_id)

    def search_body(self) -> str:
        return " ".join((self.acronym, self.city, self.description))

    def search_facets(self) -> dict[str, list[str]]:
        return {"kind": [self.kind], "country": ["BE"]}

    @classmethod
    def search_facet_labels(cls) -> dict[str, dict[str, str]]:
        return {"kind": dict(cls.Kind.choices)}

    def organisation_data(self, request: HttpRequest | None = None) -> dict:
        """What schema.org says of an institution (cms/core/structured_data.py)."""
        return {
            "@type": SCHEMA_ORG_TYPE.get(self.kind, "Organization"),
            "alternateName": self.acronym,
            "identifier": self.ror_url,
            "sameAs": [u for u in (self.ror_url, self.website) if u],
            "logo": structured_data.image_url(self, request),
            "address": structured_data.compact({
                "@type": "PostalAddress", "addressLocality": self.city,
                "addressCountry": "BE"}),
        }

    @property
    def ror_url(self) -> str:
        return f"https://ror.org/{self.ror_id}" if self.ror_id else ""


class RepresentationPage(OrganisationPage):
    city = models.CharField(_("city"), max_length=100)
    country = CountryField(_("country"))
    time_zone = models.CharField(
        _("time zone"), max_length=64, choices=time_zone_choices,
        validators=[validate_time_zone],
    )
    region = models.CharField(_("region"), max_length=30, choices=Region.choices)
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("city"), FieldPanel("country"), FieldPanel("time_zone"),
             FieldPanel("region")],
            heading=_("Location"),
        ),
        MultiFieldPanel(
            [FieldPanel("address"), FieldPanel("phone"), FieldPanel("contact_email"),
             FieldPanel("website")],
            heading=_("Contact"),
        ),
        FieldPanel("default_theme"),
    ]
    search_fields = CataloguePage.search_fields + [
        index.SearchField("city"),
        index.FilterField("country"),
        index.AutocompleteField("title"),
    ]
    translatable_fields = [
        TranslatableField("title"), TranslatableField("slug"),
        TranslatableField("summary"),
        SynchronizedField("city"), SynchronizedField("country"),
        SynchronizedField("time_zone"), SynchronizedField("region"),
        SynchronizedField("address"), SynchronizedField("phone"),
        SynchronizedField("contact_email"), SynchronizedField("website"),
        SynchronizedField("default_theme"), SynchronizedField("external_id"),
    ]
    parent_page_types = ["institutions.OrganisationIndexPage"]
    subpage_types = ["events.EventPage"]

    class Meta:
        verbose_name = _("representation")

    def search_body(self) -> str:
        return " ".join((self.city, self.country.name if self.country else ""))

    def search_facets(self) -> dict[str, list[str]]:
        return {"kind": ["representation"], "country": [self.country.code]}

    @classmethod
    def search_facet_labels(cls) -> dict[str, dict[str, str]]:
        return {"kind": {"representation": _("Representation")}}

    def organisation_data(self, request: HttpRequest | None = None) -> dict:
        """A diplomatic representation is part of the Government of Flanders."""
        return {
            "@type": "GovernmentOrganization",
            "sameAs": [self.website] if self.website else [],
            "telephone": self.phone,
            "address": structured_data.compact({
                "@type": "PostalAddress",
                "streetAddress": " ".join(self.address.split()),
                "addressLocality": self.city,
                "addressCountry": self.country.code if self.country else "",
            }),
        }


def organisation_pages(locale: Locale | None = None):
    """Live organisation pages (institutions and representations) of a locale."""
    pages = Page.objects.live().type(InstitutionPage, RepresentationPage)
    return pages.filter(locale=locale) if locale else pages
