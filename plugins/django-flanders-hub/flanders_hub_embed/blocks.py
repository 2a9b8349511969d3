"""StreamField blocks for Wagtail sites (`pip install django-flanders-hub[wagtail]`).

The blocks store the widget attributes and render through the same code as
the template tags, so a block and `{% flanders_events %}` with the same
values give the same HTML."""

from __future__ import annotations

try:
    from wagtail import blocks
except ImportError as error:  # pragma: no cover - depends on the install
    raise ImportError(
        "flanders_hub_embed.blocks needs Wagtail: "
        "pip install 'django-flanders-hub[wagtail]'") from error

from django.utils.safestring import SafeString

from .attributes import DEFAULT_LIMIT, MAX_LIMIT
from .rendering import render_widget

SLUG_HELP = "Slug or public id on the hub, e.g. ku-leuven."
LANG_CHOICES = [("", "Language of the page"), ("nl", "Nederlands"), ("en", "English"),
                ("fr", "Français"), ("de", "Deutsch")]
LAYOUT_CHOICES = [("list", "List"), ("cards", "Cards"), ("compact", "Compact")]


def _slug(label: str) -> blocks.CharBlock:
    return blocks.CharBlock(label=label, required=False, max_length=100,
                            help_text=SLUG_HELP)


def _display_blocks() -> list[tuple[str, blocks.Block]]:
    return [
        ("limit", blocks.IntegerBlock(label="Number of items", default=DEFAULT_LIMIT,
                                      min_value=1, max_value=MAX_LIMIT)),
        ("layout", blocks.ChoiceBlock(label="Layout", choices=LAYOUT_CHOICES,
                                      default="list")),
        ("lang", blocks.ChoiceBlock(label="Language", choices=LANG_CHOICES,
                                    required=False)),
        ("theme", blocks.CharBlock(label="Widget theme", required=False,
                                   max_length=50,
                                   help_text="Only used when the hub's widget "
                                   "script enhances the list.")),
    ]


class HubWidgetBlock(blocks.StructBlock):
    """The filters are declared by the subclasses; the display options are
    added here, after them, so that editors see them last."""

    widget = ""

    def __init__(self, local_blocks=None, **kwargs) -> None:
        super().__init__(local_blocks=[*(local_blocks or ()), *_display_blocks()],
                         **kwargs)

    def render_basic(self, value, context=None) -> SafeString:
        return render_widget(self.widget, dict(value))


class FlandersEventsBlock(HubWidgetBlock):
    widget = "events"

    organiser = _slug("Organiser (institution or representation)")
    institution = _slug("Institution (organiser or participant)")
    representation = _slug("Representation")
    country = blocks.CharBlock(label="Country", required=False, max_length=2,
                               help_text="Two-letter code of the venue's country, "
                               "e.g. JP.")
    discipline = blocks.CharBlock(label="Discipline", required=False, max_length=20,
                                  help_text="Code, e.g. 1.2 (sub-disciplines "
                                  "included).")
    type = blocks.CharBlock(label="Event type", required=False, max_length=50,
                            help_text="e.g. education-fair, webinar, info-session.")
    audience = blocks.ChoiceBlock(label="Audience", required=False, choices=[
        ("students", "Students"), ("researchers", "Researchers"),
        ("policy-makers", "Policy-makers"), ("alumni", "Alumni"),
        ("industry", "Industry"), ("general-public", "General public")])
    when = blocks.ChoiceBlock(label="When", default="upcoming", choices=[
        ("upcoming", "Upcoming"), ("past", "Past"), ("all", "All")])

    class Meta:
        icon = "date"
        label = "Events from the Flanders Academic Hub"


class FlandersExpertiseBlock(HubWidgetBlock):
    widget = "expertise"

    institution = _slug("Institution")
    discipline = blocks.CharBlock(label="Discipline", required=False, max_length=20,
                                  help_text="Code, e.g. 1.2 (sub-disciplines "
                                  "included).")
    kind = blocks.ChoiceBlock(label="Kind", required=False, choices=[
        ("research-group", "Research group"), ("lab", "Lab"),
        ("facility", "Facility"), ("expert-profile", "Expert profile")])
    country = blocks.CharBlock(label="Country of collaboration", required=False,
                               max_length=2)

    class Meta:
        icon = "site"
        label = "Expertise from the Flanders Academic Hub"
