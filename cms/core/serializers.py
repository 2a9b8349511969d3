"""Page -> JSON dictionaries: the parts every catalogue type's API serialiser
shares. Text is data: nothing is escaped here; rich text is returned as the
(already sanitised) HTML plus a plain-text version."""

from __future__ import annotations

import re
from html import unescape

from django.utils.html import strip_tags
from django.utils.text import Truncator
from wagtail.rich_text import expand_db_html

from .absolute import page_url

SUMMARY_CHARS = 300


# A block's tag separates words: "<p>experiences.</p><p>This" reads
# "experiences. This" in the plain text, not "experiences.This"; entities
# become characters ("IT & IP Law"), as text is data like the titles.
BLOCK_TAG = re.compile(r"<(?:br|/?(?:p|div|h[1-6]|li|dt|dd|tr|td|th|blockquote|"
                       r"figcaption|pre))\b[^>]*>", re.IGNORECASE)


def rich_text(html: str) -> dict:
    expanded = expand_db_html(html or "")
    spaced = BLOCK_TAG.sub(lambda tag: " " + tag.group(0), expanded)
    text = " ".join(unescape(strip_tags(spaced)).split())
    return {"html": expanded, "text": Truncator(text).chars(SUMMARY_CHARS)}


def page_ref(page, request) -> dict | None:
    if page is None:
        return None
    return {"id": str(page.translation_key), "slug": page.slug, "title": page.title,
            "url": page_url(page, request)}


def base(page, request, language: str) -> dict:
    return {
        "id": page.public_id,
        "slug": page.slug,
        "lang": page.locale.language_code,
        "requested_lang": language,
        "title": page.title,
        "summary": getattr(page, "summary", ""),
        "url": page_url(page, request),
        "last_published_at": iso(page.last_published_at),
    }


def iso(value) -> str | None:
    return value.isoformat() if value else None


def discipline(item, language: str) -> dict:
    return {"code": item.code, "slug": item.slug, "label": item.label_for(language),
            "parent": item.parent.code if item.parent_id else None}


def disciplines(page, language: str) -> list[dict]:
    found = getattr(page, "api_disciplines", None)  # set by a type's prefetch
    if found is None:
        found = page.disciplines.select_related("parent")
    return [discipline(d, language) for d in found]
