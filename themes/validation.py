"""Checks a theme when it is loaded (theme.json) or saved (admin): the JSON
Schema (theme.schema.json), defaults for missing tokens (with a warning),
WCAG 2.1 AA contrast of every colour pair the hub and the widgets use, and
the CSS sanitiser for overrides."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator

from .contrast import contrast_ratio, format_ratio
from .sanitiser import sanitise_css
from .tokens import CONTRAST_PAIRS, DARK_DEFAULTS, DEFAULTS, ContrastPair

SCHEMA_PATH = Path(__file__).resolve().parent / "theme.schema.json"
# Defence in depth behind the schema: token values end up inside a <style>
# element; nothing may end the declaration or the element, or load anything.
UNSAFE_VALUE = re.compile(r"[;{}<>\\]|url\(|expression\(|@import", re.IGNORECASE)


@dataclass(frozen=True)
class ContrastFailure:
    pair: ContrastPair
    foreground: str
    background: str
    ratio: float
    variant: str = ""  # "" or "dark"

    @property
    def message(self) -> str:
        where = " in the dark variant" if self.variant else ""
        return (f"{self.pair.foreground} ({self.foreground}) on {self.pair.background} "
                f"({self.background}){where} has a contrast ratio of "
                f"{format_ratio(self.ratio)}; WCAG 2.1 AA needs at least "
                f"{self.pair.minimum:g}:1 for {self.pair.use}.")


class ThemeError(ValueError):
    """A theme that cannot be used; ``str()`` names every reason."""

    def __init__(self, message: str, *, contrast: list[ContrastFailure] | None = None,
                 schema: list[tuple[str, str]] | None = None):
        super().__init__(message)
        self.contrast = contrast or []
        self.schema = schema or []  # (path, message)


@dataclass
class BuiltTheme:
    name: str
    label: str
    scheme: str
    description: str
    tokens: dict[str, str]
    dark_tokens: dict[str, str]
    css: str = ""
    templates: Path | None = None
    warnings: list[str] = field(default_factory=list)


@cache
def theme_schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def schema_errors(data: dict) -> list[tuple[str, str]]:
    """(path, message) for every place where ``data`` breaks the schema."""
    validator = Draft202012Validator(theme_schema())
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    return [("/".join(str(p) for p in error.absolute_path) or "(manifest)",
             error.message) for error in errors]


def check_contrast(tokens: dict[str, str], variant: str = "") -> list[ContrastFailure]:
    failures = []
    for pair in CONTRAST_PAIRS:
        foreground, background = tokens[pair.foreground], tokens[pair.background]
        ratio = contrast_ratio(foreground, background)
        if ratio < pair.minimum:
            failures.append(ContrastFailure(pair, foreground, background, ratio, variant))
    return failures


def complete_tokens(tokens: dict[str, str], scheme: str) -> tuple[dict[str, str], list[str]]:
    """The tokens with a default for every missing one, and a warning naming
    what was missing. Dark themes fall back to dark defaults."""
    base = dict(DEFAULTS, **DARK_DEFAULTS) if scheme == "dark" else dict(DEFAULTS)
    base["color-scheme"] = scheme
    missing = [name for name in base if name not in tokens]
    warnings = []
    if missing:
        warnings.append(f"missing tokens fall back to the default theme: "
                        f"{', '.join(missing)}.")
    return {**base, **tokens}, warnings


def _css_file(folder: Path | None, name: str | None, warnings: list[str]) -> str:
    if not name or folder is None:
        return ""
    path = (folder / name).resolve()
    if path.parent != folder.resolve() or not path.is_file():
        warnings.append(f"the stylesheet {name} is missing; no CSS overrides.")
        return ""
    return path.read_text(encoding="utf-8")


def build_theme_data(data: dict, *, folder: Path | None = None,
                     css_text: str | None = None) -> BuiltTheme:
    """Validates manifest-shaped ``data``; raises ThemeError when the theme
    must be refused, returns the completed theme otherwise."""
    name = data.get("name") if isinstance(data.get("name"), str) else None
    title = f"Theme {name or (folder.name if folder else '?')}"
    errors = schema_errors(data)
    if errors:
        listed = "; ".join(f"{path}: {message}" for path, message in errors[:10])
        raise ThemeError(f"{title} is refused: the manifest does not match "
                         f"theme.schema.json ({listed}).", schema=errors)
    tokens = {key: str(value) for key, value in data.get("tokens", {}).items()}
    dark = {key: str(value) for key, value in data.get("dark_tokens", {}).items()}
    for key, value in {**tokens, **dark}.items():
        if UNSAFE_VALUE.search(value):
            raise ThemeError(f"{title} is refused: token {key!r} is not allowed.",
                             schema=[(f"tokens/{key}", "unsafe value")])
    scheme = data.get("scheme") or tokens.get("color-scheme") or "light"
    tokens, warnings = complete_tokens(tokens, scheme)
    failures = check_contrast(tokens)
    if dark:
        dark["color-scheme"] = "dark"
        failures += check_contrast({**tokens, **dark}, variant="dark")
    if failures:
        raise ThemeError(f"{title} is refused: "
                         + " ".join(failure.message for failure in failures),
                         contrast=failures)
    css_source = css_text if css_text is not None else _css_file(
        folder, data.get("css"), warnings)
    sanitised = sanitise_css(css_source)
    warnings += [f"CSS: {problem}" for problem in sanitised.problems]
    templates = None
    if data.get("templates") and folder is not None:
        templates = folder / data["templates"]
        if not templates.is_dir():
            warnings.append(f"the template folder {data['templates']} is missing.")
            templates = None
    return BuiltTheme(
        name=data["name"], label=data["label"], scheme=scheme,
        description=data.get("description", ""), tokens=tokens, dark_tokens=dark,
        css=sanitised.css, templates=templates, warnings=warnings,
    )
