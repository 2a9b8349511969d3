"""The Department's own pages: about the hub, academic diplomacy, contact,
privacy, the accessibility statement (a summary and a StreamField body)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from .blocks import ContentBlock


class FooterRole(models.TextChoices):
    """The pages the site footer links to, found by this role, not by slug."""

    CONTACT = "contact", _("Contact")
    PRIVACY = "privacy", _("Privacy")
    ACCESSIBILITY = "accessibility", _("Accessibility statement")


class ContentPage(Page):
    summary = models.TextField(
        _("summary"), max_length=600, blank=True,
        help_text=_("One or two sentences below the title, in lists and in "
                    "search results."),
    )
    body = StreamField(ContentBlock(), verbose_name=_("body"), blank=True)
    footer_role = models.CharField(
        _("footer link"), max_length=20, choices=FooterRole.choices, blank=True,
        help_text=_("The site footer links to this page as the contact, privacy "
                    "or accessibility page. One page per role and language."),
    )

    content_panels = Page.content_panels + [FieldPanel("summary"), FieldPanel("body")]
    settings_panels = Page.settings_panels + [FieldPanel("footer_role")]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("locale"),
        index.FilterField("footer_role"),
    ]
    api_fields = [APIField("summary"), APIField("body"), APIField("footer_role")]
    translatable_fields = [
        TranslatableField("title"), TranslatableField("slug"),
        TranslatableField("seo_title"), TranslatableField("search_description"),
        TranslatableField("summary"), TranslatableField("body"),
        SynchronizedField("footer_role"), SynchronizedField("show_in_menus"),
    ]
    # a copy in the same language would take the role twice; translations
    # get it back as a synchronised field (wagtail-localize)
    exclude_fields_in_copy = ["footer_role"]
    parent_page_types = ["core.HomePage", "editorial.ContentPage"]
    subpage_types = ["editorial.ContentPage"]

    class Meta:
        verbose_name = _("content page")
        verbose_name_plural = _("content pages")

    def clean(self) -> None:
        """One page per footer role and language (checked here, not by a
        database constraint, so that copying a page never fails: if a copy
        shares a role, the footer takes the first in the tree)."""
        super().clean()
        if not self.footer_role:
            return
        taken = ContentPage.objects.filter(
            footer_role=self.footer_role, locale_id=self.locale_id,
        ).exclude(pk=self.pk).first()
        if taken:
            raise ValidationError({"footer_role": _(
                "“%(title)s” is already the footer's page for this role in this "
                "language.") % {"title": taken.title}})

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["subpages"] = self.get_children().live().public().specific()
        return context
