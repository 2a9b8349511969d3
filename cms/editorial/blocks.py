"""The blocks of an editorial page's body (ContentPage.body).

The hub widget block writes the same element and script tag as the widget
builder's embed code (docs/widgets.md); it renders them from its own template
because content apps do not import the plugins."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageBlock
from wagtail.models import Page

from cms.core.models import BODY_FEATURES
from cms.core.registry import catalogue_type
from cms.events.models import EventType
from cms.institutions.models import InstitutionPage

ORGANISATION_TYPES = ["institutions.InstitutionPage", "institutions.RepresentationPage"]
RELATED_TYPES = ["events.EventPage", "expertise.ExpertisePage"]
WIDGETS = {
    # widget -> (custom element, catalogue type of its listing page)
    "events": ("flanders-events", "events"),
    "calendar": ("flanders-calendar", "events"),
    "expertise": ("flanders-expertise", "expertise"),
    "search": ("flanders-search", None),
}
# The options each widget understands; others are refused by clean().
OPTIONS = {
    "events": {"organisation", "country", "discipline", "event_type", "limit",
               "layout"},
    "calendar": {"organisation", "country", "discipline", "event_type"},
    "expertise": {"organisation", "country", "discipline", "limit", "layout"},
    "search": {"organisation", "country", "discipline", "query"},
}
EMPTY_OPTION = {"limit": 5, "layout": "list"}  # the defaults count as unset


def country_choices() -> list[tuple[str, str]]:
    return list(countries)


class CallOutBlock(blocks.StructBlock):
    """A highlighted box: a heading, a short text and an optional link."""

    heading = blocks.CharBlock(label=_("Heading"), max_length=120)
    text = blocks.RichTextBlock(label=_("Text"), features=["bold", "italic", "link"])
    link_page = blocks.PageChooserBlock(label=_("Link to a page"), required=False)
    link_url = blocks.URLBlock(label=_("or link to a web address"), required=False)
    link_text = blocks.CharBlock(
        label=_("Link text"), required=False, max_length=80,
        help_text=_("Say where the link leads, e.g. “Read the scholarship rules”."))

    class Meta:
        icon = "help"
        label = _("Call-out")
        template = "editorial/blocks/call_out.html"

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        if value.get("link_page") and value.get("link_url"):
            errors["link_url"] = ValidationError(
                _("Choose a page or a web address, not both."))
        if (value.get("link_page") or value.get("link_url")) and not value.get(
                "link_text"):
            errors["link_text"] = ValidationError(_("A link needs a link text."))
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value


class FigureBlock(blocks.StructBlock):
    """An image with its alt text (or marked decorative) and a caption."""

    image = ImageBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "editorial/blocks/figure.html"


class HubWidgetBlock(blocks.StructBlock):
    """One of the hub's embeddable widgets, with its filters."""

    widget = blocks.ChoiceBlock(label=_("Widget"), default="events", choices=[
        ("events", _("Events: a list of upcoming events")),
        ("calendar", _("Calendar: a month view of events")),
        ("expertise", _("Expertise: cards of research expertise")),
        ("search", _("Search: a search box with results")),
    ])
    heading = blocks.CharBlock(label=_("Heading"), required=False, max_length=120)
    organisation = blocks.PageChooserBlock(
        label=_("Organisation"), required=False, page_type=ORGANISATION_TYPES,
        help_text=_("Only this organisation's content. Expertise: an institution."))
    country = blocks.ChoiceBlock(label=_("Country"), required=False,
                                 choices=country_choices)
    discipline = blocks.CharBlock(
        label=_("Discipline code"), required=False, max_length=20,
        validators=[RegexValidator(r"^\d+(\.\d+)*$", _("A code such as 1.2."))],
        help_text=_("A discipline code such as 1.2 (sub-disciplines included)."))
    event_type = blocks.ChoiceBlock(label=_("Event type"), required=False,
                                    choices=EventType.choices)
    query = blocks.CharBlock(label=_("Search words"), required=False,
                             max_length=200,
                             help_text=_("Search: searched when the page opens."))
    limit = blocks.IntegerBlock(label=_("Number of items"), default=5,
                                min_value=1, max_value=100)
    layout = blocks.ChoiceBlock(label=_("Layout"), default="list", choices=[
        ("list", _("List")), ("cards", _("Cards")), ("compact", _("Compact")),
    ])

    class Meta:
        icon = "code"
        label = _("Hub widget")
        template = "editorial/blocks/hub_widget.html"

    def clean(self, value):
        value = super().clean(value)
        widget = value.get("widget")
        errors = {}
        for name in ("organisation", "country", "discipline", "event_type",
                     "query", "limit", "layout"):
            given = value.get(name)
            if given and given != EMPTY_OPTION.get(name) and name not in OPTIONS[
                    widget]:
                errors[name] = ValidationError(
                    _("The chosen widget does not use this option: leave it empty."))
        organisation = value.get("organisation")
        if (widget == "expertise" and organisation
                and not isinstance(organisation.specific, InstitutionPage)):
            errors["organisation"] = ValidationError(
                _("Expertise belongs to institutions: choose an institution."))
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        language = (translation.get_language() or "en")[:2]
        attributes = widget_attributes(value, language)
        context.update(element=WIDGETS[value["widget"]][0], attributes=attributes,
                       fallback_url=fallback_url(value, attributes, language))
        return context


def widget_attributes(value, language: str) -> list[tuple[str, str]]:
    """The element's attributes in the builder's names and order."""
    widget = value["widget"]
    used = OPTIONS[widget]
    attributes: list[tuple[str, str]] = []
    organisation = value.get("organisation")
    if organisation and "organisation" in used:
        public_id = str(organisation.translation_key)
        if widget in ("events", "calendar"):
            attributes.append(("organiser", public_id))
        elif isinstance(organisation.specific, InstitutionPage):
            attributes.append(("institution", public_id))
        else:  # search: a representation organises events only
            attributes += [("organiser", public_id), ("type", "event")]
    if value.get("query") and "query" in used:
        attributes.insert(0, ("q", value["query"]))
    for name, attribute in (("country", "country"), ("discipline", "discipline"),
                            ("event_type", "type"), ("limit", "limit"),
                            ("layout", "layout")):
        if value.get(name) and name in used:
            attributes.append((attribute, str(value[name])))
    # below the block's own h2 the items are h3 (the default), else h2
    attributes.append(("heading-level", "3" if value.get("heading") else "2"))
    attributes.append(("lang", language))
    return attributes


def fallback_url(value, attributes: list[tuple[str, str]], language: str) -> str:
    """The hub page the widget stands for, with its filters: the link shown
    without JavaScript (the listings read the API's filters)."""
    kind = WIDGETS[value["widget"]][1]
    presentation = {"limit", "layout", "heading-level", "lang"}
    params = [(name, v) for name, v in attributes if name not in presentation]
    if kind is None:
        try:
            with translation.override(language):
                base = reverse("search")
        except NoReverseMatch:
            base = f"/{language}/search/"
        params = [(n, v) for n, v in params if n in ("q", "type")]
    else:
        listing: Page | None = catalogue_type(kind).listing_page(language)
        base = listing.url if listing else f"/{language}/{kind}/"
    return f"{base}?{urlencode(params)}" if params else base


class RelatedItemsBlock(blocks.StructBlock):
    """Links to events and expertise entries, shown in the visitor's language
    where they have a translation."""

    heading = blocks.CharBlock(label=_("Heading"), max_length=120)
    items = blocks.ListBlock(
        blocks.PageChooserBlock(page_type=RELATED_TYPES, label=_("Event or expertise")),
        label=_("Events and expertise"), min_num=1)

    class Meta:
        icon = "list-ul"
        label = _("Related events and expertise")
        template = "editorial/blocks/related_items.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["links"] = related_links(value["items"])
        return context


def related_links(pages) -> list[Page]:
    """The live pages in the active language where translated (else as
    chosen), without duplicates; unpublished ones are left out."""
    found: list[Page] = []
    for page in pages:
        if page is None:
            continue
        shown = page.localized
        if shown.live and shown.pk not in {p.pk for p in found}:
            found.append(shown.specific)
    return found


class ContentBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(label=_("Text"), features=BODY_FEATURES,
                                template="editorial/blocks/text.html")
    image = FigureBlock()
    call_out = CallOutBlock()
    widget = HubWidgetBlock()
    related = RelatedItemsBlock()
