"""Theme stylesheets for the widgets' Shadow DOM, and the colour pairs the
widget stylesheet puts together (each must meet WCAG 2.1 AA in every theme).

A theme's tokens (themes/registry.py) become custom properties on the
element, ``:host{--hub-color-text:#1d1d1b;...}``; src/widgets.css reads them
with the default theme's values as fallbacks (DEFAULTS below, kept equal to
those fallbacks by a test).
"""

from __future__ import annotations

from django.conf import settings

from themes.registry import Theme, available_themes

# The fallbacks of src/widgets.css: what a token a theme leaves out looks like.
DEFAULTS = {
    "color-text": "#1d1d1b",
    "color-text-muted": "#4a4a48",
    "color-background": "#ffffff",
    "color-surface": "#f6f6f4",
    "color-accent": "#ffe615",
    "color-on-accent": "#1d1d1b",
    "color-link": "#0b5394",
    "color-focus": "#1d1d1b",
    "color-border": "#c9c9c4",
    "color-danger": "#a4161a",
    "color-highlight": "#fff3a0",
}

TEXT, NON_TEXT = 4.5, 3.0
# (foreground, background, minimum ratio): every pair src/widgets.css uses.
CONTRAST_PAIRS = (
    ("color-text", "color-background", TEXT),
    ("color-text", "color-surface", TEXT),
    ("color-text", "color-highlight", TEXT),
    ("color-text-muted", "color-background", TEXT),
    ("color-text-muted", "color-surface", TEXT),
    ("color-link", "color-background", TEXT),
    ("color-link", "color-surface", TEXT),
    ("color-on-accent", "color-accent", TEXT),
    ("color-danger", "color-background", TEXT),
    ("color-danger", "color-surface", TEXT),
    ("color-focus", "color-background", NON_TEXT),
    ("color-focus", "color-surface", NON_TEXT),
    ("color-text-muted", "color-background", NON_TEXT),  # input borders
)


def stylesheet(theme: Theme) -> str:
    """The theme as a stylesheet for the Shadow DOM: its tokens on ``:host``
    (plus, where the theme system provides them, the dark variant and the
    theme's sanitised CSS overrides). Tokens and CSS were checked when the
    theme was loaded (themes/registry.py)."""
    own = getattr(theme, "stylesheet", None)
    css = own(":host") if callable(own) else f":host{{{theme.css_variables()}}}"
    return f"/* theme: {theme.name} */\n{css}\n"


def default_theme_for(organisation_pages: list) -> Theme:
    """The first of the organisation's pages naming an installed theme, else
    the hub's default theme."""
    themes = available_themes()
    for page in organisation_pages:
        name = getattr(page.specific, "default_theme", "")
        if name in themes:
            return themes[name]
    return themes[settings.HUB_DEFAULT_THEME]


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """WCAG relative luminance of a #rgb or #rrggbb colour."""
    digits = colour.strip().lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    if len(digits) != 6:
        raise ValueError(f"{colour!r} is not a #rgb or #rrggbb colour")
    r, g, b = (_channel(int(digits[i:i + 2], 16)) for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    a, b = sorted((luminance(first), luminance(second)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def contrast_failures(theme: Theme) -> list[str]:
    """The pairs of a theme below their WCAG AA minimum (empty when it passes)."""
    failures = []
    for variant in (theme.tokens, getattr(theme, "dark_tokens", None)):
        if variant:
            failures += _pair_failures(theme.name, {**DEFAULTS, **theme.tokens,
                                                    **variant})
    return failures


def _pair_failures(name: str, colours: dict[str, str]) -> list[str]:
    failures = []
    for fg, bg, minimum in CONTRAST_PAIRS:
        try:
            ratio = contrast(colours[fg], colours[bg])
        except ValueError as error:
            failures.append(f"{name}: {fg} on {bg}: {error}")
            continue
        if ratio < minimum:
            failures.append(f"{name}: {fg} {colours[fg]} on {bg} {colours[bg]} "
                            f"is {ratio:.2f}:1, needs {minimum}:1")
    return failures
