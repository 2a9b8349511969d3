"""Every word on a public page is in the page's language (issue 14, point 3).

The walk: every live page of a small catalogue (built with tests/factories.py and
translated into nl, en, fr and de) is fetched in each language, with the search
page (a query with results and the country and language facets), the events and
expertise listings with a country chosen, and the 404 page. The page types come
from Wagtail's page models of this repository, so a new type is walked too: a
type without a factory here gets a bare page (a title only) under a parent it
allows, and the test fails if none can be made.

What is a UI text in another language M ("foreign") on a page in language L:

* the text in M of a msgid of the hub's own catalogues (LOCALE_PATHS and the
  locale dir of every installed app of this repository) that differs from its
  text in L; English is the msgid itself;
* the English text of a msgid that has no translation in L: empty in L's
  catalogue or missing from it (the source is scanned for literal
  ``{% trans "..." %}`` and ``_("...")``), because that is what Django shows;
* a country name (django-countries), a language name (Babel/CLDR), a discipline
  label, a month or day name (CLDR) or the site's name (HUB_SITE_NAMES) in M
  that differs from the one in L.

What is exempt, so that only real mistakes fail:

* ``<script>``, ``<style>``, ``<template>``, code (``code``, ``pre``, ``kbd``,
  ``samp``), the language switcher (``.lang-switcher``) and every element whose
  ``lang`` is not L (the switcher's own-language names, a quote);
* content: the field values that editors enter (titles, summaries, rich text,
  StreamField text, cities, venue names, inline items such as links and
  contacts, keywords, the titles of the pages it names; not slugs, paths or
  coded choices) of the page, its ancestors, the pages it links to and their
  ancestors, and what the visitor typed (the query string). A text that is
  part of one of them is skipped, and they are cut out of mixed texts
  ("Leuven, België": the city is content, the country is not);
* a foreign text that is also a UI text in L ("Workshop", "Expertise",
  "Hindi"), compared without case and accents;
* texts with fewer than 4 letters outside their placeholders ("Map", "%s");
* a foreign text that is a word or words inside some UI text of L ("Filter" in
  "Filter zurücksetzen", "Eswatini" in "Eswatini (République d')") fails only
  as the whole text of an element or attribute; another single word fails as a
  whole segment of a text (split at · , ; : ( ) / – — and digits), a phrase of
  several words anywhere in a text; a text with placeholders must match a whole
  text (%d, {n} and {m} a number, %s anything).

Read: every text node (the head's title too), the attributes aria-label, alt,
placeholder and title, the value of buttons, and og:site_name.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import polib
import pytest
from babel import Locale as CldrLocale
from bs4 import BeautifulSoup
from django.apps import apps
from django.conf import global_settings, settings
from django.utils import translation
from django_countries import countries
from modelcluster.fields import ParentalKey
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, get_page_models

from cms.core.choices import language_choices, sort_key
from cms.institutions.models import Discipline
from search.indexing import flush_queue, sync_pages
from tests.factories import (
    make_event,
    make_expertise,
    make_institution,
    make_representation,
    make_scholarship,
    publish,
    translate,
)

pytestmark = pytest.mark.django_db

LANGS = ("nl", "en", "fr", "de")
# The languages an event or expertise entry can name (cms.core.choices).
LANGUAGE_CODES = sorted(c for c, _name in global_settings.LANGUAGES if "-" not in c)
MIN_LETTERS = 4
NUMBER_HOLES = {"{n}", "{m}"}  # the widgets' counts ("{n} more", "Page {n} of {m}")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}|\{\{.*?\}\}")
SEGMENT_SPLIT = re.compile(r"\s*(?:[·|•,;:()\[\]{}«»“”„\"/…–—]|\s-\s|\d+)\s*")
READ_ATTRIBUTES = ("aria-label", "alt", "placeholder", "title")
SKIPPED_DIRS = {"node_modules", "migrations", "static", "tests", ".venv", "wordpress",
                "django-flanders-hub"}
TRANS_TAG = re.compile(r"""\{%\s*trans(?:late)?\s+(["'])(.+?)\1""")
GETTEXT_CALL = re.compile(
    r"""\b(?:_|gettext|gettext_lazy|gettext_noop)\(\s*(["'])((?:\\.|(?!\1).)+)\1\s*\)""")


def fold(text: str) -> str:
    """Case- and accent-blind form, with single spaces."""
    decomposed = unicodedata.normalize("NFKD", " ".join(text.split()).casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def letters(text: str) -> int:
    return sum(c.isalpha() for c in PLACEHOLDER.sub("", text))


# --- the vocabulary ---------------------------------------------------------------
@dataclass(frozen=True)
class Term:
    """One UI text and where it comes from, e.g. msgid 'Events' (en)."""

    text: str
    source: str


def _own(path: str) -> bool:
    """Part of the hub: in this repository, not a test app (tests/noticeboard)."""
    base = Path(settings.BASE_DIR).resolve()
    resolved = Path(path).resolve()
    return resolved.is_relative_to(base) and not resolved.is_relative_to(base / "tests")


def _own_dirs() -> list[Path]:
    return [Path(c.path).resolve() for c in apps.get_app_configs() if _own(c.path)]


def catalogue_dirs() -> list[Path]:
    found = [Path(p) for p in settings.LOCALE_PATHS]
    found += [d / "locale" for d in _own_dirs()]
    return sorted({d.resolve() for d in found if d.is_dir()})


@cache
def catalogue_entries() -> dict[tuple[str, str], dict[str, str]]:
    """(msgctxt, English text) -> {language: text}, over every catalogue; a
    language without a translation has no key."""
    entries: dict[tuple[str, str], dict[str, str]] = {}
    for directory in catalogue_dirs():
        for lang in LANGS[:1] + LANGS[2:]:
            po = directory / lang / "LC_MESSAGES" / "django.po"
            if not po.exists():
                continue
            for entry in polib.pofile(str(po)):
                if entry.obsolete or "fuzzy" in entry.flags:
                    continue
                pairs = [(entry.msgid, entry.msgstr)]
                if entry.msgid_plural:
                    forms = entry.msgstr_plural
                    pairs = [(entry.msgid, forms.get(0, "")),
                             (entry.msgid_plural, forms.get(max(forms), "") if forms
                              else "")]
                for english, translated in pairs:
                    texts = entries.setdefault((entry.msgctxt or "", english),
                                               {"en": english})
                    if translated.strip():
                        texts[lang] = translated
    return entries


@cache
def source_msgids() -> frozenset[str]:
    """Strings marked for translation in the templates and Python modules of
    this repository's apps (a rough scan: literal arguments only)."""
    found: set[str] = set()
    roots = _own_dirs() + [Path(d) for t in settings.TEMPLATES for d in t["DIRS"]]
    seen: set[Path] = set()
    for root in roots:
        for path in root.rglob("*"):
            if path in seen or SKIPPED_DIRS & set(path.parts) or not path.is_file():
                continue
            seen.add(path)
            if path.suffix == ".html":
                found |= {m.group(2) for m in TRANS_TAG.finditer(path.read_text())}
            elif path.suffix == ".py":
                found |= {m.group(2).replace("\\'", "'").replace('\\"', '"')
                          for m in GETTEXT_CALL.finditer(path.read_text())}
    return frozenset(found)


def _names(lang: str) -> tuple[dict[str, str], dict[str, str]]:
    with translation.override(lang):
        country_names = {code: str(name) for code, name in countries}
    language_names = CldrLocale.parse(lang).languages
    return country_names, {code: language_names.get(code, "") for code in LANGUAGE_CODES}


def vocabulary() -> list[tuple[dict[str, str], str]]:
    """Every UI text as ({language: text}, what it is)."""
    rows: list[tuple[dict[str, str], str]] = [
        (texts, f"msgid {english!r}")
        for (_context, english), texts in catalogue_entries().items()
    ]
    known = {english for _context, english in catalogue_entries()}
    rows += [({"en": english}, f"untranslated msgid {english!r}")
             for english in source_msgids() - known]
    names = {lang: _names(lang) for lang in LANGS}
    for code in {c for lang in LANGS for c in names[lang][0]}:
        rows.append(({lang: names[lang][0].get(code, "") for lang in LANGS},
                     f"country {code}"))
    english_django = dict(settings.LANGUAGES)
    for code in LANGUAGE_CODES:
        texts = {lang: names[lang][1][code] for lang in LANGS}
        rows.append((texts, f"language {code}"))
        if code in english_django:  # Django's English names, as the hub had them
            rows.append(({"en": str(english_django[code])}, f"language {code}"))
    for discipline in Discipline.objects.all():
        rows.append(({lang: discipline.label_for(lang) for lang in LANGS},
                     f"discipline {discipline.code}"))
    rows.append((dict(getattr(settings, "HUB_SITE_NAMES", {})), "site name"))
    rows += date_words()
    return rows


def date_words() -> list[tuple[dict[str, str], str]]:
    """Month and day names (CLDR), e.g. "februari" in a date on a German page."""
    rows = []
    locales = {lang: CldrLocale.parse(lang) for lang in LANGS}
    for kind in ("months", "days"):
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                keys = getattr(locales["en"], kind)[context][width].keys()
                rows += [({lang: getattr(locales[lang], kind)[context][width][key]
                           for lang in LANGS}, f"{kind[:-1]} name {key}")
                         for key in keys]
    return rows


@dataclass
class Detector:
    """The foreign texts of one page language, ready to match."""

    language: str
    nodes: dict[str, Term]  # folded text -> term; words of L's own UI texts
    segments: dict[str, Term]  # single words: a whole segment of a text
    phrases: re.Pattern | None  # matched anywhere, at word boundaries
    phrase_terms: dict[str, Term]
    patterns: list[tuple[re.Pattern, Term]]  # texts with placeholders
    any_pattern: re.Pattern | None = None

    @classmethod
    def build(cls, language: str, rows: list[tuple[dict[str, str], str]]) -> Detector:
        own = {fold(t[language]) for t, _what in rows if t.get(language)}
        own_blob = "\n".join(sorted(own))

        def in_own(folded: str) -> bool:
            return folded in own_blob and bool(re.search(  # "time" not in "time-zone"
                r"(?<![\w-])" + re.escape(folded) + r"(?![\w-])", own_blob))

        nodes: dict[str, Term] = {}
        segments: dict[str, Term] = {}
        phrase_terms: dict[str, Term] = {}
        patterns: list[tuple[re.Pattern, Term]] = []
        for texts, what in rows:
            mine = texts.get(language)
            for other, text in texts.items():
                if other == language or not text or letters(text) < MIN_LETTERS:
                    continue
                folded = fold(text)
                if (mine and folded == fold(mine)) or folded in own:
                    continue
                if language != "en" and not mine and other != "en":
                    continue  # only English shows where L has no translation
                term = Term(text, f"{what} ({other})")
                if PLACEHOLDER.search(text):
                    pattern = _pattern(text, in_own)
                    if pattern:
                        patterns.append((pattern, term))
                elif in_own(folded):
                    nodes.setdefault(folded, term)
                elif " " not in folded:
                    segments.setdefault(folded, term)
                else:
                    phrase_terms.setdefault(folded, term)
        alternatives = sorted(phrase_terms, key=len, reverse=True)
        phrases = re.compile(
            r"(?<!\w)(?:" + "|".join(re.escape(p) for p in alternatives) + r")(?!\w)"
        ) if alternatives else None
        any_pattern = re.compile("|".join(f"(?:{p.pattern})" for p, _t in patterns),
                                 re.IGNORECASE) if patterns else None
        return cls(language, nodes, segments, phrases, phrase_terms, patterns,
                   any_pattern)

    def find(self, text: str) -> list[Term]:
        """The foreign terms in one text of the page (content already cut)."""
        found: list[Term] = []
        folded = fold(text)
        if self.phrases:
            found += [self.phrase_terms[m.group(0)]
                      for m in self.phrases.finditer(folded)]
        if self.any_pattern and self.any_pattern.search(text):
            found += [term for pattern, term in self.patterns if pattern.search(text)]
        whole = fold(SEGMENT_SPLIT.sub(" ", text).strip(" .!?*'’-"))
        if whole in self.nodes:
            found.append(self.nodes[whole])
        for segment in SEGMENT_SPLIT.split(text):
            key = fold(segment.strip(" .!?*'’-"))
            if key in self.segments:
                found.append(self.segments[key])
        return found


def _pattern(text: str, in_own) -> re.Pattern | None:
    """A whole text made from ``text`` (a number for %d, anything for %s);
    None when no literal part of it is a foreign word of 4 letters or more."""
    literals = PLACEHOLDER.split(text)
    if not any(letters(part) >= MIN_LETTERS and not in_own(fold(part.strip(" .:,")))
               for part in literals):
        return None
    holes = [r"\d+" if hole.endswith("d") or hole in NUMBER_HOLES else r".{1,80}?"
             for hole in PLACEHOLDER.findall(text)]
    regex = re.escape(literals[0]) + "".join(
        hole + re.escape(part) for hole, part in zip(holes, literals[1:], strict=True))
    return re.compile(r"^\W*" + regex + r"\W*$", re.IGNORECASE)


@cache
def detectors() -> dict[str, Detector]:
    rows = vocabulary()
    return {lang: Detector.build(lang, rows) for lang in LANGS}


# --- the page ---------------------------------------------------------------------
NOT_SHOWN_FIELDS = {"slug", "url_path", "path", "draft_title", "time_zone",
                    "external_id"}


def field_texts(obj) -> list[str]:
    """What editors entered on a page (or one of its inline items): its text
    fields, rich text and StreamField text, one string per paragraph; with a
    page, also its inline items (links, contacts) and the titles of the pages
    it names (participating institutions, related expertise)."""
    texts: list[str] = []
    for field in obj._meta.concrete_fields:
        if field.choices or field.name in NOT_SHOWN_FIELDS:
            continue  # codes and paths, shown (if at all) through UI labels
        value = getattr(obj, field.attname, None)
        if isinstance(field, StreamField) and value is not None:
            for text in field.stream_block.get_searchable_content(value):
                texts += BeautifulSoup(str(text), "html.parser").get_text("\n").split("\n")
        elif isinstance(field, RichTextField) and value:
            texts += BeautifulSoup(value, "html.parser").get_text("\n").split("\n")
        elif isinstance(value, str):
            texts.append(value)
        elif isinstance(value, list):
            texts += [v for v in value if isinstance(v, str)]
    if isinstance(obj, Page):
        for relation in obj._meta.get_fields():
            if relation.one_to_many and isinstance(getattr(relation, "field", None),
                                                   ParentalKey):
                for item in getattr(obj, relation.get_accessor_name()).all():
                    texts += field_texts(item)
            elif relation.many_to_many and not relation.auto_created:
                manager = getattr(obj, relation.name)
                if issubclass(relation.related_model, Page):
                    texts += [str(title) for title in manager.values_list(
                        "title", flat=True)]
                elif hasattr(manager, "names"):  # keywords (tags)
                    texts += [str(name) for name in manager.names()]
    return [" ".join(t.split()) for t in texts if len(t.strip()) >= 3]


def with_ancestors(pages: Iterable[Page]) -> set[Page]:
    found: set[Page] = set()
    for page in pages:
        found |= {p.specific for p in page.get_ancestors(inclusive=True) if p.depth > 1}
    return found


@dataclass
class Reading:
    """The texts a visitor reads on one answer, with the content exemption."""

    texts: list[str]
    content: list[str]

    @classmethod
    def of(cls, html: str, language: str, page: Page | None,
           pages_by_path: dict[str, Page], typed: Iterable[str] = ()) -> Reading:
        """``typed``: what the visitor typed (the query string), shown back."""
        soup = BeautifulSoup(html, "html.parser")
        for element in soup.select("script, style, template, code, pre, kbd, samp, "
                                   ".lang-switcher"):
            element.decompose()
        for element in soup.select("[lang]"):
            if element.name != "html" and not element.decomposed and not str(
                    element.get("lang", "")).startswith(language):
                element.decompose()
        linked = [pages_by_path[urlsplit(a["href"]).path] for a in soup.select("a[href]")
                  if urlsplit(a["href"]).path in pages_by_path]
        shown = with_ancestors(([page] if page else []) + linked)
        content = sorted({t for p in shown for t in field_texts(p)} | set(typed),
                         key=len, reverse=True)
        texts = [str(s) for s in soup.find_all(string=True)]
        for element in soup.find_all(True):
            texts += [str(element[a]) for a in READ_ATTRIBUTES if element.get(a)]
            if element.name in ("input", "button") and element.get("value") and \
                    element.get("type") in ("submit", "button", "reset"):
                texts.append(str(element["value"]))
        meta = soup.select_one('meta[property="og:site_name"]')
        if meta and meta.get("content"):
            texts.append(str(meta["content"]))
        return cls([" ".join(t.split()) for t in texts if t.strip()], content)

    def foreign(self, detector: Detector) -> list[tuple[str, Term]]:
        blob = "\n".join(fold(c) for c in self.content)
        cut = re.compile(r"(?<!\w)(?:" + "|".join(
            re.escape(c) for c in self.content) + r")(?!\w)",
            re.IGNORECASE) if self.content else None
        problems = []
        for text in self.texts:
            folded = fold(text)
            if folded in blob and re.search(
                    r"(?<!\w)" + re.escape(folded) + r"(?!\w)", blob):
                continue  # a piece of content (a title, a snippet of a body)
            rest = cut.sub(" | ", text) if cut else text
            problems += [(text, term) for term in detector.find(rest)]
        return problems


# --- the site to walk -------------------------------------------------------------
FACTORY_TYPES = {"InstitutionPage", "RepresentationPage", "EventPage", "ExpertisePage",
                 "ScholarshipPage"}


def public_page_models() -> list[type[Page]]:
    """Every page type of this repository that visitors can be shown."""
    return [m for m in get_page_models()
            if m is not Page and not m._meta.abstract
            and _own(apps.get_app_config(m._meta.app_label).path)]


def bare_page(model: type[Page]) -> Page:
    """A page of a type no factory here knows: a title under a parent it allows."""
    for parent_model in model.allowed_parent_page_models():
        parent = (parent_model.objects.live()
                  .filter(locale__language_code="nl").first())
        if parent is None:
            continue
        title = f"Bare {model._meta.verbose_name}"
        page = model(title=title, slug=re.sub(r"\W+", "-", title.lower()))
        parent.add_child(instance=page)
        return publish(page)
    pytest.fail(f"No live parent in Dutch for a {model.__name__}: add a factory "
                "for it in tests/factories.py and use it in this test.")


@pytest.fixture
def walked_site(site_tree) -> dict:
    """A catalogue with a page of every type in the four languages, indexed."""
    kul = make_institution(city="Leuven")
    japan = make_representation()  # Tokyo, JP
    event = make_event(
        kul, "Leuven fair", tz="Europe/Brussels", venue_name="Universiteitshal",
        venue_city="Leuven", venue_country="BE", languages=["en", "nl", "hi"],
        audience=["students"])
    expertise = make_expertise(kul, collaboration_countries=["JP", "US"],
                               working_languages=["en", "nl", "de"])
    scholarship = make_scholarship()
    made = [kul, japan, event, expertise, scholarship]
    for model in public_page_models():
        if not model.objects.live().filter(locale__language_code="nl").exists() \
                and model.__name__ not in FACTORY_TYPES:
            made.append(bare_page(model))
    for page in made:
        for lang in LANGS[1:]:
            if not page.get_translations().filter(locale__language_code=lang).exists():
                translate(page, lang, f"{page.title} ({lang})")
    # Indexed as when an editor publishes from a Dutch admin (the demo's
    # import runs in Dutch too): no page may show what that language chose.
    with translation.override("nl"):
        sync_pages(Page.objects.values_list("pk", flat=True))
        flush_queue(force=True)
    return {"event": event}


def answers(client, language: str) -> Iterable[tuple[str, Page | None, str]]:
    """(url, page, html) of every public page in ``language``."""
    pages = Page.objects.live().public().filter(
        locale__language_code=language, depth__gt=1).specific()
    covered = {type(p) for p in pages}
    missing = [m.__name__ for m in public_page_models() if m not in covered]
    assert not missing, f"no {language} page of {missing} to walk"
    for page in pages:
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        yield page.url, page, response.content.decode()
    search = client.get(f"/{language}/search/", {"q": "Leuven"})
    assert search.status_code == 200
    result = search.context["response"]
    assert result.total and {"country", "language"} <= set(result.facets), \
        "the search walked must show results and the country and language facets"
    yield f"/{language}/search/?q=Leuven", None, search.content.decode()
    for url in (f"/{language}/events/?country=BE", f"/{language}/expertise/?country=JP",
                f"/{language}/no-such-page/"):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        yield url, None, response.content.decode()


def test_every_public_page_speaks_its_language(client, walked_site):
    pages_by_path = {p.url: p.specific for p in Page.objects.live() if p.url}
    problems = []
    for language in LANGS:
        detector = detectors()[language]
        with translation.override(language):
            for url, page, html in answers(client, language):
                typed = [v for values in parse_qs(urlsplit(url).query).values()
                         for v in values]
                reading = Reading.of(html, language, page, pages_by_path, typed)
                problems += [f"{url}: {term.text!r} = {term.source} in {text!r}"
                             for text, term in reading.foreign(detector)]
    assert not problems, "UI text in another language:\n" + "\n".join(
        sorted(set(problems)))


# --- the detector on its own: what it must find and what it must let pass ---------
def _found(html: str, language: str, content: Iterable[str] = ()) -> set[str]:
    reading = Reading.of(html, language, None, {})
    reading.content = sorted(content, key=len, reverse=True)
    return {term.text for _text, term in reading.foreign(detectors()[language])}


def test_detector_finds_the_walks_known_mistakes(db):
    page = ('<html lang="en"><body><header><span>Vlaamse academische hub</span>'
            '</header><p class="meta">Events · Leuven, België · KU Leuven</p>'
            '<h2>Taal</h2><label>English</label></body></html>')
    assert _found(page, "en", ["Leuven", "KU Leuven"]) == {
        "Vlaamse academische hub", "België", "Taal"}
    dutch = '<p>Brussel, Belgium</p><ul><li>English</li><li>Dutch</li></ul>'
    assert _found(dutch, "nl", ["Brussel"]) == {"Belgium", "English", "Dutch"}


def test_detector_lets_shared_words_content_and_the_switcher_pass(db):
    page = ('<nav class="lang-switcher"><a lang="nl" title="Nederlands">NL</a></nav>'
            '<p lang="fr">Bienvenue</p><span>Workshop</span><span>Hindi</span>'
            '<span>Expertise</span><span>Map</span><h1>Alumni Events Tokyo</h1>'
            '<p>Meer over Events in Japan</p>')
    assert _found(page, "nl", ["Alumni Events Tokyo", "Meer over Events in Japan"]) \
        == set()


# --- the fixes on their own ---------------------------------------------------------
def test_search_names_places_and_facets_in_the_readers_language(client, kul,
                                                               search_backend):
    """The place of a result and the facet labels follow ``lang``, not the
    language the document was indexed in (both backends)."""
    event = make_event(kul, "Leuven fair", tz="Europe/Brussels",
                       venue_name="Universiteitshal", venue_city="Leuven",
                       venue_country="BE", languages=["en", "hi"])
    translate(event, "en", "Leuven fair (en)")
    with translation.override("fr"):
        sync_pages(Page.objects.values_list("pk", flat=True))
        flush_queue(force=True)
    for lang, belgium, english in (("nl", "België", "Engels"),
                                   ("en", "Belgium", "English")):
        body = client.get("/api/v1/search/",
                          {"q": "Leuven", "lang": lang, "type": "event"}).json()
        assert [r.get("place") for r in body["results"]] == [f"Leuven, {belgium}"]
        facets = {name: {f["value"]: f["label"] for f in values}
                  for name, values in body["facets"].items()}
        assert facets["country"]["BE"] == belgium
        assert facets["language"]["en"] == english
        assert facets["language"]["hi"] == "Hindi"


@pytest.mark.parametrize(("lang", "before", "after"), [
    ("nl", "Engels", "Nederlands"), ("en", "Dutch", "English"),
    ("fr", "Allemand", "Anglais"), ("de", "Englisch", "Niederländisch"),
])
def test_language_choices_are_named_and_ordered_in_the_active_language(
        lang, before, after):
    with translation.override(lang):
        names = [name for _code, name in language_choices()]
    assert names.index(before) < names.index(after)
    assert names == sorted(names, key=sort_key)


def test_site_name_follows_the_page_language(client, site_tree, settings):
    for lang, name in settings.HUB_SITE_NAMES.items():
        html = client.get(f"/{lang}/events/").content.decode()
        soup = BeautifulSoup(html, "html.parser")
        assert soup.select_one(".identity__name").get_text(strip=True) == name
        assert soup.select_one('meta[property="og:site_name"]')["content"] == name
        assert soup.title.get_text().endswith(name)
    with translation.override("de"):
        feed = client.get("/feeds/events.rss", {"lang": "de"}).content.decode()
    assert "<title>Akademischer Hub Flandern: " in feed
