"""What receivers of the extension-point signals (signals.py) return."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class WidgetType:
    """A custom element of the embed script, e.g. ``flanders-events``."""

    name: str  # "events"
    element: str  # "flanders-events"
    title: str
    description: str = ""
    # attribute -> short description (shown by the widget builder)
    attributes: dict[str, str] = field(default_factory=dict)
    # The type's own JavaScript file: it calls
    # document.currentScript.hubDefine(factory), and factory(kit) returns the
    # element's class (docs/plugins.md). Served at /embed/v1/types/<element>.js
    # and loaded by widgets.js only when a page holds such an element. None:
    # one of the types built into widgets.js.
    script: Path | None = None


@dataclass(frozen=True)
class Importer:
    """Fills the catalogue from an outside source.

    ``run(source, organiser, **options)`` returns an object with ``created``,
    ``updated``, ``cancelled`` and ``errors`` (a list of messages)."""

    name: str
    title: str
    run: Callable[..., object]


@dataclass(frozen=True)
class Exporter:
    """Writes a selection of the catalogue in some format.

    ``export(items, language)`` takes the items of the read API's events list
    (dicts, already filtered) and yields chunks of text."""

    name: str  # URL-safe: /export/<name>/events
    title: str
    content_type: str
    extension: str
    export: Callable[[Iterable[dict], str], Iterable[str]]
