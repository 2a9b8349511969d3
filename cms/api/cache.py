"""Server-side cache of API answers.

Every answer is cached under the current content generation
(cms/core/generation.py): publishing, unpublishing, moving or deleting any
page starts a new one, so the very next request sees the change (old entries
simply expire). The answers may sit in a per-process cache: their keys hold
the generation.
"""

from __future__ import annotations

import hashlib

from cms.core.generation import generation

ANSWER_TIMEOUT = 600  # seconds; generations make older entries unreachable anyway


def answer_key(path: str, params: dict[str, str], current: int | None = None) -> str:
    """Key for a normalised query: parameter order and empty values don't matter."""
    query = "&".join(f"{k}={v}" for k, v in sorted(params.items()) if v != "")
    digest = hashlib.sha256(f"{path}?{query}".encode()).hexdigest()
    current = generation() if current is None else current
    return f"hub_api:answer:{current}:{digest}"
