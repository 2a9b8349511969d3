"""The Department's scholarships for a limited number of disciplines."""

from django.db import models
from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from cms.core.models import BODY_FEATURES, CataloguePage
from cms.institutions.models import InstitutionPage, discipline_facets

from .structured_data import scholarship as scholarship_json_ld


class ScholarshipIndexPage(Page):
    intro = RichTextField(_("introduction"), features=["bold", "italic", "link"], blank=True)
    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["core.HomePage"]
    subpage_types = ["scholarships.ScholarshipPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("scholarship index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        scholarships = ScholarshipPage.objects.child_of(self).live().public()
        now = timezone.now()
        context["open_scholarships"] = scholarships.filter(deadline__gte=now).order_by("deadline")
        context["closed_scholarships"] = scholarships.filter(deadline__lt=now).order_by("-deadline")
        return context


class ScholarshipPage(CataloguePage):
    disciplines = ParentalManyToManyField(
        "institutions.Discipline", blank=True, related_name="scholarships",
        verbose_name=_("disciplines"),
    )
    eligibility = RichTextField(_("eligibility"), features=BODY_FEATURES)
    amount = models.CharField(
        _("amount"), max_length=200, blank=True,
        help_text=_("For example “up to EUR 12,000 per academic year”."),
    )
    deadline = models.DateTimeField(_("application deadline"))
    link = models.URLField(_("application link"))
    body = RichTextField(_("body"), features=BODY_FEATURES, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("summary"), FieldPanel("disciplines"), FieldPanel("eligibility"),
        FieldPanel("amount"), FieldPanel("deadline"), FieldPanel("link"), FieldPanel("body"),
    ]
    search_fields = CataloguePage.search_fields + [
        index.SearchField("eligibility"),
        index.SearchField("body"),
        index.FilterField("deadline"),
    ]
    translatable_fields = [
        TranslatableField("title"), TranslatableField("slug"),
        TranslatableField("summary"), TranslatableField("eligibility"),
        TranslatableField("amount"), TranslatableField("body"),
        SynchronizedField("disciplines"), SynchronizedField("deadline"),
        SynchronizedField("link"), SynchronizedField("external_id"),
    ]
    parent_page_types = ["scholarships.ScholarshipIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("scholarship")

    @property
    def is_open(self) -> bool:
        return self.deadline >= timezone.now()

    @cached_property
    def funder(self) -> InstitutionPage | None:
        """The Department that awards the scholarships: the live institution of
        kind "government", in the page's language where it has a translation."""
        departments = InstitutionPage.objects.live().filter(
            kind=InstitutionPage.Kind.GOVERNMENT).select_related("locale")
        return min(departments, default=None,
                   key=lambda d: (d.locale_id != self.locale_id, d.path))

    # -- search (search/documents.py) -------------------------------------------
    search_document_type = "scholarship"
    search_facet_names = ("field", "discipline", "institution")
    search_type_title = _("Scholarships")
    search_kind_title = _("scholarship")

    def search_body(self) -> str:
        return " ".join((self.eligibility, self.amount, self.body))

    def search_organisations(self) -> list[Page]:
        return [self.funder] if self.funder else []

    def search_document_fields(self) -> dict:
        """The deadline, which a search hit shows."""
        return {"deadline": self.deadline.isoformat()}

    def search_facets(self) -> dict[str, list[str]]:
        return {
            "institution": [o.public_id for o in self.search_organisations()],
            **discipline_facets(self.disciplines.all()),
        }

    def structured_data(self, request: HttpRequest | None = None) -> dict:
        return scholarship_json_ld(self, request)
