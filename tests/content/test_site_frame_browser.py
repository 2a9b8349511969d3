"""The hub's frame in Chromium (issue 14, point 4): an organisation's theme
colours its content block while the header, navigation and footer keep the
hub's colours (computed styles); the filters open in a drawer at 375 px
(a modal dialog with JavaScript, a disclosure in place without); search
facets fold open and are never cut off in a scroll box; the menu lines up
with the content, cards keep their distance from the footer, the header
search box leads to results and the favicon is served. Screenshots go to
test-artifacts/site-frame/."""

from __future__ import annotations

import base64
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from tests.accessibility.axe import run_axe
from tests.browser import open_page, wait_for
from tests.factories import make_event, make_expertise, make_institution, publish

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "site-frame"
PHONE = {"width": 375, "height": 812, "deviceScaleFactor": 1, "mobile": True}


@pytest.fixture
def catalogue(site_tree):
    """An institution in the Leuven theme, with events and expertise."""
    leuven = make_institution("KU Leuven", "ku-leuven")
    leuven.default_theme = "kuleuven"
    publish(leuven)
    gent = make_institution("Universiteit Gent", "ugent")
    for n in range(4):
        make_event(leuven, f"Studiebeurs robotica {n}", slug=f"fair-{n}", days_ahead=5 + n)
    for n in range(8):
        make_expertise(leuven if n % 2 else gent, f"Robotica lab {n}",
                       slug=f"robotica-lab-{n}")
    return {"leuven": leuven, "gent": gent}


@pytest.fixture
def phone(chromium):
    """The session's browser as a 375 px wide phone, reset afterwards."""
    chromium.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)
    yield chromium
    chromium.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
    chromium.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def _screenshot(driver, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True})
    (ARTIFACTS / f"{name}.png").write_bytes(base64.b64decode(shot["data"]))


STYLES = """
const out = {};
for (const [name, selector, property] of arguments[0]) {
  const el = document.querySelector(selector);
  out[name] = el ? getComputedStyle(el).getPropertyValue(property).trim() : null;
}
return out;
"""


def test_an_organisation_theme_colours_only_its_block(chromium, live_server, catalogue):
    open_page(chromium, live_server.url + catalogue["leuven"].url)
    probes = [
        ("band", ".site-header__band", "background-color"),
        ("identity", ".identity__name", "color"),
        ("nav link", ".main-nav a", "color"),
        ("footer", ".site-footer", "background-color"),
        ("footer edge", ".site-footer", "border-top-color"),
        ("search button", ".site-search button", "background-color"),
        ("block accent", "#main", "--hub-color-accent"),
        ("block edge", "#main", "border-top-color"),
        ("block heading font", "#main h1", "font-family"),
        ("header font", ".identity__name", "font-family"),
    ]
    styles = chromium.execute_script(STYLES, probes)
    _screenshot(chromium, "institution-in-its-theme")
    # the frame: Flanders yellow and black, whatever the organisation's theme
    assert styles["band"] == "rgb(255, 230, 21)", styles
    assert styles["identity"] == "rgb(29, 29, 27)", styles
    assert styles["nav link"] == "rgb(29, 29, 27)", styles
    assert styles["footer"] == "rgb(29, 29, 27)", styles
    assert styles["footer edge"] == "rgb(255, 230, 21)", styles
    assert styles["search button"] == "rgb(29, 29, 27)", styles
    assert "Charter" not in styles["header font"], styles
    # the block: Leuven blue and its serif headings
    assert styles["block accent"] == "#00407a", styles
    assert styles["block edge"] == "rgb(0, 64, 122)", styles
    assert "Charter" in styles["block heading font"], styles

    open_page(chromium, live_server.url + "/nl/")
    styles = chromium.execute_script(STYLES, probes)
    assert styles["block accent"] == "#ffe615", styles  # the hub's own pages
    assert not chromium.find_elements(By.CSS_SELECTOR, "main.theme-block")


EDGES = """
function textLeft(el) {
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    if (!node.textContent.trim()) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    return range.getBoundingClientRect().left;
  }
  return null;
}
const cards = Array.from(document.querySelectorAll('main .card'));
return {
  nav: textLeft(document.querySelector('.main-nav li a')),
  heading: textLeft(document.querySelector('main h1')),
  identity: document.querySelector('.identity').getBoundingClientRect().left,
  lastCard: Math.max(...cards.map((c) => c.getBoundingClientRect().bottom + scrollY)),
  footer: document.querySelector('.site-footer').getBoundingClientRect().top + scrollY,
  cards: cards.length,
};
"""


def test_menu_lines_up_with_the_content_and_cards_keep_off_the_footer(
        chromium, live_server, catalogue):
    for path in ("/nl/", "/nl/events/"):
        open_page(chromium, live_server.url + path)
        edges = chromium.execute_script(EDGES)
        assert edges["cards"] >= 4, (path, edges)
        assert abs(edges["nav"] - edges["heading"]) <= 1, (path, edges)
        assert abs(edges["identity"] - edges["heading"]) <= 1, (path, edges)
        assert edges["footer"] - edges["lastCard"] >= 32, (path, edges)
    _screenshot(chromium, "events-desktop")
    open_page(chromium, live_server.url + "/nl/")
    _screenshot(chromium, "home-desktop")


def test_the_header_search_box_leads_to_results(chromium, live_server, catalogue):
    open_page(chromium, live_server.url + "/nl/events/")
    box = chromium.find_element(By.ID, "site-search-q")
    label = chromium.find_element(By.CSS_SELECTOR, "label[for=site-search-q]")
    assert label.get_attribute("textContent").strip()
    box.send_keys("robotica lab", Keys.ENTER)
    wait_for(chromium, lambda d: "/nl/search/" in d.current_url, "no search page")
    assert parse_qs(urlparse(chromium.current_url).query)["q"] == ["robotica lab"]
    titles = [h.text for h in chromium.find_elements(By.CSS_SELECTOR, ".result h3")]
    assert any(t.startswith("Robotica lab") for t in titles), titles


def test_the_favicon_is_served(chromium, live_server, site_tree):
    open_page(chromium, live_server.url + "/en/")
    answers = chromium.execute_async_script("""
const done = arguments[arguments.length - 1];
const links = Array.from(document.querySelectorAll(
  'link[rel=icon], link[rel=apple-touch-icon]'));
Promise.all(links.map((l) => fetch(l.href).then((r) =>
  [l.getAttribute('href'), r.status, r.headers.get('content-type')])))
  .then(done, (e) => done(String(e)));
""")
    assert len(answers) == 3, answers
    for href, status, content_type in answers:
        assert status == 200 and content_type.startswith("image/"), (href, content_type)


FACETS = """
return Array.from(document.querySelectorAll('.facets, .facet, .facet ul')).map((el) => {
  const cs = getComputedStyle(el);
  return {tag: el.tagName, overflow: cs.overflowY, maxHeight: cs.maxHeight,
          clipped: el.scrollHeight > el.clientHeight + 1};
});
"""


def test_search_facets_fold_open_and_are_never_cut_off(chromium, live_server, catalogue):
    open_page(chromium, live_server.url + "/nl/search/?q=robotica")
    boxes = chromium.execute_script(FACETS)
    assert any(b["tag"] == "DETAILS" for b in boxes), boxes
    for box in boxes:
        assert box["overflow"] == "visible" and box["maxHeight"] == "none", box
        assert not box["clipped"], box
    # a facet folds shut and open again, showing all its values
    facet = chromium.find_element(By.CSS_SELECTOR, "details.facet[open]")
    summary = facet.find_element(By.TAG_NAME, "summary")
    first = facet.find_element(By.CSS_SELECTOR, "input[type=checkbox]")
    summary.click()
    wait_for(chromium, lambda d: not first.is_displayed(), "the facet did not fold")
    summary.click()
    wait_for(chromium, lambda d: first.is_displayed(), "the facet did not open")
    _screenshot(chromium, "search-desktop")


def test_filters_open_in_a_drawer_on_a_phone(phone, live_server, catalogue):
    open_page(phone, live_server.url + "/nl/")
    assert phone.execute_script("return document.documentElement.scrollWidth") <= 375
    _screenshot(phone, "home-phone")
    open_page(phone, live_server.url + "/nl/events/")
    form = phone.find_element(By.CSS_SELECTOR, "form.filters")
    summary = phone.find_element(By.CSS_SELECTOR, ".filter-panel summary")
    assert summary.is_displayed() and not form.is_displayed()
    results = phone.find_element(By.ID, "results-heading")
    assert results.rect["y"] < PHONE["height"], "the results are not on the first screen"
    assert phone.execute_script("return document.documentElement.scrollWidth") <= 375
    _screenshot(phone, "events-phone")

    summary.click()
    wait_for(phone, lambda d: d.execute_script(
        "const d = document.querySelector('#event-filters');"
        "return d.open && d.matches(':modal') && d.contains(document.querySelector("
        "'form.filters'))"), "the drawer did not open")
    assert form.is_displayed()
    _screenshot(phone, "events-phone-drawer")
    assert run_axe(phone, "the events drawer at 375 px").violations == []
    phone.switch_to.active_element.send_keys(Keys.ESCAPE)
    wait_for(phone, lambda d: not d.execute_script(
        "return document.querySelector('#event-filters').open"), "Escape did not close")
    assert phone.execute_script(
        "return document.activeElement === document.querySelector("
        "'.filter-panel summary') && document.querySelector('.filter-panel')"
        ".contains(document.querySelector('form.filters'))")

    # the drawer's controls still belong to their form
    summary.click()
    wait_for(phone, lambda d: form.is_displayed(), "the drawer did not open again")
    phone.find_element(By.CSS_SELECTOR, "#f-when-past, input[name=when][value=past]"
                       ).click()
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait_for(phone, lambda d: "when=past" in d.current_url, "the filters were not sent")

    # search: the facets' drawer sends the search form
    open_page(phone, live_server.url + "/nl/search/?q=robotica")
    phone.find_element(By.CSS_SELECTOR, ".filter-panel summary").click()
    box = phone.find_element(By.CSS_SELECTOR, "#search-filters input[name=institution]")
    wait_for(phone, lambda d: box.is_displayed(), "the search drawer did not open")
    value = box.get_attribute("value")
    box.click()
    phone.find_element(By.CSS_SELECTOR, "#search-filters aside button[type=submit]").click()
    wait_for(phone, lambda d: "institution=" in d.current_url, "the facets were not sent")
    query = parse_qs(urlparse(phone.current_url).query)
    assert query["institution"] == [value] and query["q"] == ["robotica"]


def test_without_javascript_the_filters_open_in_place(phone, live_server, catalogue):
    phone.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    open_page(phone, live_server.url + "/nl/events/")
    form = phone.find_element(By.CSS_SELECTOR, "form.filters")
    summary = phone.find_element(By.CSS_SELECTOR, ".filter-panel summary")
    assert not form.is_displayed()
    summary.click()
    wait_for(phone, lambda d: form.is_displayed(), "the disclosure did not open")
    assert not phone.execute_script(
        "return document.querySelector('#event-filters').open")
    assert form.rect["y"] > summary.rect["y"] + summary.rect["height"] - 1
    # wide: beside the results, no disclosure, with JavaScript off as well
    phone.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    open_page(phone, live_server.url + "/nl/events/")
    form = phone.find_element(By.CSS_SELECTOR, "form.filters")
    results = phone.find_element(By.ID, "results-heading")
    assert form.is_displayed() and form.rect["x"] < results.rect["x"]
    assert not phone.find_element(By.CSS_SELECTOR, ".filter-panel summary").is_displayed()
    form.find_element(By.CSS_SELECTOR, "input[name=when][value=past]").click()
