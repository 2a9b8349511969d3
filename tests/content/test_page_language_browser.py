"""Every word in the page's language, as the browser shows it (issue 14,
point 3): tests/content/test_page_language.py reads the server's HTML; this
module reads what scripts render in Debian's headless Chromium: the "your
time" line (cms/events/static/events/local-time.js), the filter drawer
(cms/core/static/hub/site.js), the search box's suggestions
(search/static/search/autocomplete.js) and the four widgets (plugins/widgets),
which render client-side in the language of their ``lang`` attribute.

One browser, one live server, one catalogue (``walked_site``); the detector
and its exemptions are those of test_page_language.py. A page is read from
``document.body.innerText`` once its scripts ran, with the rendered DOM's
attributes; a widget from its shadow root. Exempt parts (the language
switcher, code, elements in another ``lang``) are removed first; content
(titles, places, summaries, what the visitor typed) is cut as on the server.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from wagtail.models import Page

from cms.expertise.models import ExpertisePage
from plugins.widgets import build
from tests.browser import HostSite, chromium_fixture, open_page, wait_for
from tests.content import test_page_language as server_walk
from tests.content.test_page_language import (
    LANGS,
    Detector,
    Reading,
    detectors,
    field_texts,
)
from tests.factories import make_event, translate

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

browser = chromium_fixture()
walked_site = server_walk.walked_site  # the server walk's catalogue, a fixture here
STATES = {"cancelled": "Leuven closed evening", "postponed": "Leuven later fair",
          "moved-online": "Leuven online hour"}
VISITOR_ZONE = "America/New_York"  # not the event's (Europe/Brussels): "your time"

# Removes what the walk exempts, in the document and in every shadow root, then
# returns what a visitor reads: the visible text and the texts of attributes.
READ = """
const lang = arguments[0], scope = arguments[1];
const roots = [document];
document.querySelectorAll('*').forEach(e => { if (e.shadowRoot) roots.push(e.shadowRoot); });
const lines = [], attributes = [];
for (const root of roots) {
  root.querySelectorAll('details').forEach(d => { d.open = true; });
  root.querySelectorAll('script, style, template, code, pre, kbd, samp, .lang-switcher')
    .forEach(e => e.remove());
  root.querySelectorAll('[lang]').forEach(e => {
    if (e !== document.documentElement && e.isConnected &&
        !e.getAttribute('lang').toLowerCase().startsWith(lang)) e.remove();
  });
  root.querySelectorAll('[aria-label], [alt], [placeholder], [title]').forEach(e => {
    for (const name of ['aria-label', 'alt', 'placeholder', 'title']) {
      if (e.getAttribute(name)) attributes.push(e.getAttribute(name));
    }
  });
  root.querySelectorAll('input[type=submit], input[type=button], button[value]')
    .forEach(e => { if (e.value) attributes.push(e.value); });
}
const shown = scope === 'widgets'
  ? roots.slice(1).flatMap(r => Array.from(r.children).map(c => c.innerText || ''))
  : [document.body.innerText, document.title];
for (const text of shown) lines.push(...text.split('\\n'));
return lines.concat(attributes);
"""


def in_zone(driver, zone: str) -> None:
    driver.execute_cdp_cmd("Emulation.setTimezoneOverride", {"timezoneId": zone})


@pytest.fixture(scope="module", autouse=True)
def visitor_in_new_york(browser):
    in_zone(browser, VISITOR_ZONE)
    yield
    in_zone(browser, "")


@pytest.fixture(autouse=True)
def leave_the_page(browser):
    """No late widget request may reach the live server while the database is
    flushed (set up after pytest-django's database fixture, torn down before)."""
    yield
    browser.get("about:blank")


@pytest.fixture
def catalogue(walked_site) -> dict:
    """The server walk's catalogue with an event in each state other than
    scheduled (their badges, notices and labels), in the four languages."""
    organiser = walked_site["event"].get_parent().specific
    for status, title in STATES.items():
        event = make_event(organiser, title, status=status, attendance_mode="online"
                           if status == "moved-online" else "offline",
                           online_url="https://example.org/live")
        for language in LANGS[1:]:
            translate(event, language, f"{title} ({language})")
        walked_site[status] = event
    return walked_site


def _problems(where: str, reading: Reading, detector: Detector) -> list[str]:
    return [f"{where}: {term.text!r} = {term.source} in {text!r}"
            for text, term in reading.foreign(detector)]


def _in(page: Page, language: str) -> Page:
    return page.get_translations(inclusive=True).get(
        locale__language_code=language).specific


def public_urls(site: dict, language: str) -> list[tuple[str, Page | None]]:
    """Home, the events index, an event in each state, an expertise entry,
    search with results."""
    event = _in(site["event"], language)
    expertise = ExpertisePage.objects.live().get(locale__language_code=language)
    states = [_in(site[status], language) for status in STATES]
    return [(f"/{language}/", None), (f"/{language}/events/?country=BE", None),
            (event.url, event), *((e.url, e) for e in states),
            (expertise.url, expertise), (f"/{language}/search/?q=Leuven", None)]


def read_page(driver, url: str, language: str, page: Page | None,
              pages_by_path: dict[str, Page]) -> Reading:
    html = driver.execute_script("return document.documentElement.outerHTML")
    typed = [v for values in parse_qs(urlsplit(url).query).values() for v in values]
    reading = Reading.of(html, language, page, pages_by_path, typed)
    reading.texts += [" ".join(t.split()) for t in
                      driver.execute_script(READ, language, "page") if t.strip()]
    return reading


def open_drawer(driver) -> None:
    """The filters in site.js's drawer, as on a phone."""
    driver.set_window_size(420, 900)
    wait_for(driver, lambda d: d.execute_script(
        "return document.querySelector('.filter-panel__toggle summary')"
        ".getAttribute('aria-haspopup') === 'dialog'"), "site.js did not start")
    driver.execute_script(
        "document.querySelector('.filter-panel__toggle summary').click()")
    wait_for(driver, lambda d: d.execute_script(
        "return document.querySelector('dialog[open]')"), "the drawer did not open")


def open_suggestions(driver) -> None:
    """The search box's suggestions (search/static/search/autocomplete.js):
    their kinds and the status that counts them."""
    box = driver.find_element("id", "search-q")
    # Not box.clear(): it blurs the box, and the blur closes the list.
    driver.execute_script("arguments[0].value = ''", box)
    box.send_keys("Leuv")
    wait_for(driver, lambda d: d.execute_script(
        "const list = document.getElementById('search-suggestions');"
        "return !list.hidden && list.querySelector('[role=option]')"
        " && document.getElementById('search-suggestions-status').textContent"),
        "no suggestions were shown")


def test_pages_as_rendered_speak_their_language(browser, live_server, catalogue):
    pages_by_path = {p.url: p.specific for p in Page.objects.live() if p.url}
    problems, seen = [], set()
    for language in LANGS:
        for url, page in public_urls(catalogue, language):
            open_page(browser, live_server.url + url)
            if page is not None and url == _in(catalogue["event"], language).url:
                seen.add(wait_for(browser, lambda d: d.execute_script(
                    "const e = document.querySelector('.visitor-time');"
                    "return e && !e.hidden && e.textContent"),
                    f"{url}: no 'your time' line"))
            if "/search/" in url:
                open_suggestions(browser)
            if "/events/" in url and page is None:
                open_drawer(browser)
                try:
                    reading = read_page(browser, url, language, page, pages_by_path)
                finally:
                    browser.set_window_size(1280, 1000)
            else:
                reading = read_page(browser, url, language, page, pages_by_path)
            problems += _problems(url, reading, detectors()[language])
    assert len(seen) == len(LANGS), seen  # a "your time" line in each language
    assert not problems, "UI text in another language:\n" + "\n".join(
        sorted(set(problems)))


def widget_tags(site: dict, language: str) -> str:
    """The four widget types, showing events, expertise and search results."""
    month = f"{site['event'].start:%Y-%m}"
    attrs = f'lang="{language}"'
    return (f'<flanders-events id="list" organiser="ku-leuven" {attrs}>'
            "</flanders-events>"
            f'<flanders-events id="cards" organiser="ku-leuven" layout="cards" '
            f"{attrs}></flanders-events>"
            f'<flanders-events id="compact" organiser="ku-leuven" layout="compact" '
            f"{attrs}></flanders-events>"
            f'<flanders-calendar id="calendar" organiser="ku-leuven" month="{month}" '
            f"{attrs}></flanders-calendar>"
            f'<div style="width:280px"><flanders-calendar id="agenda" '
            f'organiser="ku-leuven" month="{month}" {attrs}></flanders-calendar></div>'
            f'<flanders-expertise id="expertise" institution="ku-leuven" {attrs}>'
            "</flanders-expertise>"
            f'<flanders-search id="search" q="Leuven" {attrs}></flanders-search>')


WIDGET_IDS = ("list", "cards", "compact", "calendar", "agenda", "expertise", "search")


def read_widgets(driver, host: HostSite, hub: str, site: dict, language: str,
                 script: str = "widgets.js") -> list[str]:
    body = widget_tags(site, language)
    url = host.page(f"/l10n-{language}-{script.replace('?', '-')}.html",
                    f'<script src="{hub}/embed/v1/{script}" defer></script>'
                    f"<main>{body}</main>")
    open_page(driver, url)
    for element_id in WIDGET_IDS:
        wait_for(driver, lambda d, i=element_id: d.execute_script(
            "return document.getElementById(arguments[0]).getAttribute('data-state')",
            i) == "ready", f"{language}: #{element_id} did not render")
    wait_for(driver, lambda d: d.execute_script(
        "return document.getElementById('search').shadowRoot"
        ".querySelector('.res .t')"), f"{language}: the search widget found nothing")
    return [" ".join(t.split()) for t in driver.execute_script(READ, language,
                                                               "widgets") if t.strip()]


def widget_problems(texts: list[str], language: str) -> list[str]:
    """Content: what editors entered on the pages in the widget's language (a
    widget shows those), and the query typed into it."""
    pages = Page.objects.live().filter(depth__gt=1,
                                       locale__language_code=language).specific()
    content = sorted({t for p in pages for t in field_texts(p)} | {"Leuven"},
                     key=len, reverse=True)
    return _problems(f"widgets lang={language}", Reading(texts, content),
                     detectors()[language])


def test_widgets_as_rendered_speak_their_language(browser, live_server, host_site,
                                                  catalogue):
    problems = []
    for language in LANGS:
        texts = read_widgets(browser, host_site, live_server.url, catalogue, language)
        for title in ("Leuven fair", *STATES.values()):  # every event is shown
            assert any(title in t for t in texts), (title, texts)
        problems += widget_problems(texts, language)
    assert not problems, "UI text in another language:\n" + "\n".join(
        sorted(set(problems)))


def test_a_widget_language_falling_back_to_english_fails(
        browser, live_server, host_site, walked_site, monkeypatch):
    """The check above is not empty: German widgets with the English strings
    (as when plugins/widgets/locale/de lost its translations) are caught."""
    english = build.ui_strings("en")
    original = build.ui_strings
    monkeypatch.setattr(build, "ui_strings",
                        lambda lang: english if lang == "de" else original(lang))
    build.forget()
    try:
        # Another URL than the real script's, so no cached copy is used.
        texts = read_widgets(browser, host_site, live_server.url, walked_site, "de",
                             "widgets.js?english-fallback=1")
    finally:
        monkeypatch.undo()
        build.forget()
    found = widget_problems(texts, "de")
    for english in ("Events on the Flanders Academic Hub", "Previous month",
                    "Suggestions", "Everything"):
        assert any(f"{english!r} = msgid" in problem for problem in found), found
