from pathlib import Path

from plugins.extension import WidgetType

SCRIPT = Path(__file__).resolve().parent / "countdown.js"


def widget_types(sender=None, **kwargs) -> list[WidgetType]:
    """Receiver of plugins.signals.register_widget_types."""
    return [WidgetType(
        name="countdown", element="flanders-countdown", title="Countdown",
        description="The next event of a filter and the days until it starts.",
        attributes={
            # Filters: the read API's parameter names, sent as they are.
            "organiser": "Organiser (institution or representation): public id "
                         "or slug.",
            "country": "Venue country, ISO 3166-1 alpha-2 (e.g. JP).",
            "type": "Event type.",
            # Presentation (the hub's own names: not sent to the API).
            "heading-level": "Heading level of the title, 2 to 6 (default 3).",
            "lang": "nl, en, fr or de (default: the language of the page).",
            "theme": "Theme name.",
            "hub": "Address of the hub.",
        },
        script=SCRIPT,
    )]
