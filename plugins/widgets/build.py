"""Builds /embed/v1/widgets.js once per process (per set of widget types).

src/widgets.js is minified with rJSmin, src/widgets.css with a small
whitespace/comment stripper, and the configuration (widget types from
``register_widget_types.collect()``, strings and labels of every language,
the stylesheet) replaces the ``__HUB_WIDGETS_CONFIG__`` placeholder. The
result is kept with its gzip form and ETag until the widget types change.

A widget type with its own JavaScript (``WidgetType.script``) appears in the
configuration with the versioned URL of that script; widgets.js loads it
when the page holds such an element. Those scripts are served as they are.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import re
import threading
from dataclasses import dataclass
from pathlib import Path

import rjsmin
from django.urls import reverse

from plugins.extension import WidgetType
from plugins.signals import register_widget_types

from .strings import LANGUAGES, labels, ui_strings
from .types import LINK_FILTERS, PAGES, PRESENTATION

SOURCE = Path(__file__).resolve().parent / "src"
PLACEHOLDER = "__HUB_WIDGETS_CONFIG__"
ELEMENT = re.compile(r"^[a-z][a-z0-9]*-[a-z0-9-]+$")  # a valid custom element name
ATTRIBUTE = re.compile(r"^[a-z][a-z0-9_-]*$")
COMMON_ATTRIBUTES = ("lang", "theme", "hub")
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Script:
    body: bytes
    gzipped: bytes
    etag: str  # of the body; the gzip form's ETag adds "-gzip"
    version: str


_built: dict[str, Script] = {}
_lock = threading.Lock()


def manifest() -> list[dict]:
    """The widget types of enabled plugins, as the script needs them."""
    types, seen = [], set()
    for item in register_widget_types.collect():
        if not isinstance(item, WidgetType) or not ELEMENT.match(item.element):
            logger.error("Ignoring widget type %r: not a WidgetType with a valid "
                         "custom element name.", item)
            continue
        if item.element in seen:
            continue
        names = [n for n in item.attributes if ATTRIBUTE.match(n)]
        names += [n for n in COMMON_ATTRIBUTES if n not in names]
        spec = {
            "name": item.name, "element": item.element, "attributes": names,
            "filters": [n for n in names if n not in PRESENTATION],
        }
        if item.script is not None:
            own = type_script(item.script)
            if own is None:
                logger.error("Ignoring widget type %s: its script %s cannot be read.",
                             item.element, item.script)
                continue
            # Versioned: a changed script is a new URL, so browsers may keep each.
            spec["script"] = (reverse("hub_widgets:type-script", args=[item.element])
                              + f"?v={own.version}")
        seen.add(item.element)
        types.append(spec)
    return types


@dataclass(frozen=True)
class TypeScript:
    body: bytes
    etag: str
    version: str


_type_scripts: dict[tuple[str, int], TypeScript] = {}


def type_script(path: Path) -> TypeScript | None:
    """The JavaScript of a plugin's widget type, read once per version of the
    file; None when it cannot be read."""
    try:
        key = (str(path), Path(path).stat().st_mtime_ns)
        found = _type_scripts.get(key)
        if found is None:
            body = Path(path).read_bytes()
            digest = hashlib.sha256(body).hexdigest()
            found = TypeScript(body=body, etag=f'"{digest[:32]}"',
                               version=digest[:12])
            if len(_type_scripts) > 64:
                _type_scripts.clear()
            _type_scripts[key] = found
        return found
    except OSError:
        return None


def script_of(element: str) -> TypeScript | None:
    """The script of the enabled widget type with this element, if it has one."""
    for item in register_widget_types.collect():
        if (isinstance(item, WidgetType) and item.element == element
                and item.script is not None):
            return type_script(item.script)
    return None


def minify_css(css: str) -> str:
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    css = re.sub(r"\s+", " ", css)
    css = re.sub(r"\s*([{};,>])\s*", r"\1", css)
    css = re.sub(r"([{;]\s*[-a-z]+):\s+", r"\1:", css)
    return css.replace(";}", "}").strip()


def _build(types: list[dict]) -> Script:
    config = {
        "types": types,
        "strings": {lang: ui_strings(lang) for lang in LANGUAGES},
        "labels": {lang: labels(lang) for lang in LANGUAGES},
        "link": {name: [PAGES[name], list(filters)]
                 for name, filters in LINK_FILTERS.items()},
        "css": minify_css((SOURCE / "widgets.css").read_text(encoding="utf-8")),
    }
    js = rjsmin.jsmin((SOURCE / "widgets.js").read_text(encoding="utf-8"))
    if js.count(PLACEHOLDER) != 1:
        raise RuntimeError(f"src/widgets.js must contain {PLACEHOLDER} exactly once.")
    # "<" escaped: the script stays safe even when someone inlines it in HTML.
    data = json.dumps(config, ensure_ascii=False, separators=(",", ":"),
                      sort_keys=True).replace("<", "\\u003c")
    body = js.replace(PLACEHOLDER, data).encode("utf-8")
    digest = hashlib.sha256(body).hexdigest()
    return Script(body=body, gzipped=gzip.compress(body, compresslevel=9, mtime=0),
                  etag=f'"{digest[:32]}"', version=digest[:12])


def widget_script() -> Script:
    types = manifest()
    key = json.dumps(types, sort_keys=True)
    script = _built.get(key)
    if script is None:
        with _lock:
            script = _built.get(key)
            if script is None:
                script = _build(types)
                if len(_built) > 8:  # plugins switched on and off many times
                    _built.clear()
                _built[key] = script
    return script


def forget() -> None:
    """Drop built scripts (tests and development after editing src/)."""
    _built.clear()
