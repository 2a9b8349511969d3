"""Finds themes (one folder per theme with a theme.json manifest) and turns their
tokens into CSS custom properties."""

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

THEMES_DIR = Path(__file__).resolve().parent
TOKEN_NAME = re.compile(r"^[a-z][a-z0-9-]*$")
# Token values end up inside a <style> element: refuse anything that could end
# the declaration or the element, or load remote content.
UNSAFE_VALUE = re.compile(r"[;{}<>\\]|url\(|expression\(|@import", re.IGNORECASE)


@dataclass(frozen=True)
class Theme:
    name: str
    label: str
    scheme: str = "light"
    description: str = ""
    tokens: dict[str, str] = field(default_factory=dict)

    def css_variables(self) -> str:
        return "".join(f"--hub-{key}:{value};" for key, value in sorted(self.tokens.items()))


class ThemeError(ValueError):
    pass


def load_manifest(path: Path) -> Theme:
    data = json.loads(path.read_text(encoding="utf-8"))
    tokens = data.get("tokens", {})
    for key, value in tokens.items():
        if not TOKEN_NAME.match(key) or UNSAFE_VALUE.search(str(value)):
            raise ThemeError(f"Theme {path.parent.name}: token {key!r} is not allowed.")
    return Theme(
        name=data["name"], label=data.get("label", data["name"]),
        scheme=data.get("scheme", "light"), description=data.get("description", ""),
        tokens={k: str(v) for k, v in tokens.items()},
    )


@cache
def available_themes() -> dict[str, Theme]:
    themes = {}
    for manifest in sorted(THEMES_DIR.glob("*/theme.json")):
        theme = load_manifest(manifest)
        themes[theme.name] = theme
    return themes


def get_theme(name: str | None) -> Theme:
    from django.conf import settings

    themes = available_themes()
    return themes.get(name or "") or themes[settings.HUB_DEFAULT_THEME]
