"""A conservative CSS sanitiser for theme overrides.

Theme CSS ends up inside the widgets' Shadow DOM on other organisations' web
sites and in a <style> element of the hub's pages, so it must not load
anything (no data can leave through a request), run anything, or escape its
element. Rather than repairing hostile input, the sanitiser parses the
stylesheet, keeps only allow-listed at-rules, properties and functions, and
writes a fresh, normalised stylesheet from what it kept. The rules are listed
in docs/themes.md ("CSS overrides").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MAX_LENGTH = 20_000

# Properties a theme may set (exact names, or a prefix followed by "-").
ALLOWED_PROPERTIES = frozenset("""
    color background background-color background-image background-position
    background-size background-repeat background-clip background-origin
    border border-top border-right border-bottom border-left border-color
    border-style border-width border-radius border-collapse border-spacing
    outline outline-color outline-style outline-width outline-offset
    box-shadow text-shadow opacity visibility accent-color caret-color
    color-scheme font font-family font-size font-weight font-style
    font-variant font-stretch font-feature-settings line-height
    letter-spacing word-spacing text-align text-decoration text-transform
    text-indent text-overflow text-wrap white-space overflow-wrap
    word-break hyphens vertical-align list-style list-style-type
    list-style-position margin padding gap row-gap column-gap display
    flex flex-basis flex-direction flex-flow flex-grow flex-shrink flex-wrap
    order width min-width max-width height min-height max-height
    aspect-ratio box-sizing overflow overflow-x overflow-y object-fit
    object-position transition animation transform transform-origin
    filter cursor table-layout
""".split())
ALLOWED_PREFIXES = ("border-", "margin-", "padding-", "outline-", "grid",
                    "text-decoration-", "text-underline-", "transition-",
                    "animation-", "align-", "justify-", "place-", "font-",
                    "scroll-margin", "scroll-padding", "column")
ALLOWED_FUNCTIONS = frozenset("""
    var calc min max clamp rgb rgba hsl hsla hwb lab lch oklab oklch
    color-mix linear-gradient radial-gradient conic-gradient
    repeating-linear-gradient repeating-radial-gradient repeating-conic-gradient
    translate translatex translatey scale scalex scaley rotate skew skewx skewy
    matrix cubic-bezier steps minmax repeat fit-content drop-shadow blur
    brightness contrast grayscale saturate invert sepia hue-rotate
""".split())
# Functional pseudo-classes allowed in selectors.
ALLOWED_PSEUDO_FUNCTIONS = frozenset("""
    not is where has nth-child nth-last-child nth-of-type nth-last-of-type
    host host-context slotted part lang dir
""".split())
ALLOWED_AT_RULES = frozenset({"media", "supports", "keyframes"})

# Anywhere in the text: escapes can spell any of the forbidden words, "<"
# could close the hub's <style> element, control characters confuse parsers.
FORBIDDEN_CHARACTERS = re.compile(r"[\\<\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
FORBIDDEN_WORDS = re.compile(
    r"url\s*\(|expression\s*\(|javascript\s*:|vbscript\s*:|behaviou?r\s*:|"
    r"-moz-binding|@import|image-set|src\s*\(", re.IGNORECASE)
# A CSS function token: a name directly followed by "(".
FUNCTION = re.compile(r"([a-zA-Z_-][\w-]*)\(")
PROPERTY = re.compile(r"^(?:--[a-z0-9-]+|-?[a-z][a-z-]*)$")
CONDITION = re.compile(r"^[\w\s().,:%/><=-]+$")  # @media / @supports preludes
SELECTOR = re.compile(r"""^[\w\s.#:*>+~,()\[\]="'^$|%-]+$""")
KEYFRAME_SELECTOR = re.compile(r"^(?:from|to|\d{1,3}(?:\.\d+)?%)$")

# Every selector of a theme is confined to the content (docs/themes.md, "The
# hub's frame"): the sanitiser writes SCOPE in front of each one, and
# Theme.stylesheet() puts the real scope there (#main on the hub's pages, the
# widget's box in a shadow root). An unknown pseudo-class, so a stylesheet
# that ever went out unscoped would be dropped by browsers, not applied.
SCOPE = ":hub-scope"
# Selectors for the whole document (or the widget's host element): a rule
# for them applies to the scope itself instead.
FRAME_SELECTORS = frozenset({"html", "body", ":root", ":host"})


@dataclass
class SanitisedCSS:
    css: str
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def property_allowed(name: str) -> bool:
    if name.startswith("--"):
        return True  # custom properties: the value is still checked
    return name in ALLOWED_PROPERTIES or name.startswith(ALLOWED_PREFIXES)


def _strip_comments(text: str, problems: list[str]) -> str:
    out, position = [], 0
    while True:
        start = text.find("/*", position)
        if start < 0:
            out.append(text[position:])
            return "".join(out)
        end = text.find("*/", start + 2)
        if end < 0:
            problems.append("A comment is not closed.")
            out.append(text[position:start])
            return "".join(out)
        out.append(text[position:start] + " ")
        position = end + 2


def _scan(text: str, start: int, stops: str) -> int:
    """Index of the first character in ``stops`` outside strings and
    parentheses, or len(text)."""
    depth, quote, i = 0, "", start
    while i < len(text):
        char = text[i]
        if quote:
            if char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        elif depth == 0 and char in stops:
            return i
        i += 1
    return i


def _block_end(text: str, open_brace: int) -> int:
    """Index of the "}" closing the block opened at ``open_brace``."""
    depth, i = 0, open_brace
    while i < len(text):
        i = _scan(text, i, "{}")
        if i >= len(text):
            return i
        depth += 1 if text[i] == "{" else -1
        if depth == 0:
            return i
        i += 1
    return i


def _outside_strings(value: str) -> str:
    """The text with every string emptied; an unclosed quote is kept, so the
    callers see it and refuse the value."""
    return re.sub(r"\"[^\"\n]*\"|'[^'\n]*'", '""', value)


def _check_value(value: str, where: str, problems: list[str]) -> bool:
    bare = _outside_strings(value).replace('""', "")
    if re.search(r"[{};@!\"']", bare.replace("!important", "")):
        problems.append(f"{where}: the value {value!r} contains a character that is "
                        "not allowed.")
        return False
    for name in FUNCTION.findall(bare):
        if name.lower() not in ALLOWED_FUNCTIONS:
            problems.append(f"{where}: the function {name}() is not allowed.")
            return False
    if re.search(r"[\r\n]", value):
        problems.append(f"{where}: a value may not span lines.")
        return False
    return True


def _declarations(block: str, where: str, problems: list[str]) -> list[str]:
    kept, position = [], 0
    while position < len(block):
        end = _scan(block, position, ";")
        item = block[position:end].strip()
        position = end + 1
        if not item:
            continue
        name, colon, value = item.partition(":")
        name, value = name.strip().lower(), " ".join(value.split())
        if not colon or not PROPERTY.match(name) or not value:
            problems.append(f"{where}: {item[:60]!r} is not a declaration.")
            continue
        if not property_allowed(name):
            problems.append(f"{where}: the property {name} is not allowed.")
            continue
        if _check_value(value, f"{where} {name}", problems):
            kept.append(f"{name}:{value}")
    return kept


def _selector_ok(selector: str, problems: list[str]) -> bool:
    bare = _outside_strings(selector).replace('""', "")
    if not selector or not SELECTOR.match(selector) or re.search("[\"']", bare):
        problems.append(f"The selector {selector[:60]!r} is not allowed.")
        return False
    for name in FUNCTION.findall(_outside_strings(selector)):
        if name.lower() not in ALLOWED_PSEUDO_FUNCTIONS:
            problems.append(f"The selector function {name}() is not allowed.")
            return False
    return True


def _split_top_level(text: str, separators: str) -> list[str]:
    """``text`` cut at every character in ``separators`` outside strings,
    parentheses and brackets."""
    parts, depth, quote, start = [], 0, "", 0
    for i, char in enumerate(text):
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char in "([":
            depth += 1
        elif char in ")]":
            depth = max(0, depth - 1)
        elif depth == 0 and char in separators:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


def _leading_compound(selector: str) -> str:
    """The first compound selector: up to the first combinator or space."""
    return _split_top_level(selector, " >+~")[0]


def _simple_selectors(compound: str) -> list[str]:
    """``html:root.x`` -> ["html", ":root", ".x"] (pseudo-elements kept whole)."""
    return [m.group() for m in re.finditer(
        r"::?[\w-]+(?:\([^)]*\))?|[.#][\w-]+|\[[^\]]*\]|\*|[\w-]+", compound)]


def scope_selector(selector: str, problems: list[str]) -> str | None:
    """``selector`` confined to the content: ``SCOPE selector``; a leading
    ``html``, ``body``, ``:root`` or ``:host`` becomes SCOPE itself. None
    (with a problem) for selectors that would otherwise reach outside it."""
    selector = " ".join(selector.split())
    if SCOPE in selector:
        problems.append(f"The selector {selector[:60]!r} is not allowed.")
        return None
    if selector[:1] in "+~":
        problems.append(f"The selector {selector[:60]!r} starts with a sibling "
                        "combinator; theme CSS applies inside the content only.")
        return None
    compound = _leading_compound(selector)
    parts = _simple_selectors(compound)
    frame = [p for p in parts if p.split("(")[0].lower() in FRAME_SELECTORS
             or p.lower().startswith(":host")]
    if not frame:
        return f"{SCOPE} {selector}"
    if len(frame) == len(parts) and all("(" not in p for p in parts):
        return SCOPE + selector[len(compound):]
    problems.append(
        f"The selector {selector[:60]!r} depends on the page around the content "
        "(html, body, :root or :host with conditions); theme CSS applies inside "
        "the content only. Use :lang() or a class inside the content instead.")
    return None


def _scoped_selector_list(prelude: str, problems: list[str]) -> str:
    scoped = [scope_selector(s.strip(), problems) for s in _split_top_level(prelude, ",")]
    return ",".join(dict.fromkeys(s for s in scoped if s))  # in order, once each


def _rules(text: str, problems: list[str], depth: int = 0) -> list[str]:
    out, position = [], 0
    while position < len(text):
        stop = _scan(text, position, "{};")
        prelude = " ".join(text[position:stop].split())
        if stop >= len(text):
            if prelude:
                problems.append(f"{prelude[:60]!r} is not a complete rule.")
            break
        if text[stop] in ";}":
            if prelude:
                problems.append(f"{prelude[:60]!r} is not a complete rule.")
            position = stop + 1
            continue
        end = _block_end(text, stop)
        body = text[stop + 1:end]
        position = end + 1
        if end >= len(text):
            problems.append(f"The block of {prelude[:60]!r} is not closed.")
        if prelude.startswith("@"):
            rule = _at_rule(prelude, body, problems, depth)
        elif _selector_ok(prelude, problems):
            selectors = _scoped_selector_list(prelude, problems)
            declarations = _declarations(body, prelude, problems) if selectors else []
            rule = f"{selectors}{{{';'.join(declarations)}}}" if declarations else ""
        else:
            rule = ""
        if rule:
            out.append(rule)
    return out


def _at_rule(prelude: str, body: str, problems: list[str], depth: int) -> str:
    name, _, condition = prelude[1:].partition(" ")
    name = name.lower()
    if name not in ALLOWED_AT_RULES:
        problems.append(f"The at-rule @{name} is not allowed.")
        return ""
    if depth >= 3:
        problems.append(f"@{name} is nested too deeply.")
        return ""
    if name == "keyframes":
        if not re.match(r"^[a-zA-Z][\w-]*$", condition):
            problems.append(f"@keyframes needs a plain name, not {condition!r}.")
            return ""
        frames = []
        for frame in _rules_raw(body):
            selector, declarations = frame
            parts = [s.strip() for s in selector.split(",")]
            if not all(KEYFRAME_SELECTOR.match(p) for p in parts):
                problems.append(f"@keyframes {condition}: {selector!r} is not a "
                                "keyframe selector.")
                continue
            kept = _declarations(declarations, f"@keyframes {condition}", problems)
            frames.append(f"{','.join(parts)}{{{';'.join(kept)}}}")
        return f"@keyframes {condition}{{{''.join(frames)}}}"
    if not CONDITION.match(condition) or FUNCTION.search(condition):
        problems.append(f"The condition of @{name} {condition[:60]!r} is not allowed.")
        return ""
    inner = _rules(body, problems, depth + 1)
    return f"@{name} {condition}{{{''.join(inner)}}}" if inner else ""


def _rules_raw(text: str) -> list[tuple[str, str]]:
    found, position = [], 0
    while position < len(text):
        stop = _scan(text, position, "{")
        if stop >= len(text):
            break
        end = _block_end(text, stop)
        found.append((" ".join(text[position:stop].split()), text[stop + 1:end]))
        position = end + 1
    return found


def sanitise_css(text: str) -> SanitisedCSS:
    """The allowed part of ``text`` as a normalised stylesheet, and a message
    for everything that was left out. Text with escapes, "<" or control
    characters is refused as a whole. Every selector starts with SCOPE
    (:func:`apply_scope` replaces it)."""
    text = text or ""
    problems: list[str] = []
    if len(text) > MAX_LENGTH:
        return SanitisedCSS("", [f"The CSS is longer than {MAX_LENGTH} characters."])
    bad = FORBIDDEN_CHARACTERS.search(text)
    if bad:
        shown = {"\\": "a backslash", "<": "\"<\""}.get(bad.group(), "a control character")
        return SanitisedCSS("", [f"The CSS contains {shown}, which is not allowed "
                                 "(escapes could hide forbidden code)."])
    text = _strip_comments(text, problems)
    forbidden = sorted({" ".join(m.group().lower().split()).rstrip("(: ")
                        for m in FORBIDDEN_WORDS.finditer(text)})
    if forbidden:
        # Refuse the whole text: a forbidden word in an odd place (a string,
        # a selector) must not survive by accident either.
        return SanitisedCSS("", problems + [f"{word} is not allowed in theme CSS."
                                            for word in forbidden])
    return SanitisedCSS("".join(_rules(text, problems)), problems)


def apply_scope(css: str, scope: str) -> str:
    """Sanitised CSS with its selectors confined to ``scope`` (a selector for
    one element: ``#main``, ``.w``)."""
    return css.replace(SCOPE, scope)
