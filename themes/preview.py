"""The live preview of a custom theme in the admin: the hub's page styles in
the unsaved theme, with what still stops it from being published."""

from __future__ import annotations

from .registry import Theme
from .sanitiser import sanitise_css
from .validation import ThemeError, complete_tokens


def preview_context(custom) -> dict:
    problems: list[str] = []
    try:
        custom.as_theme()
    except ThemeError as error:
        problems = [f.message for f in error.contrast] or [str(error)]
    css = sanitise_css(custom.custom_css)
    problems += css.problems
    tokens, _warnings = complete_tokens(custom.tokens(), custom.scheme)
    theme = Theme(name=custom.name or "preview", label=custom.label or custom.name,
                  scheme=custom.scheme, description=custom.description,
                  tokens=tokens, css=css.css, source="custom")
    return {"page_theme": theme, "theme": theme, "theme_problems": problems,
            "is_preview": True}
