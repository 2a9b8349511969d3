"""The widgets in a real browser (Debian's headless Chromium and chromedriver
through Selenium), embedded in a host page on ANOTHER origin: the hub runs on
pytest-django's ``live_server`` (localhost:<port>), the host pages come from
a small http.server on 127.0.0.1:<other port>.

Checked: every widget renders its filtered content, attribute changes
re-render with one request per configuration, the search widget works by
keyboard, nothing is logged as an error, XSS payloads in titles, summaries,
venues and URLs never run, hostile host CSS does not reach the widgets and
theirs does not leak, time zones, translations, every theme's rendered
contrast, the reserved box, the no-JavaScript and hub-down fallbacks, and the
admin's widget builder. Screenshots go to test-artifacts/widgets/.

If Chromium or chromedriver cannot start, the tests fail (scripts/test.sh
installs them); they are never skipped.
"""

import socket
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select
from wagtail.users.models import UserProfile

from cms.events.models import EventPage, EventType
from plugins.widgets.strings import labels, ui_strings
from tests.browser import HostSite as SharedHostSite
from tests.browser import (
    chromium_fixture,
    in_shadow,
    open_page,
    severe_console_errors,
    shadow_texts,
    wait_for,
)
from tests.factories import (
    make_event,
    make_expertise,
    make_institution,
    make_representation,
)
from themes.registry import available_themes

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "widgets"
TOKYO = ZoneInfo("Asia/Tokyo")
RED = "rgb(255, 0, 0)"

# Transactional: the live server's thread must see committed pages and the
# search table; serialized_rollback restores what migrations created.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Each payload sets window.__xss if it ever runs in the host page.
XSS_TITLE = 'Hostile fair <img src=x onerror="window.__xss=\'title\'">'
XSS_SUMMARY = "<script>window.__xss='summary'</script>Summary <b>bold</b>"
XSS_VENUE = '"><svg onload="window.__xss=\'venue\'"></svg>'
XSS_URL = "javascript:window.__xss='url'"
XSS_EXPERTISE = 'Xenolab <img src=x onerror="window.__xss=\'expertise\'">'

HOSTILE_CSS = """
* { color: red !important; display: inline; font-family: serif !important;
    line-height: 3 !important; }
p, li, ul, ol, a, h1, h2, h3, div, span, .w, .t, .meta, .it, .items, button, input {
  color: red !important; font-size: 30px !important; margin: 40px !important;
  background: yellow !important; }
"""


# --- the browser and the host site on another origin ------------------------------

browser = chromium_fixture()
browser_without_js = chromium_fixture(javascript=False)


class HostSite(SharedHostSite):
    """Host pages that load the hub's widget script from ``hub``."""

    def page(self, path: str, hub: str, body: str, *, lang: str = "en",
             css: str = "", head: str = "") -> str:
        tag = f'<script src="{hub}/embed/v1/widgets.js" defer></script>'
        style = f"<style>{css}</style>" if css else ""
        return super().page(path, f"<h1>An institution's page</h1>{body}",
                            head=f"{head}{style}{tag}", lang=lang)


@pytest.fixture(scope="module")
def host():
    site = HostSite()
    yield site
    site.stop()


@pytest.fixture(autouse=True)
def leave_the_page(request):
    """After each test the browsers leave the host page, so that no late widget
    request (a debounced search) reaches the live server while the database
    is flushed. Set up after pytest-django's database fixture (an autouse
    fixture of a plugin), so torn down before it."""
    yield
    for name in ("browser", "browser_without_js"):
        if name in request.fixturenames:
            request.getfixturevalue(name).get("about:blank")


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- content ---------------------------------------------------------------------


@pytest.fixture
def catalogue(site_tree):
    japan = make_representation()
    leuven = make_institution("KU Leuven", "ku-leuven")
    fair = make_event(japan, "Study in Flanders fair", days_ahead=10,
                      registration_url="https://example.org/register")
    cancelled = make_event(japan, "Alumni reception", days_ahead=12,
                           event_type="alumni-event", status="cancelled")
    weekly = make_event(japan, "Weekly info hour", slug="weekly", days_ahead=2,
                        recurrence_rule="FREQ=WEEKLY;COUNT=8")
    hostile = make_event(japan, XSS_TITLE, slug="hostile", days_ahead=14,
                         summary=XSS_SUMMARY, venue_name=XSS_VENUE,
                         online_url="https://example.org/live", attendance_mode="mixed")
    # The model refuses javascript: URLs; the widget must not trust that (an
    # import, an older hub or another server at `hub` could still send them).
    EventPage.objects.filter(pk=hostile.pk).update(registration_url=XSS_URL,
                                                   online_url=XSS_URL)
    seoul = make_event(leuven, "Seoul education fair", days_ahead=20,
                       venue_country="KR", venue_city="Seoul", venue_name="COEX",
                       tz="Asia/Seoul")
    robots = make_expertise(leuven, "Leuven robotics lab",
                            summary="Robots that help in hospitals.")
    ai = make_expertise(leuven, "Leuven AI lab", summary="Machine learning for health.")
    xeno = make_expertise(leuven, XSS_EXPERTISE, slug="xenolab",
                          summary="Robotics with hostile markup.")
    return {"japan": japan, "leuven": leuven, "fair": fair, "cancelled": cancelled,
            "weekly": weekly, "hostile": hostile, "seoul": seoul, "robots": robots,
            "ai": ai, "xeno": xeno}


# --- helpers ---------------------------------------------------------------------


def _settled(driver, *selectors: str, state: str = "ready") -> None:
    for selector in selectors:
        wait_for(driver, lambda d, s=selector: d.execute_script(
            "const e = document.querySelector(arguments[0]);"
            "return e && e.getAttribute('data-state')", s) == state,
              f"{selector} did not become {state}")


_shadow, _texts = in_shadow, shadow_texts


def _screenshot(driver, selector: str, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    element = driver.find_element(By.CSS_SELECTOR, selector)
    driver.execute_script("arguments[0].scrollIntoView()", element)
    element.screenshot(str(ARTIFACTS / f"{name}.png"))


def _api_requests(driver) -> list[str]:
    return driver.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
        ".filter(n => n.includes('/api/v1/') || n.includes('/embed/v1/'))")


def _luminance(css_colour: str) -> float:
    values = css_colour[css_colour.index("(") + 1:css_colour.index(")")].split(",")
    channels = [int(float(v)) / 255 for v in values[:3]]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
              for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _ratio(first: str, second: str) -> float:
    a, b = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def _fallback(hub: str, path: str, text: str) -> str:
    return f'<a class="fallback" href="{hub}{path}">{text}</a>'


# --- tests -------------------------------------------------------------------------


def test_every_widget_renders_on_another_origin(browser, live_server, host, catalogue):
    hub = live_server.url
    assert hub.rsplit(":", 1)[0] != host.url.rsplit(":", 1)[0]  # another origin
    japan = catalogue["japan"].translation_key
    body = (
        f'<flanders-events id="events" organiser="{japan}" limit="5">'
        f'{_fallback(hub, "/en/events/?organiser=japan", "Events")}</flanders-events>'
        f'<flanders-events id="cards" organiser="japan" layout="cards" limit="3" '
        f'lang="nl"></flanders-events>'
        f'<flanders-events id="compact" country="KR" layout="compact"></flanders-events>'
        f'<flanders-calendar id="calendar" organiser="{japan}"></flanders-calendar>'
        f'<flanders-expertise id="expertise" institution="ku-leuven" layout="cards">'
        f"</flanders-expertise>"
        f'<flanders-search id="search"></flanders-search>')
    browser.get_log("browser")  # start from an empty log
    open_page(browser, host.page("/all.html", hub, body))
    _settled(browser, "#events", "#cards", "#compact", "#calendar", "#expertise",
             "#search")

    titles = _texts(browser, "#events", ".t")
    assert titles == ["Weekly info hour", "Study in Flanders fair", "Alumni reception",
                      XSS_TITLE]  # upcoming, by start; the next weekly occurrence first
    assert _texts(browser, "#compact", ".t") == ["Seoul education fair"]
    assert sorted(_texts(browser, "#expertise", ".t")) == sorted(
        ["Leuven AI lab", "Leuven robotics lab", XSS_EXPERTISE])
    # The cancelled event carries its status; cards are Dutch (lang="nl").
    assert "cancelled" in " ".join(_texts(browser, "#events", ".badge")).lower()
    assert _texts(browser, "#cards", ".more a") == [
        "Evenementen op de Vlaamse academische hub"]
    assert _texts(browser, "#events", ".more a") == ["Events on the Flanders Academic Hub"]
    # Links are absolute links to the hub's pages; the footer is the fallback link.
    links = _shadow(browser, "#events", "return Array.from(root.querySelectorAll("
                    "'.t a')).map(a => a.href)")
    assert all(link.startswith("http://") and "/japan/" in link for link in links)
    assert _shadow(browser, "#events", "return root.querySelector('.more a').href") == (
        f"{hub}/en/events/?organiser=japan")
    # The search box has an accessible name; no request until the visitor searches.
    assert _shadow(browser, "#search", "return root.querySelector('label[for=q]')"
                   ".textContent") == "Search the Flanders Academic Hub"
    assert not [u for u in _api_requests(browser) if "/api/v1/search/" in u]
    assert not severe_console_errors(browser)
    for name in ("events", "cards", "compact", "calendar", "expertise", "search"):
        _screenshot(browser, f"#{name}", name)


def test_attribute_changes_rerender_with_one_request_per_configuration(
        browser, live_server, host, catalogue):
    hub = live_server.url
    body = ('<flanders-events id="a" organiser="japan" limit="3"></flanders-events>'
            '<flanders-events id="b" limit="3" organiser="japan"></flanders-events>')
    open_page(browser, host.page("/change.html", hub, body))
    _settled(browser, "#a", "#b")
    events = [u for u in _api_requests(browser) if "/api/v1/events/" in u]
    assert len(events) == 1, events  # two widgets, one configuration, one request
    assert len([u for u in _api_requests(browser) if "/theme.css" in u]) == 1

    # Several attribute changes in one task: one new request, then new content.
    browser.execute_script(
        "const e = document.querySelector('#a');"
        "e.setAttribute('organiser', 'ku-leuven'); e.setAttribute('limit', '2');")
    wait_for(browser, lambda d: _texts(d, "#a", ".t") == ["Seoul education fair"],
          "the widget did not re-render for its new attributes")
    _settled(browser, "#a")
    events = [u for u in _api_requests(browser) if "/api/v1/events/" in u]
    assert len(events) == 2, events
    assert _texts(browser, "#b", ".t")[0] == "Weekly info hour"  # the other one stays
    # Back to the first configuration: answered from the page's shared request.
    browser.execute_script("const e = document.querySelector('#a');"
                           "e.setAttribute('organiser', 'japan'); e.setAttribute('limit', '3')")
    wait_for(browser, lambda d: _texts(d, "#a", ".t")[:1] == ["Weekly info hour"],
          "the widget did not re-render")
    assert len([u for u in _api_requests(browser) if "/api/v1/events/" in u]) == 2

    # A filter the API refuses: a message and the fallback link, not a blank box.
    browser.execute_script("document.querySelector('#b').setAttribute('country', 'XYZ')")
    _settled(browser, "#b", state="error")
    message = _shadow(browser, "#b", "return root.querySelector('.msg').textContent")
    assert "not set up correctly" in message
    assert _shadow(browser, "#b", "return root.querySelector('.msg a').href").startswith(
        f"{hub}/en/events/")


def test_xss_payloads_never_run_in_the_host_page(browser, live_server, host, catalogue):
    hub = live_server.url
    body = ('<flanders-events id="list" organiser="japan"></flanders-events>'
            '<flanders-events id="cards" organiser="japan" layout="cards"></flanders-events>'
            '<flanders-calendar id="calendar" organiser="japan"></flanders-calendar>'
            '<flanders-expertise id="expertise" institution="ku-leuven"></flanders-expertise>'
            '<flanders-search id="search" q="xenolab" lang="nl"></flanders-search>')
    open_page(browser, host.page("/xss.html", hub, body))
    _settled(browser, "#list", "#cards", "#calendar", "#expertise", "#search")
    month = catalogue["hostile"].start.astimezone(TOKYO).strftime("%Y-%m")
    browser.execute_script(f"document.querySelector('#calendar').setAttribute('month', '{month}')")
    _settled(browser, "#calendar")
    wait_for(browser, lambda d: _texts(d, "#search", ".res .t"), "no search results")
    # Suggestions with the hostile title, too.
    browser.execute_script(
        "const i = document.querySelector('#search').shadowRoot.querySelector('#q');"
        "i.value = 'xeno'; i.dispatchEvent(new Event('input'));")
    wait_for(browser, lambda d: _shadow(d, "#search", "return root.querySelectorAll("
                                      "'[role=option]').length") > 0, "no suggestions")
    assert browser.execute_script("return window.__xss") is None

    # The payloads are shown as text.
    assert XSS_TITLE in _texts(browser, "#list", ".t")
    assert XSS_EXPERTISE in _texts(browser, "#expertise", ".t")
    assert XSS_VENUE in " ".join(_texts(browser, "#list", ".meta"))
    assert XSS_SUMMARY in _texts(browser, "#cards", ".s")
    assert any(XSS_EXPERTISE in text for text in _texts(browser, "#search", ".res .t"))
    for selector in ("#list", "#cards", "#calendar", "#expertise", "#search"):
        found = _shadow(browser, selector, """
            return Array.from(root.querySelectorAll('*')).filter(e =>
              ['SCRIPT', 'IMG', 'SVG', 'svg', 'IFRAME', 'OBJECT', 'B'].includes(e.tagName) ||
              Array.from(e.attributes).some(a => /^on/i.test(a.name)) ||
              /^\\s*javascript:/i.test(e.getAttribute('href') || '')).map(e => e.outerHTML)""")
        assert not found, f"{selector}: {found}"
    # The javascript: registration and online links were dropped, the hub's kept.
    card_links = _shadow(browser, "#cards", "return Array.from(root.querySelectorAll("
                         "'.act a')).map(a => a.href)")
    assert card_links == ["https://example.org/register"]


def test_host_css_does_not_reach_the_widgets_and_theirs_does_not_leak(
        browser, live_server, host, catalogue):
    hub = live_server.url
    body = ('<p class="meta" id="host-meta">Host text</p>'
            '<ul class="items list" id="host-list"><li class="it">Host item</li></ul>'
            '<flanders-events id="events" organiser="japan"></flanders-events>'
            '<flanders-search id="search" q="robotics" lang="nl"></flanders-search>')
    open_page(browser, host.page("/css.html", hub, body, css=HOSTILE_CSS))
    _settled(browser, "#events", "#search")
    wait_for(browser, lambda d: _texts(d, "#search", ".res .t"), "no search results")
    style = _shadow(browser, "#events", """
        const s = e => getComputedStyle(e);
        const link = root.querySelector('.t a'), meta = root.querySelector('.meta');
        return {host: s(host).display, link: s(link).color, meta: s(meta).color,
                metaSize: s(meta).fontSize, font: s(link).fontFamily,
                margin: s(root.querySelector('.it')).marginTop,
                line: s(root.querySelector('.w')).lineHeight,
                background: s(root.querySelector('.w')).backgroundColor}""")
    tokens = available_themes()["flanders"].tokens
    assert style["host"] == "block"
    assert style["link"] == "rgb(11, 83, 148)" == _rgb(tokens["color-link"])
    assert style["meta"] == _rgb(tokens["color-text-muted"])
    assert style["background"] == "rgb(255, 255, 255)"
    assert style["metaSize"] != "30px" and style["margin"] == "0px"
    assert "serif" != style["font"].strip() and style["line"] != "48px"
    button = _shadow(browser, "#search", "return getComputedStyle("
                     "root.querySelector('button')).color")
    assert button != RED
    # The widget's own rules (.meta, .items, .it ...) stay in its shadow root.
    host_style = browser.execute_script("""
        const s = e => getComputedStyle(document.querySelector(e));
        return {meta: s('#host-meta').color, size: s('#host-meta').fontSize,
                list: s('#host-list').listStyleType, item: s('#host-list li').overflow}""")
    assert host_style == {"meta": RED, "size": "30px", "list": "disc", "item": "visible"}
    assert browser.execute_script(
        "return document.adoptedStyleSheets.length + "
        "document.querySelectorAll('style').length") == 1  # the page's own
    _screenshot(browser, "#events", "events-on-hostile-css")


def test_widgets_work_under_a_strict_content_security_policy(browser, live_server, host,
                                                            catalogue):
    hub = live_server.url
    policy = (f"default-src 'none'; script-src {hub}; connect-src {hub}; "
              "style-src 'self'; img-src data:")
    head = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    body = '<flanders-events id="events" organiser="japan" limit="2"></flanders-events>'
    browser.get_log("browser")
    open_page(browser, host.page("/csp.html", hub, body, head=head, css="h1 {color: red}"))
    _settled(browser, "#events")
    colour = _shadow(browser, "#events", "return getComputedStyle("
                     "root.querySelector('.t a')).color")
    assert colour == "rgb(11, 83, 148)"  # styled: constructed sheets pass style-src
    assert _shadow(browser, "#events", "return root.adoptedStyleSheets.length") == 2
    # The policy works: it refuses the host page's own inline <style> ...
    assert browser.execute_script("return getComputedStyle(document.querySelector("
                                  "'h1')).color") != RED
    errors = severe_console_errors(browser)
    assert any("style-src" in e["message"] for e in errors), errors
    # ... and nothing of the widget.
    assert all("csp.html" in e["message"] and "style-src" in e["message"]
               for e in errors), errors


def _rgb(hex_colour: str) -> str:
    digits = hex_colour.lstrip("#")
    return "rgb({}, {}, {})".format(*(int(digits[i:i + 2], 16) for i in (0, 2, 4)))


def test_search_widget_by_keyboard(browser, live_server, host, catalogue):
    hub = live_server.url
    # The test content is Dutch (search answers in the requested language only).
    texts, kinds = ui_strings("nl"), labels("nl")["suggestion"]
    body = ('<p><a href="#top">Skip</a></p>'
            '<flanders-search id="search" lang="nl"></flanders-search>')
    browser.get_log("browser")
    open_page(browser, host.page("/search.html", hub, body))
    _settled(browser, "#search")

    def focused_id():
        return browser.execute_script(
            "const a = document.activeElement;"
            "return a && a.shadowRoot && a.shadowRoot.activeElement ?"
            " a.shadowRoot.activeElement.id : null")

    browser.execute_script("document.activeElement && document.activeElement.blur()")
    for _ in range(10):
        ActionChains(browser).send_keys(Keys.TAB).perform()
        if focused_id() == "q":
            break
    else:
        pytest.fail("the search box cannot be reached with the Tab key")

    ActionChains(browser).send_keys("leuven").perform()
    wait_for(browser, lambda d: _shadow(d, "#search", "return root.querySelector("
                                      "'#q').getAttribute('aria-expanded')") == "true",
          "the suggestions did not open")
    options = _texts(browser, "#search", "[role=option]")
    assert any("Leuven robotics lab" in option for option in options), options
    assert all(option.endswith(tuple(kinds.values())) for option in options), options
    ActionChains(browser).send_keys(Keys.ARROW_DOWN).perform()
    wait_for(browser, lambda d: _shadow(d, "#search", "return root.querySelector('#q')"
                                      ".getAttribute('aria-activedescendant')"),
          "ArrowDown did not move into the suggestions")
    state = _shadow(browser, "#search", """
        const q = root.querySelector('#q');
        const active = root.getElementById(q.getAttribute('aria-activedescendant'));
        return {active: q.getAttribute('aria-activedescendant'),
                selected: active && active.getAttribute('aria-selected'),
                said: root.querySelector('.vh[role=status]').textContent}""")
    assert state["active"].startswith("sg-") and state["selected"] == "true"
    assert state["said"] == texts["n_suggestions"].replace("{n}", str(len(options)))
    ActionChains(browser).send_keys(Keys.ESCAPE).perform()
    wait_for(browser, lambda d: _shadow(d, "#search", "return root.querySelector('#sg')"
                                      ".hidden"), "Escape did not close the suggestions")
    assert focused_id() == "q"

    # Enter searches; results and facets appear and are announced.
    ActionChains(browser).send_keys(Keys.ENTER).perform()
    wait_for(browser, lambda d: _texts(d, "#search", ".res .t"), "the search gave no results")
    count = _shadow(browser, "#search", "return root.querySelector('.count').textContent")
    total = len(_texts(browser, "#search", ".res .t"))
    assert count == texts["n_results"].replace("{n}", str(total))
    assert total >= 3
    assert labels("nl")["facet"]["type"] in _texts(browser, "#search", "legend")
    expertise = _shadow(browser, "#search", "return root.querySelector("
                        "'label[for=f-type-expertise]').textContent")
    assert expertise.endswith(" (3)")

    # Tab past the results to the type facet (folded), Enter unfolds it, Tab
    # enters its radio group, arrows choose, the results follow, and the
    # focus stays on the chosen radio button.
    for _ in range(15):
        ActionChains(browser).send_keys(Keys.TAB).perform()
        if focused_id() == "fs-type":
            break
    else:
        pytest.fail("the type facet cannot be reached with the Tab key")
    ActionChains(browser).send_keys(Keys.ENTER, Keys.TAB).perform()
    assert (focused_id() or "").startswith("f-type-"), focused_id()
    for _ in range(5):
        if focused_id() == "f-type-expertise":
            break
        ActionChains(browser).send_keys(Keys.ARROW_DOWN).perform()
        wait_for(browser, lambda d: d.execute_script(
            "return document.querySelector('#search').getAttribute('data-state')")
            == "ready", "the search did not finish")
    wait_for(browser, lambda d: sorted(_texts(d, "#search", ".res .t")) == sorted(
        ["Leuven robotics lab", "Leuven AI lab", XSS_EXPERTISE]),
          "the type facet did not filter")
    assert focused_id() == "f-type-expertise"
    metas = _texts(browser, "#search", ".res .meta")
    assert all(meta.startswith(kinds["expertise"]) for meta in metas), metas
    _screenshot(browser, "#search", "search")

    # Choosing an entry from the suggestions by keyboard opens its page.
    browser.execute_script(
        "document.querySelector('#search').shadowRoot.querySelector('#q').focus()")
    ActionChains(browser).key_down(Keys.CONTROL).send_keys("a").key_up(
        Keys.CONTROL).send_keys("Leuven rob").perform()
    wait_for(browser, lambda d: any("Leuven robotics lab" in o for o in _texts(
        d, "#search", "[role=option]")), "no suggestion for the entry")
    index = next(i for i, o in enumerate(_texts(browser, "#search", "[role=option]"))
                 if "Leuven robotics lab" in o)
    for _ in range(index + 1):
        ActionChains(browser).send_keys(Keys.ARROW_DOWN).perform()
    ActionChains(browser).send_keys(Keys.ENTER).perform()
    wait_for(browser, lambda d: "leuven-robotics-lab" in d.current_url,
          "Enter on the suggestion did not open the entry")
    assert not [e for e in severe_console_errors(browser) if "favicon" not in e["message"]]


def test_time_zones_and_languages(browser, live_server, host, catalogue):
    hub = live_server.url
    fair = catalogue["fair"]
    body = ('<flanders-events id="event-tz" organiser="japan" limit="2"></flanders-events>'
            '<flanders-events id="visitor-tz" organiser="japan" limit="2" '
            'time-zone="visitor"></flanders-events>'
            '<div lang="de"><flanders-events id="german" organiser="japan" limit="2">'
            '</flanders-events></div>'
            '<flanders-events id="french" lang="fr" organiser="japan" limit="2">'
            '</flanders-events>')
    browser.execute_cdp_cmd("Emulation.setTimezoneOverride",
                            {"timezoneId": "Europe/Brussels"})
    try:
        open_page(browser, host.page("/tz.html", hub, body))
        _settled(browser, "#event-tz", "#visitor-tz", "#german", "#french")
        local = fair.start.astimezone(ZoneInfo("Europe/Brussels"))
        brussels = f"{local.hour:02d}:{local.minute:02d}"  # en: 24-hour clock (en-GB)
        times = _shadow(browser, "#event-tz", "return Array.from(root.querySelectorAll("
                        "'.it')).map(li => li.textContent)")
        fair_line = next(t for t in times if "Study in Flanders fair" in t)
        # The zone by its name, never as an offset ("GMT+9").
        assert "10:00" in fair_line and "Tokyo" in fair_line, fair_line
        assert "GMT" not in fair_line, fair_line
        visitor = _shadow(browser, "#visitor-tz", "return Array.from(root.querySelectorAll("
                          "'.it')).map(li => li.textContent)")
        fair_visitor = next(t for t in visitor if "Study in Flanders fair" in t)
        assert brussels in fair_visitor and "10:00" not in fair_visitor, fair_visitor
    finally:
        browser.execute_cdp_cmd("Emulation.setTimezoneOverride", {"timezoneId": ""})
    # lang from the element, else from the nearest ancestor.
    assert _texts(browser, "#german", ".more a") == [
        "Veranstaltungen im Akademischen Hub Flandern"]
    assert _texts(browser, "#french", ".more a") == [
        "Événements sur le Hub académique de Flandre"]
    with translation.override("de"):
        fair_de = str(EventType.EDUCATION_FAIR.label)
    assert fair_de != "Education fair"
    assert fair_de in " ".join(_texts(browser, "#german", ".meta"))


def test_calendar_month_view_and_navigation(browser, live_server, host, catalogue):
    hub = live_server.url
    weekly = catalogue["weekly"]
    starts = [start.astimezone(TOKYO) for start, _end in weekly.occurrences()]
    first = starts[0]
    month = first.strftime("%Y-%m")
    body = (f'<flanders-calendar id="calendar" organiser="japan" month="{month}">'
            f'</flanders-calendar>')
    open_page(browser, host.page("/calendar.html", hub, body))
    _settled(browser, "#calendar")

    def weekly_days():
        return _shadow(browser, "#calendar", """
            return Array.from(root.querySelectorAll('td')).filter(td =>
              Array.from(td.querySelectorAll('li')).some(li =>
                li.textContent.includes('Weekly info hour'))).map(td =>
              td.querySelector('.dn').textContent)""")

    in_month = [s.day for s in starts if s.strftime("%Y-%m") == month]
    assert [int(d) for d in weekly_days()] == in_month
    title = _texts(browser, "#calendar", ".mt")[0]
    assert str(first.year) in title
    headers = _texts(browser, "#calendar", "th")
    assert headers[0].startswith("Mon")
    _screenshot(browser, "#calendar", "calendar")

    browser.execute_script("document.querySelector('#calendar').shadowRoot"
                           ".querySelectorAll('.nb')[1].click()")
    following = (first.replace(day=1) + timedelta(days=32)).strftime("%Y-%m")
    wait_for(browser, lambda d: _texts(d, "#calendar", ".mt")[0] != title,
          "the next-month button did not change the month")
    _settled(browser, "#calendar")
    wait_for(browser, lambda d: [int(x) for x in weekly_days()] == [
        s.day for s in starts if s.strftime("%Y-%m") == following],
          "the next month does not show the series' occurrences")
    # The button keeps the focus, and the month is announced.
    assert _shadow(browser, "#calendar", "return root.querySelector('.mt')"
                   ".getAttribute('aria-live')") == "polite"
    # Narrow: an agenda list instead of the grid.
    browser.execute_script("document.querySelector('#calendar').style.width = '300px'")
    assert _shadow(browser, "#calendar", "return getComputedStyle(root.querySelector("
                   "'.cal')).display") == "none"
    assert _shadow(browser, "#calendar", "return getComputedStyle(root.querySelector("
                   "'.agenda')).display") == "block"


def test_the_box_is_reserved_while_loading(browser, live_server, host, catalogue):
    hub = live_server.url
    body = ('<flanders-events id="list" organiser="japan" limit="4"></flanders-events>'
            '<flanders-events id="cards" layout="cards" limit="3"></flanders-events>'
            '<flanders-expertise id="expertise" limit="2"></flanders-expertise>'
            '<p id="below">Below the widgets</p>')
    open_page(browser, host.page("/reserve.html", hub, body))
    _settled(browser, "#list", "#cards", "#expertise")
    for selector, change in (("#list", ("country", "JP")), ("#cards", ("type", "webinar")),
                             ("#expertise", ("kind", "lab"))):
        placeholder = browser.execute_async_script("""
            const [selector, name, value, done] = arguments;
            const e = document.querySelector(selector);
            e.setAttribute(name, value);
            Promise.resolve().then(() => Promise.resolve()).then(() =>
              done([e.getAttribute('data-state'), e.getBoundingClientRect().height]));
        """, selector, *change)
        assert placeholder[0] == "loading", selector
        _settled(browser, selector)
        final = browser.execute_script(
            "return document.querySelector(arguments[0]).getBoundingClientRect().height",
            selector)
        assert abs(final - placeholder[1]) <= 1, (selector, placeholder, final)


def test_every_theme_renders_with_aa_contrast(browser, live_server, host, catalogue):
    hub = live_server.url
    names = sorted(available_themes())
    body = "".join(f'<flanders-expertise id="t-{name}" theme="{name}" layout="cards" '
                   f'limit="2"></flanders-expertise>' for name in names)
    open_page(browser, host.page("/themes.html", hub, body))
    _settled(browser, *(f"#t-{name}" for name in names))
    for name in names:
        selector = f"#t-{name}"
        wait_for(browser, lambda d, s=selector: _shadow(d, s, "return getComputedStyle(host)"
                                                     ".getPropertyValue('--hub-color-text')"),
              f"the theme {name} was not applied")
        colours = _shadow(browser, selector, """
            const s = e => getComputedStyle(e);
            const card = root.querySelector('.it'), w = root.querySelector('.w');
            return {link: s(root.querySelector('.t a')).color,
                    meta: s(root.querySelector('.meta')).color,
                    text: s(root.querySelector('.s')).color,
                    card: s(card).backgroundColor, page: s(w).backgroundColor,
                    more: s(root.querySelector('.more a')).color}""")
        pairs = [("link", "card"), ("meta", "card"), ("text", "card"), ("more", "page")]
        for fg, bg in pairs:
            ratio = _ratio(colours[fg], colours[bg])
            assert ratio >= 4.5, f"{name}: {fg} {colours[fg]} on {bg} {colours[bg]}: {ratio:.2f}"
        _screenshot(browser, selector, f"theme-{name}")


def test_without_javascript_the_fallback_link_shows(browser_without_js, live_server, host,
                                                    catalogue):
    hub = live_server.url
    body = "".join(
        f'<flanders-{name} id="{name}" organiser="japan">'
        f'{_fallback(hub, f"/en/{page}/?organiser=japan", text)}</flanders-{name}>'
        for name, page, text in (("events", "events", "Events on the hub"),
                                 ("calendar", "events", "Event calendar"),
                                 ("expertise", "expertise", "Expertise on the hub"),
                                 ("search", "search", "Search the hub")))
    open_page(browser_without_js, host.page("/nojs.html", hub, body))
    for name in ("events", "calendar", "expertise", "search"):
        link = browser_without_js.find_element(By.CSS_SELECTOR, f"#{name} a.fallback")
        assert link.is_displayed()
        assert link.get_attribute("href").startswith(f"{hub}/en/")
    _screenshot(browser_without_js, "body", "no-javascript")


def test_hub_down_shows_the_fallback_link_and_a_message(browser, live_server, host):
    down = f"http://127.0.0.1:{closed_port()}"
    body = (f'<flanders-events id="down" hub="{down}" organiser="japan">'
            f'{_fallback(down, "/en/events/?organiser=japan", "Events on the hub")}'
            f'</flanders-events>'
            f'<flanders-expertise id="bare" hub="{down}"></flanders-expertise>')
    open_page(browser, host.page("/down.html", live_server.url, body))
    _settled(browser, "#down", "#bare", state="error")
    message = _shadow(browser, "#down", "return root.querySelector('.msg p').textContent")
    assert message == "The Flanders Academic Hub cannot be reached right now."
    # The light-DOM link is slotted into the message and visible.
    slotted = _shadow(browser, "#down", "return root.querySelector('slot')"
                      ".assignedElements().map(e => e.textContent)")
    assert slotted == ["Events on the hub"]
    assert browser.find_element(By.CSS_SELECTOR, "#down a.fallback").is_displayed()
    # Without light-DOM content the widget writes the link itself.
    assert _shadow(browser, "#bare", "return root.querySelector('.msg a').href") == (
        f"{down}/en/expertise/")
    assert _shadow(browser, "#down", "return root.querySelector('.w').offsetHeight") > 40
    _screenshot(browser, "#down", "hub-down")


def test_widget_builder_live_preview_and_snippets(browser, live_server, catalogue):
    user = get_user_model().objects.create_superuser("builder", "b@example.org", "pw-1234")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    open_page(browser, f"{live_server.url}/admin/login/")
    browser.find_element(By.NAME, "username").send_keys("builder")
    browser.find_element(By.NAME, "password").send_keys("pw-1234\n")
    wait_for(browser, lambda d: "/admin/login" not in d.current_url, "login failed")
    open_page(browser, f"{live_server.url}/admin/widget-builder/?widget=events")
    _settled(browser, "[data-builder-preview] flanders-events")

    Select(browser.find_element(By.ID, "id_organiser")).select_by_visible_text(
        "Flanders in Japan")
    Select(browser.find_element(By.ID, "id_layout")).select_by_value("cards")
    wait_for(browser, lambda d: d.execute_script(
        "return document.querySelector('[data-builder-preview] flanders-events')"
        ".getAttribute('layout')") == "cards", "the preview did not get the new layout")
    _settled(browser, "[data-builder-preview] flanders-events")
    assert "Study in Flanders fair" in _texts(
        browser, "[data-builder-preview] flanders-events", ".t")
    japan = str(catalogue["japan"].translation_key)
    html = browser.find_element(By.ID, "snippet-html").get_attribute("value")
    assert f'organiser="{japan}"' in html and 'layout="cards"' in html
    assert f"{live_server.url}/embed/v1/widgets.js" in html
    assert "/en/events/?organiser=japan" in html
    shortcode = browser.find_element(By.ID, "snippet-shortcode").get_attribute("value")
    assert shortcode.startswith(f'[flanders_events organiser="{japan}"')
    assert "layout=cards" in browser.current_url  # a shareable URL
    browser.find_element(By.CSS_SELECTOR, "[data-copy=snippet-html]").click()
    wait_for(browser, lambda d: d.find_element(
        By.CSS_SELECTOR, "[data-builder-status]").text == "The HTML is copied.",
          "copying gave no confirmation")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    browser.set_window_size(1280, 1500)
    browser.execute_script(  # back to the top, whichever element scrolled
        "document.querySelectorAll('*').forEach(e => { if (e.scrollTop) e.scrollTop = 0; });"
        "window.scrollTo(0, 0);")
    browser.save_screenshot(str(ARTIFACTS / "builder.png"))
    browser.set_window_size(1280, 1000)


def test_recurring_events_expand_like_the_hub(browser, live_server, host, site_tree):
    """The calendar's RRULE subset gives the dates the hub's own expansion gives."""
    japan = make_representation()
    base = (datetime.now(TOKYO) + timedelta(days=40)).replace(
        hour=18, minute=30, second=0, microsecond=0)
    # (rule, event type): one type per event, so each is alone in its calendar.
    rules = {"monthly-2tu": ("FREQ=MONTHLY;BYDAY=2TU;COUNT=4", "info-session"),
             "weekly-mowe": ("FREQ=WEEKLY;BYDAY=MO,WE;INTERVAL=2;COUNT=6", "webinar"),
             "daily": ("FREQ=DAILY;INTERVAL=3;COUNT=5", "conference"),
             "monthly-15": ("FREQ=MONTHLY;BYMONTHDAY=15;COUNT=3", "networking"),
             "until": ("FREQ=WEEKLY;UNTIL=" + (base + timedelta(days=20)).strftime(
                 "%Y%m%dT%H%M%SZ"), "other")}
    events = {slug: make_event(japan, slug, slug=slug, start=base, event_type=kind,
                               end=base + timedelta(hours=1), recurrence_rule=rule,
                               recurrence_exceptions=(base + timedelta(days=7)).strftime(
                                   "%Y-%m-%d") if slug == "until" else "")
              for slug, (rule, kind) in rules.items()}
    open_page(browser, host.page("/rrule.html", live_server.url, ""))
    for slug, event in events.items():
        expected = sorted({s.astimezone(TOKYO).strftime("%Y-%m-%d")
                           for s, _e in event.occurrences()})
        browser.execute_script(
            "document.body.replaceChildren(document.createElement('flanders-calendar'));"
            "const c = document.body.firstChild; c.id = 'c';"
            "c.setAttribute('organiser', 'japan'); c.setAttribute('type', arguments[0]);",
            event.event_type)
        seen = []
        for month in sorted({day[:7] for day in expected}):
            browser.execute_async_script("""
                const [month, done] = arguments, c = document.querySelector('#c');
                c.setAttribute('month', month);
                Promise.resolve().then(() => done());""", month)
            _settled(browser, "#c")
            days = _shadow(browser, "#c", """
                return Array.from(root.querySelectorAll('td')).filter(td =>
                  td.querySelector('li')).map(td => td.querySelector('.dn').textContent)""")
            seen += [f"{month}-{int(d):02d}" for d in days]
        assert sorted(seen) == expected, (slug, event.recurrence_rule)
