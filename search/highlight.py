"""Snippets with matches marked, computed in Python for the database backend
(and for Elasticsearch hits that matched only through folded fields).

Matching is done on folded text, but the snippet shows the original text:
'universite' marks 'Université'. The result is escaped HTML with <mark>.

With the analysed tokens of the query (search.analysis), a word whose
tokens include one of them is marked too: 'universities' marks 'university'.
Only words sharing their first three letters with a token are analysed (a
stem starts like its word), which keeps this cheap; so a compound part
inside a word ('zorg' in 'gezondheidszorg') does not mark it.
"""

import re

from django.utils.html import escape

from .analysis import QueryPlan, analyse
from .normalize import fold_with_offsets

SNIPPET_LENGTH = 220
_WORD = re.compile(r"[^\W_]+")


def _spans(
    text: str, words: list[str], tokens: set[str], language: str
) -> list[tuple[int, int]]:
    folded, offsets = fold_with_offsets(text)
    spans = []
    matches = [
        match for word in {w for w in words if len(w) > 1}
        for match in re.finditer(rf"(?<![^\W_]){re.escape(word)}", folded)
    ]
    if tokens:
        starts = {token[:3] for token in tokens}
        stemmed: dict[str, bool] = {}
        for match in _WORD.finditer(folded):
            word = match.group()
            if word[:3] not in starts:
                continue
            if word not in stemmed:
                stemmed[word] = not tokens.isdisjoint(analyse(word, language))
            if stemmed[word]:
                matches.append(match)
    for match in matches:
        start = offsets[match.start()]
        end = offsets[match.end() - 1] + 1
        while end < len(text) and text[end].isalnum():
            end += 1  # mark the whole word: 'onderzoek' marks 'onderzoekers'
        spans.append((start, end))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def snippet(
    text: str,
    words: list[str],
    length: int = SNIPPET_LENGTH,
    tokens: set[str] | frozenset[str] = frozenset(),
    language: str = "",
) -> str:
    """Escaped HTML: a window of ``text`` around the first match, matches in
    <mark>. Without a match, the start of the text. ``tokens``: the analysed
    query tokens, matched by stem in a text written in ``language``."""
    text = " ".join((text or "").split())
    spans = _spans(text, words, set(tokens), language)
    if not spans:
        short = text[:length]
        return escape(short) + ("…" if len(text) > length else "")
    first = spans[0][0]
    start = max(0, first - length // 3)
    if start:
        word_start = text.rfind(" ", 0, start) + 1  # 0 when in the first word
        start = word_start if start - word_start < 30 else start
    end = min(len(text), start + length)
    parts = ["…" if start else ""]
    cursor = start
    for s, e in spans:
        if s < start or s >= end:
            continue
        parts += [escape(text[cursor:s]), "<mark>", escape(text[s:min(e, end)]),
                  "</mark>"]
        cursor = min(e, end)
    parts.append(escape(text[cursor:end]))
    parts.append("…" if end < len(text) else "")
    return "".join(parts)


def hit_snippet(data: dict, plan: QueryPlan | None, language: str) -> str:
    """A result's snippet, the same on every backend: from its summary, or
    from its body when only the body matches the query's words or stems
    (synonyms included: they are alternatives of the plan)."""
    words = plan.words() if plan else []
    tokens = plan.tokens() if plan else set()
    text = data.get("summary") or data.get("body") or ""
    marked = snippet(text, words, tokens=tokens, language=language)
    if words and "<mark>" not in marked and data.get("body"):
        marked = snippet(data["body"], words, tokens=tokens, language=language)
    return marked
