"""The widgets' layout in a real browser (issue 14, point 7): at a 280 px
sidebar and a 1,200 px column, every widget type shows the title, date,
place and register link whole (not clipped by an overflow box, no ellipsis,
no line clamp) and never spills sideways; the calendar is an agenda by day
when narrow and a month of as many weeks as it touches when wide, each entry
with its time and zone; the search widget shows results before its folded
facets, with separators in its snippets; event states (cancelled, postponed,
moved online) are shown as such.

One live server (pytest-django's, session-wide) and one Chromium for the
module, in Brussels time, with the host pages on another origin. Screenshots
go to test-artifacts/widgets/layout-*.png.
"""

import calendar
import json
import re
from datetime import datetime, timedelta
from urllib.request import urlopen
from zoneinfo import ZoneInfo

import pytest
from selenium.webdriver.common.by import By

from plugins.widgets.strings import labels
from search.documents import plain_text
from tests.browser import (
    HostSite,
    chromium_fixture,
    in_shadow,
    open_page,
    shadow_texts,
    wait_for,
)
from tests.factories import (
    make_event,
    make_expertise,
    make_institution,
    make_representation,
)
from tests.plugins.test_widgets_browser import ARTIFACTS

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TOKYO, BRUSSELS = ZoneInfo("Asia/Tokyo"), ZoneInfo("Europe/Brussels")
WIDTHS = (280, 1200)
LONG_TITLE = ("International symposium on green hydrogen and sustainable energy "
              "cooperation between Flanders and Japan")
LONG_VENUE = "Tokyo International Forum, Hall B7 (entrance on the Marunouchi side)"
BODY = ("<p>Energy technology at the lab does research on geothermal energy and "
        "hydrogen.</p><h2>International cooperation</h2><p>We work with partners "
        "in Japan.</p>")
WIDGETS = {
    "list": '<flanders-events organiser="japan" limit="6">',
    "cards": '<flanders-events organiser="japan" layout="cards" limit="6">',
    "compact": '<flanders-events organiser="japan" layout="compact" limit="6">',
    "calendar": '<flanders-calendar organiser="japan" month="{month}">',
    "expertise": '<flanders-expertise institution="ku-leuven" layout="cards">',
    "search": '<flanders-search q="cooperation" type="expertise" lang="nl">',  # nl content
}

browser = chromium_fixture()


@pytest.fixture(scope="module", autouse=True)
def brussels_visitor(browser):
    """The visitor is in Brussels: Tokyo events differ from their clock."""
    browser.execute_cdp_cmd("Emulation.setTimezoneOverride",
                            {"timezoneId": "Europe/Brussels"})
    yield
    browser.execute_cdp_cmd("Emulation.setTimezoneOverride", {"timezoneId": ""})


@pytest.fixture(scope="module")
def host():
    site = HostSite()
    yield site
    site.stop()


@pytest.fixture(autouse=True)
def leave_the_page(request, browser):
    """No late widget request reaches the live server while the database is
    flushed after a test."""
    yield
    browser.get("about:blank")


def _month_start() -> datetime:
    """The first day of a month wholly ahead (so every event is upcoming)."""
    ahead = datetime.now(TOKYO) + timedelta(days=40)
    return ahead.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


@pytest.fixture
def catalogue(site_tree):
    japan = make_representation()
    leuven = make_institution("KU Leuven", "ku-leuven")
    first = _month_start()

    def at(day: int, hour: int, zone: ZoneInfo) -> datetime:
        return datetime(first.year, first.month, day, hour, tzinfo=zone)

    events = {
        "tokyo": make_event(japan, LONG_TITLE, slug="symposium", start=at(10, 19, TOKYO),
                            end=at(10, 21, TOKYO), venue_name=LONG_VENUE,
                            registration_url="https://example.org/register"),
        "ghent": make_event(japan, "Ghent alumni day", slug="ghent", tz="Europe/Brussels",
                            start=at(10, 10, BRUSSELS), end=at(10, 13, BRUSSELS),
                            venue_name="Het Pand", venue_city="Ghent",
                            venue_country="BE", event_type="alumni-event",
                            registration_url="https://example.org/ghent"),
        "cancelled": make_event(japan, "Cancelled reception", slug="cancelled",
                                start=at(12, 18, TOKYO), end=at(12, 20, TOKYO),
                                status="cancelled",
                                registration_url="https://example.org/cancelled"),
        "postponed": make_event(japan, "Postponed info session", slug="postponed",
                                start=at(14, 15, TOKYO), end=at(14, 16, TOKYO),
                                status="postponed", event_type="info-session"),
        "online": make_event(japan, "Moved online seminar", slug="online",
                             start=at(16, 9, TOKYO), end=at(16, 11, TOKYO),
                             status="moved-online", attendance_mode="online",
                             online_url="https://example.org/live"),
    }
    make_expertise(leuven, "Leuven energy technology and hydrogen research lab",
                   slug="energy", summary="Energy research.", body=BODY)
    return {"month": first.strftime("%Y-%m"), "first": first, **events}


# --- helpers ---------------------------------------------------------------------

def _page(host: HostSite, live_server, catalogue, extra: str = "") -> str:
    columns = []
    for width in WIDTHS:
        cells = "".join(
            f'<div class="slot">{tag.format(month=catalogue["month"])[:-1]} '
            f'id="{name}-{width}" lang="en"></{tag.split()[0][1:]}></div>'
            for name, tag in WIDGETS.items())
        columns.append(f'<div class="column" style="width:{width}px">{cells}</div>')
    script = f'<script src="{live_server.url}/embed/v1/widgets.js" defer></script>'
    style = "<style>.slot { margin: 0 0 24px; } body { margin: 8px; }</style>"
    return host.page("/layout.html", "".join(columns) + extra, head=style + script)


def _settled(driver, *ids: str) -> None:
    for element_id in ids:
        wait_for(driver, lambda d, i=element_id: d.execute_script(
            "return document.getElementById(arguments[0]).getAttribute('data-state')",
            i) == "ready", f"#{element_id} did not render")


def _all_ids() -> list[str]:
    return [f"{name}-{width}" for width in WIDTHS for name in WIDGETS]


# Whether an element in a widget is whole: inside the widget's box, not cut
# by any box between them that clips (overflow, line clamp), no ellipsis.
CLIPPED = """
const [id, selector] = arguments;
const root = document.getElementById(id).shadowRoot, box = root.querySelector('.w');
const outer = box.getBoundingClientRect(), found = [];
const inside = (r, o) => r.left >= o.left - 1 && r.right <= o.right + 1
  && r.top >= o.top - 1 && r.bottom <= o.bottom + 1;
for (const el of root.querySelectorAll(selector)) {
  const r = el.getBoundingClientRect(), text = el.textContent.trim().slice(0, 40);
  if (!r.width || !r.height) { found.push(text + ': not shown'); continue; }
  if (!inside(r, outer)) found.push(text + ': outside the widget');
  for (let a = el; a && a !== box; a = a.parentElement) {
    const s = getComputedStyle(a);
    if (s.textOverflow === 'ellipsis' && s.overflowX !== 'visible') found.push(text + ': ellipsis');
    if (s.webkitLineClamp && s.webkitLineClamp !== 'none') found.push(text + ': line clamp');
    if (s.overflowX !== 'visible' || s.overflowY !== 'visible') {
      if (a.scrollWidth > a.clientWidth + 1 || a.scrollHeight > a.clientHeight + 1)
        found.push(text + ': cut by ' + a.className);
      if (!inside(r, a.getBoundingClientRect())) found.push(text + ': outside ' + a.className);
    }
  }
}
return found;
"""


def _clipped(driver, element_id: str, selector: str) -> list[str]:
    return driver.execute_script(CLIPPED, element_id, selector)


def _count(driver, element_id: str, selector: str) -> int:
    return driver.execute_script(
        "return document.getElementById(arguments[0]).shadowRoot"
        ".querySelectorAll(arguments[1]).length", element_id, selector)


def _shadow(driver, element_id: str, script: str):
    return in_shadow(driver, f"#{element_id}", script)


def _texts(driver, element_id: str, selector: str) -> list[str]:
    return shadow_texts(driver, f"#{element_id}", selector)


def _screenshot(driver, element_id: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    element = driver.find_element(By.ID, element_id)
    driver.execute_script("arguments[0].scrollIntoView()", element)
    element.screenshot(str(ARTIFACTS / f"layout-{element_id}.png"))


# The key information of each widget type: title, date, place, register link.
KEY = {
    "list": (".t", ".meta time", ".pl", ".act a"),
    "cards": (".t", ".meta time", ".pl", ".act a"),
    "compact": (".t", "time", ".pl"),
    "expertise": (".t", ".meta"),
    "search": (".res .t", ".res .meta"),
}
CALENDAR_KEY = ("li > a", ".tm", ".pl")


# --- tests -----------------------------------------------------------------------


def test_title_date_place_and_register_link_are_never_cut(browser, live_server, host,
                                                           catalogue):
    browser.set_window_size(1400, 1000)
    open_page(browser, _page(host, live_server, catalogue))
    _settled(browser, *_all_ids())
    wait_for(browser, lambda d: _count(d, "search-280", ".res .t") and _count(
        d, "search-1200", ".res .t"), "the search widgets found nothing")
    for width in WIDTHS:
        for name in WIDGETS:
            element_id = f"{name}-{width}"
            # The widget fills its column and nothing in it spills sideways.
            size = _shadow(browser, element_id, """
                const w = root.querySelector('.w');
                return {host: host.getBoundingClientRect().width,
                        column: host.parentElement.getBoundingClientRect().width,
                        scroll: w.scrollWidth, client: w.clientWidth}""")
            assert abs(size["host"] - size["column"]) <= 1, (element_id, size)
            assert size["scroll"] <= size["client"] + 1, (element_id, size)
            keys = (KEY.get(name) or tuple(
                f"{'.agenda' if width == 280 else '.cal'} {s}" for s in CALENDAR_KEY))
            for selector in keys:
                assert _count(browser, element_id, selector), (element_id, selector)
                assert not _clipped(browser, element_id, selector), (
                    element_id, selector, _clipped(browser, element_id, selector))
            text = _shadow(browser, element_id, "return root.querySelector('.w').innerText")
            assert not re.search(r"\b(GMT|UTC)[+−-]\d", text), (element_id, text)
            _screenshot(browser, element_id)

    # The long title and venue are there whole, the register link too.
    for width in WIDTHS:
        for name in ("list", "cards"):
            assert LONG_TITLE in _texts(browser, f"{name}-{width}", ".t")
            assert any(LONG_VENUE in p for p in _texts(browser, f"{name}-{width}", ".pl"))
            links = _shadow(browser, f"{name}-{width}", "return Array.from("
                            "root.querySelectorAll('.act a')).map(a => a.href)")
            assert "https://example.org/register" in links


def test_times_carry_their_zone_and_states_show(browser, live_server, host, catalogue):
    browser.set_window_size(1400, 1000)
    open_page(browser, _page(host, live_server, catalogue))
    _settled(browser, "list-1200", "cards-280", "compact-280", "calendar-1200",
             "calendar-280")
    items = _shadow(browser, "list-1200", """
        return Array.from(root.querySelectorAll('.it')).map(li => ({
          title: li.querySelector('.t').textContent, text: li.innerText,
          when: li.querySelector('.meta time').textContent,
          struck: !!li.querySelector('del time'), register: !!li.querySelector('.act a'),
          state: li.querySelector('.badge') && li.querySelector('.badge').className,
          colour: li.querySelector('.badge') && getComputedStyle(
            li.querySelector('.badge')).backgroundColor + getComputedStyle(
            li.querySelector('.badge')).color,
          online: Array.from(li.querySelectorAll('.pl a')).map(a => a.href)}))""")
    by_title = {item["title"]: item for item in items}
    tokyo = by_title[LONG_TITLE]
    # 24-hour clock in English, the zone by its city, the visitor's own time.
    assert "19:00" in tokyo["when"] and "Tokyo" in tokyo["when"], tokyo
    here = catalogue["tokyo"].start.astimezone(BRUSSELS).strftime("%H:%M")
    assert "Your time" in tokyo["text"] and here in tokyo["text"], tokyo["text"]
    assert "Brussels" in by_title["Ghent alumni day"]["when"]
    assert "Your time" not in by_title["Ghent alumni day"]["text"]
    # Cancelled: struck through, no register link, its notice.
    cancelled = by_title["Cancelled reception"]
    assert cancelled["struck"] and not cancelled["register"], cancelled
    assert "cancelled" in cancelled["text"].lower()
    # Postponed looks different from cancelled; moved online shows its link.
    postponed = by_title["Postponed info session"]
    assert "postponed" in postponed["state"] and postponed["colour"] != cancelled["colour"]
    online = by_title["Moved online seminar"]
    assert online["online"] == ["https://example.org/live"], online
    assert "Tokyo Big Sight" not in online["text"]
    cards = _shadow(browser, "cards-280", """
        return Array.from(root.querySelectorAll('.it')).filter(li =>
          li.querySelector('.t').textContent === 'Cancelled reception').map(li =>
          li.querySelectorAll('.act a').length)""")
    assert cards == [0]  # no register link on the cancelled card
    compact = _texts(browser, "compact-280", "time")
    assert all("Tokyo" in t or "Brussels" in t for t in compact), compact

    # The calendar mixes Tokyo 19:00 and Ghent 10:00: each with its zone.
    day = _shadow(browser, "calendar-1200", """
        return Array.from(root.querySelectorAll('.cal td')).filter(td =>
          td.querySelector('.dn').textContent === '10' && !td.classList.contains('oth'))
          .map(td => Array.from(td.querySelectorAll('li')).map(li =>
            li.querySelector('.tm').textContent + ' | ' + li.querySelector('a').textContent))
          [0]""")
    assert sorted(entry.lower() for entry in day) == sorted([  # "time" or CLDR's "Time"
        f"19:00 tokyo time | {LONG_TITLE.lower()}",
        "10:00 brussels time | ghent alumni day"]), day


def test_calendar_is_an_agenda_when_narrow_without_an_empty_week(
        browser, live_server, host, catalogue):
    browser.set_window_size(1400, 1000)
    open_page(browser, _page(host, live_server, catalogue))
    _settled(browser, "calendar-280", "calendar-1200")
    first = catalogue["first"]
    skip = first.weekday()  # weeks start on Monday
    weeks = -(-(skip + calendar.monthrange(first.year, first.month)[1]) // 7)
    narrow = _shadow(browser, "calendar-280", """
        const s = e => getComputedStyle(e).display;
        return {grid: s(root.querySelector('.cal')), agenda: s(root.querySelector('.agenda')),
                days: Array.from(root.querySelectorAll('.agenda > li')).map(li => ({
                  day: li.querySelector('.dh').textContent,
                  entries: Array.from(li.querySelectorAll('li')).map(e => e.innerText)}))}""")
    assert narrow["grid"] == "none" and narrow["agenda"] == "block", narrow
    assert [d["day"].split()[1] for d in narrow["days"]] == ["10", "12", "14", "16"], narrow
    tenth = narrow["days"][0]["entries"]
    assert len(tenth) == 2 and all(re.search(r"\d\d:\d\d", e) for e in tenth), tenth
    assert any(LONG_TITLE in e and "Tokyo" in e for e in tenth), tenth
    wide = _shadow(browser, "calendar-1200", """
        return {grid: getComputedStyle(root.querySelector('.cal')).display,
                rows: Array.from(root.querySelectorAll('.cal tbody tr')).map(tr =>
                  tr.querySelectorAll('td:not(.oth)').length)}""")
    assert wide["grid"] == "table"
    assert len(wide["rows"]) == weeks and all(wide["rows"]), wide  # no empty week
    assert sum(wide["rows"]) == calendar.monthrange(first.year, first.month)[1]


def test_search_shows_results_first_facets_folded_and_separated_snippets(
        browser, live_server, host, catalogue):
    browser.set_window_size(1400, 1000)
    # A host page that sizes the widget by its content (a float) must not
    # make the search box collapse.
    # ... nor make a flex column wider than its basis.
    extra = ('<div style="float:left"><flanders-search id="search-float" lang="en">'
             '</flanders-search></div><div style="clear:both;display:flex">'
             '<aside style="flex:0 0 200px"><flanders-search id="search-flex" lang="en">'
             '</flanders-search></aside><main style="flex:1">Main column</main></div>')
    open_page(browser, _page(host, live_server, catalogue, extra))
    _settled(browser, "search-280", "search-1200", "search-float", "search-flex")
    for width in WIDTHS:
        element_id = f"search-{width}"
        wait_for(browser, lambda d, i=element_id: _count(d, i, ".res .t"),
                 f"{element_id} found nothing")
        order = _shadow(browser, element_id, """
            const result = root.querySelector('.res .it:last-child');
            const facets = Array.from(root.querySelectorAll('.facet'));
            return {facets: facets.length,
                    after: facets.every(f => result.compareDocumentPosition(f)
                                        & Node.DOCUMENT_POSITION_FOLLOWING),
                    folded: facets.every(f => f.tagName === 'DETAILS' && !f.open),
                    shown: Array.from(root.querySelectorAll('input[type=checkbox],'
                      + 'input[type=radio]')).filter(i => i.checkVisibility()).length,
                    below: facets.every(f => f.getBoundingClientRect().top
                      >= result.getBoundingClientRect().top)}""")
        assert order["facets"] and order["after"] and order["folded"], order
        assert order["shown"] == 0 and order["below"], order  # no checkbox before results
        snippet = _texts(browser, element_id, ".res .s")[0]
        assert "hydrogen. International cooperation" in snippet, snippet
        meta = _texts(browser, element_id, ".res .meta")[0]
        assert " · " in meta, meta  # kind · institution ... never run together
    # A facet unfolds on a click and its choices show.
    _shadow(browser, "search-280", "root.querySelector('.facet summary').click()")
    assert _shadow(browser, "search-280", "return root.querySelector('.facet').open")
    assert _count(browser, "search-280", ".facet[open] input")
    box = _shadow(browser, "search-float", """
        return {input: root.querySelector('#q').getBoundingClientRect().width,
                widget: host.getBoundingClientRect().width}""")
    assert box["input"] >= 150 and box["widget"] >= 280, box
    assert _shadow(browser, "search-flex", "return host.getBoundingClientRect().width") == 200
    _screenshot(browser, "search-float")


def test_indexed_text_separates_blocks():
    assert plain_text(BODY).startswith(
        "Energy technology at the lab does research on geothermal energy and "
        "hydrogen. International cooperation We work")
    assert plain_text("a <b>bold</b>word<br>next") == "a boldword next"


NEW_FIELDS = ("when_text", "time_zone_label", "status_label", "status_notice")


def test_an_older_hub_without_the_time_fields_still_names_zones(
        browser, live_server, host, catalogue):
    """A hub from before issue 14 (its events without when_text,
    time_zone_label, status_label, status_notice): the widget formats the
    times itself, names the zone in the language and shows the states."""
    answer = json.loads(urlopen(  # noqa: S310 - the live server
        f"{live_server.url}/api/v1/events/?lang=de&organiser=japan&page_size=6").read())
    for event in answer["results"]:
        for name in NEW_FIELDS:
            event.pop(name, None)
    # The older hub: the same script and that answer, served on the host's origin.
    host.pages["/embed/v1/widgets.js"] = urlopen(  # noqa: S310
        f"{live_server.url}/embed/v1/widgets.js").read().decode()
    host.pages["/api/v1/events/"] = json.dumps(answer)
    url = host.page("/old-hub.html", '<flanders-events id="old" organiser="japan" '
                    'limit="6" lang="de"></flanders-events>',
                    head='<script src="/embed/v1/widgets.js" defer></script>')
    open_page(browser, url)
    _settled(browser, "old")
    items = {item["title"]: item for item in _shadow(browser, "old", """
        return Array.from(root.querySelectorAll('.it')).map(li => ({
          title: li.querySelector('.t').textContent, text: li.innerText,
          when: li.querySelector('.meta time').textContent,
          struck: !!li.querySelector('del time'), register: !!li.querySelector('.act a'),
          badge: li.querySelector('.badge') && li.querySelector('.badge').textContent,
          online: Array.from(li.querySelectorAll('.pl a')).map(a => a.href)}))""")}
    tokyo = items[LONG_TITLE]["when"]
    # German, 24-hour, the zone by its name in German: never an offset.
    assert "19:00" in tokyo and "Jan" in tokyo and "Jap" in tokyo, tokyo
    assert not re.search(r"GMT|UTC", " ".join(i["text"] for i in items.values()))
    cancelled = items["Cancelled reception"]
    assert cancelled["struck"] and not cancelled["register"], cancelled
    assert cancelled["badge"] == labels("de")["status"]["cancelled"]
    assert items["Moved online seminar"]["online"] == ["https://example.org/live"]
