"""Feed text made safe: titles, summaries and venues are plain text (escaped
when shown); the body is rich text limited to the hub's rich-text tags (the
same sanitiser as the catalogue import), so no script from a feed can run on a
page."""

from __future__ import annotations

import html
import re

import nh3

from cms.catalogue.importer import sanitise_html

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
HTML_TAG = re.compile(
    r"</?(p|br|a|b|i|u|em|strong|ul|ol|li|div|span|h[1-6]|table|img|script|style|"
    r"iframe|font)\b[^>]*>", re.IGNORECASE)
BLOCK_TAG = re.compile(r"</?(p|br|div|li|ul|ol|h[1-6]|tr|td|th|table)\b[^>]*>",
                       re.IGNORECASE)
ICAL_ESCAPE = re.compile(r"\\([\\;,nN])")
WEB_URL = re.compile(r"^https?://\S+$", re.IGNORECASE)


def clean(value: object) -> str:
    """Text without control characters and with \\n line ends."""
    text = str(value or "").replace("\r\n", "\n").replace("\r", "\n")
    return CONTROL.sub("", text)


def plain(value: object) -> str:
    """Plain text: tags and their script/style content removed (block tags
    leave a space, so "<p>a</p><p>b</p>" reads "a b")."""
    text = clean(value)
    if "<" in text or "&" in text:
        text = BLOCK_TAG.sub(r" \g<0>", text)
        text = html.unescape(nh3.clean(text, tags=set()))
    return text.strip()


def unescape(value: str) -> str:
    """RFC 5545 TEXT escapes (\\n \\, \\; \\\\) of properties icalendar leaves raw."""
    return ICAL_ESCAPE.sub(
        lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def one_line(value: object) -> str:
    return " ".join(plain(value).split())


def clip(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2:]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.") + "…"


def looks_like_html(text: str) -> bool:
    return bool(HTML_TAG.search(text))


def text_to_html(text: str) -> str:
    """Plain text as escaped paragraphs (blank lines) and line breaks."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", clean(text)) if p.strip()]
    return "".join(
        "<p>" + "<br>".join(html.escape(line) for line in p.split("\n")) + "</p>"
        for p in paragraphs
    )


def web_url(value: object) -> str:
    """An http(s) URL, or "" for anything else (javascript:, data:, ...)."""
    text = clean(value).strip()
    return text if WEB_URL.match(text) else ""


def body_html(description: str, alt_html: str = "", url: str = "") -> str:
    if alt_html:
        body = sanitise_html(clean(alt_html))
    elif looks_like_html(description):
        body = sanitise_html(clean(description))
    else:
        body = text_to_html(description)
    if url:
        link = html.escape(url)
        body += sanitise_html(f'<p><a href="{link}">{link}</a></p>')
    return body
