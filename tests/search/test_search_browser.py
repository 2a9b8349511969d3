"""The visitors' search page in a real browser (Debian's headless Chromium and
chromedriver through Selenium): the autocomplete combobox by keyboard, the
page without JavaScript, accessible names of the form controls, and hostile
titles in suggestions.

The pages are served by pytest-django's ``live_server`` with a transactional
database, so page publishing really commits and the database search backend
indexes through its on-commit signals. If Chromium or chromedriver cannot
start, the tests fail (scripts/test.sh installs them); they are never skipped.
"""

import re
import time
from urllib.parse import parse_qs, urljoin, urlparse

import pytest
from selenium.common.exceptions import (
    NoAlertPresentException,
    StaleElementReferenceException,
)
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser import chromium_fixture
from tests.factories import make_expertise, make_institution

WAIT = 10  # seconds; the suggestions answer within a fraction of that

# transactional: the live server's thread must see committed pages and search
# documents; serialized_rollback restores what migrations created (root page,
# locales) after each flush, for the next test here and for the rest of the suite.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

HOSTILE = "Xenolab <img src=x onerror=alert(1)>"
LEUVEN_ENTRIES = 3
GENT_ENTRIES = 4
PAGE_SIZE = 20  # search.views.PAGE_SIZE


# Module-scoped browsers of its own: the page is Dutch, the window as high as
# the suggestions need.
browser = chromium_fixture(extra_flags=("--lang=nl", "--window-size=1280,900"))
browser_without_js = chromium_fixture(
    javascript=False, extra_flags=("--lang=nl", "--window-size=1280,900"))


@pytest.fixture
def catalogue(site_tree):
    """Two institutions with expertise entries on robotics, and one entry
    whose title is markup. Published in autocommit mode: each commit runs the
    indexing signals, so the database search table fills itself."""
    leuven = make_institution("KU Leuven", "ku-leuven")
    gent = make_institution("Universiteit Gent", "ugent")
    entries = [make_expertise(leuven, f"Lab voor robotica {n}",
                              summary=f"Robots en sensoren, groep {n}.")
               for n in range(LEUVEN_ENTRIES)]
    entries += [make_expertise(gent, f"Gentse robotica {n}",
                               summary="Zachte robots.")
                for n in range(GENT_ENTRIES)]
    hostile = make_expertise(leuven, HOSTILE, slug="xenolab",
                             summary="Een titel met opmaak.")
    return {"leuven": leuven, "gent": gent, "entries": entries, "hostile": hostile}


# --- helpers --------------------------------------------------------------


def _wait(driver, condition, message: str, timeout: float = WAIT):
    return WebDriverWait(driver, timeout, ignored_exceptions=(
        StaleElementReferenceException,)).until(condition, message)


def _by_id(driver, element_id: str):
    return driver.find_element(By.ID, element_id)


def _open_search(driver, live_server, query: str = ""):
    driver.get(f"{live_server.url}/nl/search/" + (f"?q={query}" if query else ""))
    _wait(driver, lambda d: d.execute_script("return document.readyState")
          == "complete", "the search page did not load")


def _tab_to_search_box(driver):
    """Keyboard only: from the top of the page, Tab until the box has focus."""
    driver.execute_script("document.activeElement && document.activeElement.blur();"
                          "window.focus();")
    for _ in range(40):
        ActionChains(driver).send_keys(Keys.TAB).perform()
        if driver.switch_to.active_element.get_attribute("id") == "search-q":
            return driver.switch_to.active_element
    pytest.fail("the search box cannot be reached with the Tab key")


def _type(driver, text: str):
    ActionChains(driver).send_keys(text).perform()


def _press(driver, key: str):
    ActionChains(driver).send_keys(key).perform()


def _listbox_open(driver) -> bool:
    listbox = _by_id(driver, "search-suggestions")
    return listbox.is_displayed() and bool(
        listbox.find_elements("css selector", "[role=option]"))


def _wait_for_suggestions(driver):
    _wait(driver, _listbox_open, "the suggestions listbox did not become visible")
    return _by_id(driver, "search-suggestions").find_elements(
        "css selector", "[role=option]")


def _suggestion_texts(driver) -> list[str]:
    return driver.execute_script(
        "return Array.prototype.map.call(document.querySelectorAll("
        "'#search-suggestions [role=option]'), function (o) { return o.dataset.text; });")


def _result_count(driver) -> int:
    heading = _by_id(driver, "results-heading").text
    match = re.match(r"(\d+)", heading)
    assert match, f"no result count in {heading!r}"
    return int(match.group(1))


# --- tests ----------------------------------------------------------------


def test_keyboard_only_autocomplete_opens_the_chosen_entry(browser, live_server,
                                                           catalogue):
    _open_search(browser, live_server)
    box = _tab_to_search_box(browser)
    assert box.get_attribute("role") == "combobox"
    assert box.get_attribute("aria-expanded") == "false"
    _type(browser, "rob")
    options = _wait_for_suggestions(browser)
    assert len(options) > 1
    # Screen readers hear how many suggestions there are.
    status = _by_id(browser, "search-suggestions-status")
    assert status.get_attribute("role") == "status"
    # (in the page's language: "7 suggesties; …" on /nl/)
    assert status.get_attribute("textContent").split()[0] == str(len(options))
    for _ in range(len(options)):  # to the last option
        _press(browser, Keys.ARROW_DOWN)
    assert box.get_attribute("aria-activedescendant") == options[-1].get_attribute(
        "id")
    # Typing on refreshes the list; no option of the new list is active until
    # the visitor moves to one (Enter would otherwise choose an option never
    # selected, or throw when the list got shorter).
    _type(browser, "otica gentse")
    _wait(browser, lambda d: _suggestion_texts(d) and all(
        t.startswith("Gentse robotica") for t in _suggestion_texts(d)),
        "the list was not refreshed")
    assert not box.get_attribute("aria-activedescendant")
    options = _wait_for_suggestions(browser)
    assert not [o for o in options if o.get_attribute("aria-selected") == "true"]

    _press(browser, Keys.ARROW_DOWN)
    assert box.get_attribute("aria-expanded") == "true"
    active_id = box.get_attribute("aria-activedescendant")
    assert active_id, "ArrowDown did not set aria-activedescendant"
    active = _by_id(browser, active_id)
    assert active.get_attribute("role") == "option"
    assert active.get_attribute("aria-selected") == "true"
    others = [o for o in options if o.get_attribute("id") != active_id]
    assert all(o.get_attribute("aria-selected") != "true" for o in others)
    # ArrowDown then ArrowUp: back on the same option.
    _press(browser, Keys.ARROW_DOWN)
    _press(browser, Keys.ARROW_UP)
    assert box.get_attribute("aria-activedescendant") == active_id
    assert active.get_attribute("aria-selected") == "true"
    text, url = active.get_attribute("data-text"), active.get_attribute("data-url")
    start = browser.current_url
    _press(browser, Keys.ENTER)
    _wait(browser, lambda d: d.current_url != start, "Enter did not navigate")
    if url:  # a document: its page
        assert browser.current_url == urljoin(live_server.url, url)
        heading = browser.find_element("css selector", "h1").text
        assert heading == text
    else:  # a word: the search for it
        query = parse_qs(urlparse(browser.current_url).query)
        assert query.get("q") == [text]


def test_escape_closes_the_listbox_and_keeps_the_text(browser, live_server,
                                                      catalogue):
    _open_search(browser, live_server)
    box = _tab_to_search_box(browser)
    _type(browser, "robo")
    _wait_for_suggestions(browser)
    _press(browser, Keys.ARROW_DOWN)
    assert box.get_attribute("aria-expanded") == "true"
    _press(browser, Keys.ESCAPE)
    assert box.get_attribute("aria-expanded") == "false"
    assert not box.get_attribute("aria-activedescendant")
    assert not _by_id(browser, "search-suggestions").is_displayed()
    assert box.get_attribute("value") == "robo"  # Escape only dismisses the list
    assert browser.switch_to.active_element == box
    # Typing again reopens it, even for the same text as before.
    _press(browser, Keys.BACKSPACE)
    _type(browser, "o")
    _wait_for_suggestions(browser)
    assert box.get_attribute("aria-expanded") == "true"
    # Escape before the suggestions arrive: they must not pop up afterwards.
    _press(browser, Keys.ESCAPE)
    _press(browser, Keys.BACKSPACE)
    ActionChains(browser).send_keys("o").send_keys(Keys.ESCAPE).perform()
    time.sleep(0.6)  # the debounce is 150 ms, the answer takes a few ms
    assert not _by_id(browser, "search-suggestions").is_displayed()
    assert box.get_attribute("aria-expanded") == "false"


def test_search_facets_and_pages_work_without_javascript(browser_without_js,
                                                         live_server, catalogue):
    driver = browser_without_js
    # More than a page of results (the page shows 20 and has no page size field).
    extra = PAGE_SIZE + 2 - LEUVEN_ENTRIES - GENT_ENTRIES
    for n in range(LEUVEN_ENTRIES, LEUVEN_ENTRIES + extra):
        make_expertise(catalogue["leuven"], f"Lab voor robotica {n}")
    _open_search(driver, live_server)
    box = _by_id(driver, "search-q")
    box.send_keys("robotica")
    time.sleep(0.5)  # no script: no suggestions may appear
    assert not _by_id(driver, "search-suggestions").is_displayed()
    box.send_keys(Keys.ENTER)
    _wait(driver, lambda d: "q=robotica" in d.current_url, "the form was not sent")
    total = PAGE_SIZE + 2
    assert _result_count(driver) == total
    results = driver.find_elements(By.CSS_SELECTOR, ".result-list .result")
    assert len(results) == PAGE_SIZE

    # The next page link.
    driver.find_element(By.CSS_SELECTOR, "a[rel=next]").click()
    _wait(driver, lambda d: "page=2" in d.current_url, "no second page")
    results = driver.find_elements(By.CSS_SELECTOR, ".result-list .result")
    assert len(results) == total - PAGE_SIZE
    assert driver.find_elements(By.CSS_SELECTOR, "a[rel=prev]")
    assert not driver.find_elements(By.CSS_SELECTOR, "a[rel=next]")

    # A facet: tick Universiteit Gent, press "Apply filters".
    checkbox = driver.find_element(
        By.XPATH, "//input[@type='checkbox'][@name='institution']"
        "[contains(../., 'Universiteit Gent')]")
    assert not checkbox.is_selected()
    value = checkbox.get_attribute("value")
    checkbox.click()
    assert checkbox.is_selected()
    apply = driver.find_element(
        By.XPATH, "//aside[contains(@class, 'facets')]//button[@type='submit']")
    before = driver.current_url
    apply.click()
    _wait(driver, lambda d: d.current_url != before, "Apply filters did nothing")
    query = parse_qs(urlparse(driver.current_url).query)
    assert query.get("institution") == [value]
    assert query.get("q") == ["robotica"]
    assert "page" not in query  # a new filter starts at page 1
    assert _result_count(driver) == GENT_ENTRIES
    titles = [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".result h3")]
    assert len(titles) == GENT_ENTRIES
    assert all(t.startswith("Gentse robotica") for t in titles)
    checkbox = driver.find_element(
        By.CSS_SELECTOR, f"input[name=institution][value='{value}']")
    assert checkbox.is_selected()


ACCESSIBLE_NAMES = """
function name(el) {
  var label = (el.getAttribute('aria-label') || '').trim();
  if (label) return label;
  var ids = (el.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean);
  var text = ids.map(function (id) {
    var ref = document.getElementById(id); return ref ? ref.textContent : '';
  }).join(' ').trim();
  if (text) return text;
  if (el.labels && el.labels.length) {
    text = Array.prototype.map.call(el.labels, function (l) {
      return l.textContent; }).join(' ').trim();
    if (text) return text;
  }
  if (el.tagName === 'BUTTON') return (el.textContent || '').trim();
  if (['submit', 'button', 'reset'].indexOf(el.type) >= 0) return el.value;
  return (el.getAttribute('title') || '').trim();
}
var missing = [];
document.querySelectorAll('input,select,button,textarea').forEach(function (el) {
  if (el.type === 'hidden') return;
  if (!name(el)) missing.push(el.outerHTML);
});
return {count: document.querySelectorAll('input,select,button,textarea').length,
        missing: missing};
"""


def test_every_form_control_has_an_accessible_name(browser, live_server, catalogue):
    for query in ("", "robotica", "robotica&type=expertise"):
        _open_search(browser, live_server, query)
        answer = browser.execute_script(ACCESSIBLE_NAMES)
        assert answer["count"] >= 2
        assert answer["missing"] == [], f"controls without a name on ?q={query}"
    # The results page has facet checkboxes, a sort select, three buttons.
    assert answer["count"] > 6


def test_hostile_title_in_suggestions_is_text(browser, live_server, catalogue):
    _open_search(browser, live_server)
    browser.execute_script(
        "window.__alerts = []; window.alert = function (m) { __alerts.push(m); };")
    box = _by_id(browser, "search-q")
    box.click()
    _type(browser, "xenol")
    options = _wait_for_suggestions(browser)
    listbox = _by_id(browser, "search-suggestions")
    assert listbox.find_elements(By.CSS_SELECTOR, "img") == []
    texts = [o.get_attribute("data-text") for o in options]
    assert HOSTILE in texts
    assert any(HOSTILE in o.text for o in options)  # shown literally
    time.sleep(0.3)  # an <img src=x> would have failed to load by now
    assert browser.execute_script("return window.__alerts") == []
    # The result list shows it as text too.
    box.send_keys(Keys.ESCAPE)
    _open_search(browser, live_server, "xenolab")
    assert browser.find_elements(By.CSS_SELECTOR, ".result-list img") == []
    assert HOSTILE in browser.find_element(By.CSS_SELECTOR, ".result h3").text
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert  # noqa: B018 - the property raises if none
