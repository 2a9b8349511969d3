"""Finds themes and turns their tokens into CSS custom properties.

A theme comes from one of three places, in this order of precedence:

* built-in: a folder under themes/ with a theme.json manifest;
* custom: a published ``CustomTheme`` made by an institution's web team in
  the admin (themes/models.py);
* plugin: a folder returned by a receiver of ``plugins.signals.register_themes``
  in an enabled plugin.

Built-in folders are announced through the same signal, so every folder theme
goes through one path. Each theme is checked when it is loaded (JSON Schema,
WCAG contrast, CSS sanitiser, see validation.py); a refused theme is left out
and reported by :func:`theme_problems`.

:func:`available_themes` is cached per process for a few seconds, and dropped
at once when this process publishes, unpublishes or deletes a custom theme or
switches a plugin (signals.py); other processes catch up within
``CACHE_SECONDS``.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError

from plugins.signals import register_themes

from . import models as theme_models  # a module: themes.models uses this one
from .sanitiser import apply_scope
from .tokens import DEFAULTS
from .validation import ThemeError, build_theme_data

THEMES_DIR = Path(__file__).resolve().parent
CACHE_SECONDS = 5.0
SOURCES = ("builtin", "custom", "plugin")
logger = logging.getLogger(__name__)
# Where a theme's CSS overrides apply, by the selector that carries its tokens:
# on the hub's pages the main content (never the header, navigation or footer,
# docs/themes.md "The hub's frame"), in a widget's shadow root the widget's box.
OVERRIDE_SCOPES = {":root": "#main", ":host": ".w"}

__all__ = ["Theme", "ThemeError", "available_themes", "get_theme", "load_manifest",
           "forget_themes", "theme_problems", "theme_choices", "is_available"]


@dataclass(frozen=True)
class Theme:
    name: str
    label: str
    scheme: str = "light"
    description: str = ""
    tokens: dict[str, str] = field(default_factory=dict)
    # Colours used instead when the visitor prefers a dark colour scheme.
    dark_tokens: dict[str, str] = field(default_factory=dict)
    css: str = ""  # sanitised CSS overrides
    source: str = "builtin"
    folder: Path | None = None
    templates: Path | None = None  # template overrides (folder themes only)
    owner: str = ""  # translation key of the organisation of a custom theme
    warnings: tuple[str, ...] = ()

    def css_variables(self) -> str:
        return "".join(f"--hub-{key}:{value};" for key, value in sorted(self.tokens.items()))

    def dark_css_variables(self) -> str:
        return "".join(f"--hub-{key}:{value};"
                       for key, value in sorted(self.dark_tokens.items()))

    def stylesheet(self, selector: str = ":root", overrides: bool = True) -> str:
        """Everything a page or a shadow root needs: the tokens on ``selector``
        (":host" inside a widget), the dark variant under
        prefers-color-scheme: dark, no motion under prefers-reduced-motion,
        then the theme's CSS overrides, every rule confined to the content
        (OVERRIDE_SCOPES; for any other selector, the elements it matches)."""
        parts = [f"{selector}{{{self.css_variables()}"
                 f"color-scheme:{self.tokens.get('color-scheme', self.scheme)}}}"]
        if self.dark_tokens:
            parts.append("@media (prefers-color-scheme: dark){"
                         f"{selector}{{{self.dark_css_variables()}color-scheme:dark}}}}")
        parts.append("@media (prefers-reduced-motion: reduce){"
                     f"{selector}{{--hub-motion-duration:0ms}}}}")
        if self.css and overrides:
            parts.append(apply_scope(self.css, OVERRIDE_SCOPES.get(selector, selector)))
        return "\n".join(parts)

    def as_dict(self) -> dict:
        """The public description of the theme (JSON)."""
        return {"name": self.name, "label": self.label, "scheme": self.scheme,
                "description": self.description, "source": self.source,
                "tokens": dict(sorted(self.tokens.items())),
                "dark_tokens": dict(sorted(self.dark_tokens.items()))}


def theme_from_data(data: dict, *, source: str = "builtin", folder: Path | None = None,
                    css_text: str | None = None, owner: str = "") -> Theme:
    """A Theme from manifest-shaped data; raises ThemeError when refused."""
    built = build_theme_data(data, folder=folder, css_text=css_text)
    for warning in built.warnings:
        logger.warning("Theme %s: %s", built.name, warning)
    return Theme(
        name=built.name, label=built.label, scheme=built.scheme,
        description=built.description, tokens=built.tokens,
        dark_tokens=built.dark_tokens, css=built.css, source=source, folder=folder,
        templates=built.templates, owner=owner, warnings=tuple(built.warnings),
    )


# Parsed manifests by path, reused while the file is unchanged.
_manifests: dict[Path, tuple[int, str, Theme | ThemeError]] = {}


def load_manifest(path: Path, source: str = "builtin") -> Theme:
    """The theme described by a theme.json file; raises ThemeError."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ThemeError(f"Theme {path.parent.name}: theme.json cannot be read: "
                         f"{error}") from error
    if not isinstance(data, dict):
        raise ThemeError(f"Theme {path.parent.name}: theme.json is not an object.")
    return theme_from_data(data, source=source, folder=path.parent)


def _load_cached(path: Path, source: str) -> Theme:
    try:
        stamp = path.stat().st_mtime_ns
    except OSError as error:
        raise ThemeError(f"Theme {path.parent.name}: {error}") from error
    cached = _manifests.get(path)
    if cached and cached[0] == stamp and cached[1] == source:
        result = cached[2]
    else:
        try:
            result = load_manifest(path, source)
        except ThemeError as error:
            result = error
        _manifests[path] = (stamp, source, result)
    if isinstance(result, ThemeError):
        raise result
    return result


def builtin_theme_folders(sender=None, **kwargs) -> list[Path]:
    """Receiver of register_themes for the hub's own themes."""
    return [manifest.parent for manifest in sorted(THEMES_DIR.glob("*/theme.json"))]


def theme_folders() -> list[tuple[Path, str]]:
    """(folder, "builtin" or "plugin") from every enabled receiver of
    register_themes."""
    found = []
    for receiver, response in register_themes.send_to_enabled(None):
        module = getattr(receiver, "__module__", "") or ""
        source = "builtin" if module.split(".")[0] == "themes" else "plugin"
        if isinstance(response, str | Path):
            response = [response]
        for folder in response if isinstance(response, list | tuple) else []:
            if isinstance(folder, str | Path):
                found.append((Path(folder), source))
            else:
                logger.error("register_themes receiver %s returned %r, not a folder.",
                             module, folder)
    return found


def _custom_themes() -> list[Theme | ThemeError]:
    found: list[Theme | ThemeError] = []
    try:
        published = list(theme_models.CustomTheme.objects.filter(live=True).select_related(
            "organisation").order_by("name"))
    except DatabaseError:  # before migrate
        return found
    for custom in published:
        try:
            found.append(custom.as_theme())
        except ThemeError as error:
            found.append(error)
    return found


def _build() -> tuple[dict[str, Theme], list[str]]:
    themes: dict[str, Theme] = {}
    problems: list[str] = []

    def add(theme: Theme) -> None:
        if theme.name in themes:
            kept = themes[theme.name]
            problems.append(f"Theme {theme.name} ({theme.source}) is left out: "
                            f"the name is taken by a {kept.source} theme.")
        else:
            themes[theme.name] = theme

    folders = theme_folders()
    loaded: dict[str, list[Theme]] = {source: [] for source in SOURCES}
    for folder, source in folders:
        manifest = folder / "theme.json"
        try:
            loaded[source].append(_load_cached(manifest, source))
        except ThemeError as error:
            problems.append(str(error))
    for item in _custom_themes():
        if isinstance(item, ThemeError):
            problems.append(str(item))
        else:
            loaded["custom"].append(item)
    for source in SOURCES:
        for theme in loaded[source]:
            add(theme)
    for problem in problems:
        logger.error("%s", problem)
    return themes, problems


_cache: dict[str, object] = {"until": 0.0, "themes": None, "problems": []}


def forget_themes() -> None:
    """Drop this process's cache (after a publish or a plugin switch)."""
    _cache["until"] = 0.0


def _current() -> tuple[dict[str, Theme], list[str]]:
    now = time.monotonic()
    if _cache["themes"] is None or now >= _cache["until"]:
        themes, problems = _build()
        _cache.update(themes=themes, problems=problems, until=now + CACHE_SECONDS)
    return _cache["themes"], _cache["problems"]  # type: ignore[return-value]


def available_themes() -> dict[str, Theme]:
    """name -> Theme of every usable theme (treat the dict as read-only)."""
    return _current()[0]


# Kept from the time available_themes() was functools.cache'd.
available_themes.cache_clear = forget_themes  # type: ignore[attr-defined]


def theme_problems() -> list[str]:
    """Why themes were refused or left out (shown in the gallery and admin)."""
    return list(_current()[1])


def fallback_theme() -> Theme:
    return Theme(name="flanders", label="Flanders", tokens=dict(DEFAULTS))


def get_theme(name: str | None) -> Theme:
    """The named theme, else the hub's default theme."""
    themes = available_themes()
    return (themes.get(name or "") or themes.get(settings.HUB_DEFAULT_THEME)
            or fallback_theme())


def is_available(name: str) -> bool:
    return name in available_themes()


def theme_choices(owner: str | None = None) -> list[tuple[str, str]]:
    """(name, label) of the themes an organisation may choose as its default:
    built-in and plugin themes, and the custom themes it owns (``owner`` is
    the translation key of the organisation)."""
    return [(theme.name, theme.label) for theme in available_themes().values()
            if theme.source != "custom" or (owner and theme.owner == str(owner))]
