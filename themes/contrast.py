"""WCAG 2.1 relative luminance and contrast ratio (success criteria 1.4.3 and
1.4.11), for the colour tokens of a theme.

Only opaque sRGB colours in hex notation (#rgb or #rrggbb) are accepted: the
theme schema allows nothing else, so every pair can be computed exactly.
"""

from __future__ import annotations

import re

HEX_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")

NORMAL_TEXT = 4.5  # SC 1.4.3, text below 18pt (14pt bold)
LARGE_TEXT = 3.0  # SC 1.4.3, large text
NON_TEXT = 3.0  # SC 1.4.11, focus indicators and UI components


def parse_hex(colour: str) -> tuple[int, int, int]:
    """(r, g, b) in 0..255 of a #rgb or #rrggbb colour."""
    if not HEX_COLOUR.match(colour or ""):
        raise ValueError(f"{colour!r} is not a colour in #rgb or #rrggbb notation")
    digits = colour[1:]
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def _linear(channel: int) -> float:
    c = channel / 255
    # WCAG 2.1 writes 0.03928; the sRGB standard's 0.04045 gives the same
    # result for every 8-bit value.
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(rgb: tuple[float, float, float] | str) -> float:
    if isinstance(rgb, str):
        rgb = parse_hex(rgb)
    r, g, b = (_linear(round(c)) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first, second) -> float:
    """(L1 + 0.05) / (L2 + 0.05) with L1 the lighter colour; 1.0 .. 21.0."""
    a, b = relative_luminance(first), relative_luminance(second)
    lighter, darker = max(a, b), min(a, b)
    return (lighter + 0.05) / (darker + 0.05)


def format_ratio(ratio: float) -> str:
    """Two decimals, rounded as usual except that a ratio just below a
    threshold is rounded down: 4.499 is never shown as a passing 4.50."""
    shown = round(ratio, 2)
    if any(shown >= limit > ratio for limit in (LARGE_TEXT, NORMAL_TEXT, 7.0)):
        shown = int(ratio * 100) / 100
    return f"{shown:.2f}:1"
