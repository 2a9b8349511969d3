"""The design tokens of a theme: names, kinds, defaults, and the colour pairs
that must meet WCAG 2.1 AA. docs/themes.md documents the same list; the
widgets and the hub's stylesheet read them as ``--hub-<token>``."""

from __future__ import annotations

from dataclasses import dataclass

from .contrast import NON_TEXT, NORMAL_TEXT

SYSTEM_FONT = ("system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, "
               "sans-serif")

# Font stacks that use only fonts already installed on the visitor's system
# (nothing is downloaded; no proprietary web fonts). Offered in the admin.
FONT_STACKS: dict[str, tuple[str, str]] = {
    "system": ("System UI", SYSTEM_FONT),
    "neo-grotesque": ("Neo-grotesque sans (Helvetica, Arial)",
                      "Inter, Roboto, 'Helvetica Neue', 'Arial Nova', 'Nimbus Sans', "
                      "Arial, sans-serif"),
    "humanist": ("Humanist sans (Gill Sans, Calibri, Ubuntu)",
                 "Seravek, 'Gill Sans Nova', Ubuntu, Calibri, 'DejaVu Sans', "
                 "source-sans-pro, sans-serif"),
    "geometric": ("Geometric sans (Avenir, Century Gothic)",
                  "Avenir, Montserrat, Corbel, 'URW Gothic', source-sans-pro, "
                  "sans-serif"),
    "transitional": ("Transitional serif (Charter, Cambria)",
                     "Charter, 'Bitstream Charter', 'Sitka Text', Cambria, serif"),
    "old-style": ("Old-style serif (Palatino, Garamond)",
                  "'Iowan Old Style', 'Palatino Linotype', 'URW Palladio L', P052, "
                  "serif"),
    "slab": ("Slab serif (Rockwell)",
             "Rockwell, 'Rockwell Nova', 'Roboto Slab', 'DejaVu Serif', "
             "'Sitka Small', serif"),
}


@dataclass(frozen=True)
class Token:
    name: str
    kind: str  # colour, font, length, number, duration, keyword
    default: str
    description: str


TOKENS: tuple[Token, ...] = (
    Token("color-text", "colour", "#1d1d1b", "Body text."),
    Token("color-text-muted", "colour", "#4a4a48",
          "Secondary text: dates, places, counts."),
    Token("color-background", "colour", "#ffffff", "Page and widget background."),
    Token("color-surface", "colour", "#f6f6f4", "Cards, filter panels, fact boxes."),
    Token("color-accent", "colour", "#ffe615",
          "Brand colour: header band, buttons, card edges."),
    Token("color-on-accent", "colour", "#1d1d1b", "Text on the accent colour."),
    Token("color-link", "colour", "#0b5394", "Links."),
    Token("color-focus", "colour", "#1d1d1b", "Keyboard focus outline."),
    Token("color-border", "colour", "#c9c9c4", "Hairlines and separators."),
    Token("color-danger", "colour", "#a4161a",
          "Cancelled/postponed badges and error text."),
    Token("color-highlight", "colour", "#fff3a0",
          "Background of highlighted search terms."),
    Token("color-scheme", "keyword", "light",
          "light or dark: the CSS color-scheme of form controls and scroll bars."),
    Token("font-body", "font", SYSTEM_FONT, "Font stack of body text."),
    Token("font-heading", "font", SYSTEM_FONT, "Font stack of headings."),
    Token("font-size-base", "length", "1rem", "Base font size."),
    Token("font-size-small", "length", "0.875rem", "Small print: meta lines, tags."),
    Token("font-size-large", "length", "1.25rem", "Widget titles and lead text."),
    Token("font-weight-heading", "number", "700", "Weight of headings (100-900)."),
    Token("line-height", "number", "1.55", "Line height of body text."),
    Token("radius", "length", "0.25rem", "Corner radius of cards and buttons."),
    Token("space", "length", "1rem", "Base spacing unit."),
    Token("density", "number", "1",
          "Spacing multiplier: 0.75 compact, 1 comfortable, 1.25 spacious."),
    Token("focus-width", "length", "3px", "Width of the focus outline."),
    Token("motion-duration", "duration", "150ms",
          "Length of transitions; 0ms when the visitor prefers reduced motion."),
)
TOKEN_NAMES = tuple(token.name for token in TOKENS)
DEFAULTS: dict[str, str] = {token.name: token.default for token in TOKENS}
COLOUR_TOKENS = tuple(t.name for t in TOKENS if t.kind == "colour")

# Colours a dark-scheme theme falls back to (a dark theme missing a token
# would otherwise get light-theme colours and fail its contrast check).
DARK_DEFAULTS: dict[str, str] = {
    "color-text": "#eceff1", "color-text-muted": "#b8c0c8",
    "color-background": "#14171a", "color-surface": "#1f2428",
    "color-accent": "#ffe615", "color-on-accent": "#14171a",
    "color-link": "#8ec9ff", "color-focus": "#ffe615", "color-border": "#4b545d",
    "color-danger": "#ff8f87", "color-highlight": "#5a4b00", "color-scheme": "dark",
}


@dataclass(frozen=True)
class ContrastPair:
    foreground: str
    background: str
    minimum: float
    use: str  # shown in messages: "normal text", "focus indicator"


# Every combination the hub's stylesheet and the widgets use for text (4.5:1)
# or for focus indicators (3:1, WCAG 2.1 SC 1.4.11). Inside accent areas
# (header band, buttons) the focus outline uses color-on-accent, which the
# on-accent pair already covers.
CONTRAST_PAIRS: tuple[ContrastPair, ...] = (
    ContrastPair("color-text", "color-background", NORMAL_TEXT, "normal text"),
    ContrastPair("color-text", "color-surface", NORMAL_TEXT, "normal text"),
    ContrastPair("color-text", "color-highlight", NORMAL_TEXT, "normal text"),
    ContrastPair("color-text-muted", "color-background", NORMAL_TEXT, "normal text"),
    ContrastPair("color-text-muted", "color-surface", NORMAL_TEXT, "normal text"),
    ContrastPair("color-link", "color-background", NORMAL_TEXT, "normal text"),
    ContrastPair("color-link", "color-surface", NORMAL_TEXT, "normal text"),
    ContrastPair("color-on-accent", "color-accent", NORMAL_TEXT, "normal text"),
    ContrastPair("color-danger", "color-background", NORMAL_TEXT, "normal text"),
    ContrastPair("color-danger", "color-surface", NORMAL_TEXT, "normal text"),
    ContrastPair("color-focus", "color-background", NON_TEXT, "focus indicator"),
    ContrastPair("color-focus", "color-surface", NON_TEXT, "focus indicator"),
)
