"""Text that reaches visitors as it was meant: no bidirectional controls.

Explicit bidirectional formatting characters (embeddings, overrides,
isolates and the directional marks) let a title reorder how the characters
after them are shown: "Programme\u202efdp.exe" reads as "Programmeexe.pdf".
The hub's languages never need them (the Unicode bidi algorithm orders Arabic
or Hebrew names correctly on its own), so they are removed from every text
the hub stores (cms/core/signals.py) and, for text that did not come through
a model, from what the hub writes out (:func:`strip_bidi`)."""

from __future__ import annotations

import re
from typing import Any

# U+202A-U+202E embeddings/overrides and their terminator, U+2066-U+2069
# isolates, U+200E/U+200F left-to-right/right-to-left marks, U+061C the
# Arabic letter mark.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def strip_bidi(text: str) -> str:
    """``text`` without bidirectional control characters."""
    return BIDI_CONTROLS.sub("", text) if text else text


def has_bidi(text: Any) -> bool:
    return isinstance(text, str) and BIDI_CONTROLS.search(text) is not None
