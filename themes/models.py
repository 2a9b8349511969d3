"""Custom themes made in the admin by an organisation's web team, without
code: colour pickers, font stacks from the system fonts, a few sizes, and
optional (sanitised) CSS. Versioned like content: drafts, revisions, preview,
publish; only published themes are available to widgets and pages."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Page,
    PreviewableMixin,
    RevisionMixin,
)

from cms.institutions.models import InstitutionPage, RepresentationPage

# Modules, not names: the registry reads this module's CustomTheme in turn.
from . import preview, registry
from .contrast import HEX_COLOUR
from .sanitiser import sanitise_css
from .tokens import COLOUR_TOKENS, DEFAULTS, FONT_STACKS
from .validation import ThemeError, build_theme_data

THEME_NAME = RegexValidator(
    r"^[a-z][a-z0-9-]{0,59}$",
    _("Lower-case letters, digits and hyphens, starting with a letter."))
HEX = RegexValidator(HEX_COLOUR, _("A colour like #1d1d1b."))

FONT_CHOICES = [(key, label) for key, (label, _stack) in FONT_STACKS.items()]
SIZE_CHOICES = [("0.9375rem", _("Small (15px)")), ("1rem", _("Normal (16px)")),
                ("1.0625rem", _("Larger (17px)")), ("1.125rem", _("Large (18px)"))]
RADIUS_CHOICES = [("0", _("Square")), ("0.125rem", _("Slightly rounded")),
                  ("0.25rem", _("Rounded")), ("0.5rem", _("Round")),
                  ("1rem", _("Very round"))]
DENSITY_CHOICES = [("0.75", _("Compact")), ("1", _("Comfortable")),
                   ("1.25", _("Spacious"))]
SCHEME_CHOICES = [("light", _("Light")), ("dark", _("Dark"))]


COLOUR_LABELS = {
    "color-text": _("text"), "color-text-muted": _("muted text"),
    "color-background": _("background"), "color-surface": _("cards and panels"),
    "color-accent": _("accent"), "color-on-accent": _("text on accent"),
    "color-link": _("links"), "color-focus": _("focus outline"),
    "color-border": _("borders"), "color-danger": _("warnings (cancelled)"),
    "color-highlight": _("highlighted search terms"),
}


def colour_field(token: str) -> models.CharField:
    return models.CharField(COLOUR_LABELS[token], max_length=7, default=DEFAULTS[token],
                            validators=[HEX])


class CustomTheme(DraftStateMixin, LockableMixin, RevisionMixin, PreviewableMixin,
                  models.Model):
    name = models.CharField(
        _("name"), max_length=60, unique=True, validators=[THEME_NAME],
        help_text=_("Used in theme=\"…\" attributes of the widgets; changing it "
                    "after publishing breaks existing embeds."))
    label = models.CharField(_("label"), max_length=80)
    description = models.TextField(_("description"), blank=True, max_length=500)
    organisation = models.ForeignKey(
        Page, verbose_name=_("organisation"), null=True, on_delete=models.SET_NULL,
        related_name="+", help_text=_("The institution or representation that owns "
                                      "the theme; its web team may change it."))
    scheme = models.CharField(_("colour scheme"), max_length=5,
                              choices=SCHEME_CHOICES, default="light")
    color_text = colour_field("color-text")
    color_text_muted = colour_field("color-text-muted")
    color_background = colour_field("color-background")
    color_surface = colour_field("color-surface")
    color_accent = colour_field("color-accent")
    color_on_accent = colour_field("color-on-accent")
    color_link = colour_field("color-link")
    color_focus = colour_field("color-focus")
    color_border = colour_field("color-border")
    color_danger = colour_field("color-danger")
    color_highlight = colour_field("color-highlight")
    font_body = models.CharField(_("body font"), max_length=20, choices=FONT_CHOICES,
                                 default="system")
    font_heading = models.CharField(_("heading font"), max_length=20,
                                    choices=FONT_CHOICES, default="system")
    font_size_base = models.CharField(_("text size"), max_length=10,
                                      choices=SIZE_CHOICES, default="1rem")
    radius = models.CharField(_("corners"), max_length=10, choices=RADIUS_CHOICES,
                              default="0.25rem")
    density = models.CharField(_("density"), max_length=5, choices=DENSITY_CHOICES,
                               default="1")
    custom_css = models.TextField(
        _("custom CSS"), blank=True,
        help_text=_("Optional. Applied inside the widgets and on the organisation's "
                    "pages. No url(), @import or escapes; see docs/themes.md."))
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="customtheme")

    class Meta:
        verbose_name = _("custom theme")
        verbose_name_plural = _("custom themes")
        ordering = ["label"]

    def __str__(self) -> str:
        return f"{self.label} ({self.name})"

    @property
    def revisions(self):
        return self._revisions

    # -- tokens --------------------------------------------------------------

    def tokens(self) -> dict[str, str]:
        tokens = {token: getattr(self, token.replace("-", "_")) for token in COLOUR_TOKENS}
        tokens.update({
            "color-scheme": self.scheme,
            "font-body": FONT_STACKS.get(self.font_body, FONT_STACKS["system"])[1],
            "font-heading": FONT_STACKS.get(self.font_heading, FONT_STACKS["system"])[1],
            "font-size-base": self.font_size_base, "radius": self.radius,
            "density": self.density,
        })
        return tokens

    def manifest(self) -> dict:
        """The theme in the shape of a theme.json manifest."""
        return {"name": self.name, "label": self.label, "scheme": self.scheme,
                "description": self.description, "tokens": self.tokens()}

    def owner_key(self) -> str:
        return str(self.organisation.translation_key) if self.organisation_id else ""

    def as_theme(self):
        return registry.theme_from_data(self.manifest(), source="custom",
                               css_text=self.custom_css, owner=self.owner_key())

    def clean(self) -> None:
        super().clean()
        errors: dict[str, list[str]] = {}
        if self.name:
            taken = registry.available_themes().get(self.name)
            if taken is not None and taken.source != "custom":
                errors.setdefault("name", []).append(
                    _("The name %(name)s is taken by the %(source)s theme %(label)s.")
                    % {"name": self.name, "source": taken.source, "label": taken.label})
        if self.organisation_id and not is_organisation(self.organisation):
            errors.setdefault("organisation", []).append(
                _("Choose an institution or a representation."))
        if not errors.get("name"):
            errors.update(self._token_errors())
        if errors:
            raise ValidationError(errors)

    def _token_errors(self) -> dict[str, list[str]]:
        if any(not HEX_COLOUR.match(getattr(self, t.replace("-", "_")) or "")
               for t in COLOUR_TOKENS):
            return {}  # the field validators already report these
        errors: dict[str, list[str]] = {}
        try:
            build_theme_data(self.manifest(), css_text="")
        except ThemeError as error:
            for failure in error.contrast:
                field = failure.pair.foreground.replace("-", "_")
                errors.setdefault(field, []).append(failure.message)
            if not error.contrast:
                errors.setdefault("__all__", []).append(str(error))
        problems = sanitise_css(self.custom_css).problems
        if problems:
            errors["custom_css"] = problems
        return errors

    # -- preview -------------------------------------------------------------

    def get_preview_template(self, request, mode_name):
        return "themes/sample.html"

    def get_preview_context(self, request, mode_name):
        context = super().get_preview_context(request, mode_name)
        context.update(preview.preview_context(self))
        return context


def is_organisation(page: Page) -> bool:
    return isinstance(page.specific, InstitutionPage | RepresentationPage)


class WebTeam(models.Model):
    """The group of an organisation's web team: its members manage the
    organisation's custom themes (docs/themes.md)."""

    organisation = models.OneToOneField(Page, on_delete=models.CASCADE,
                                        related_name="+")
    group = models.OneToOneField(Group, on_delete=models.CASCADE,
                                 related_name="web_team")

    class Meta:
        verbose_name = _("web team")

    def __str__(self) -> str:
        return self.group.name
