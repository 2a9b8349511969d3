"""The Content-Security-Policy in a real browser (Debian's Chromium, through
tests/browser.py): the public pages work under it and it reports no
violation; Wagtail's admin still logs in and saves a page with HttpOnly
CSRF cookies under its own policy."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

from tests.browser import open_page, quit_chromium, start_chromium, wait_for
from tests.factories import (
    make_event,
    make_expertise,
    make_institution,
    make_representation,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Installed before any page script runs: collects what the policy refused.
COLLECT_VIOLATIONS = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__csp.push({directive: e.violatedDirective, blocked: e.blockedURI,
                     sample: e.sample, source: e.sourceFile, line: e.lineNumber});
});
"""


@pytest.fixture(scope="module")
def browser():
    driver = start_chromium()
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument",
                           {"source": COLLECT_VIOLATIONS})
    # The visitor is in Brussels; the events below are in Tokyo.
    driver.execute_cdp_cmd("Emulation.setTimezoneOverride",
                           {"timezoneId": "Europe/Brussels"})
    yield driver
    quit_chromium(driver)


def violations(driver) -> list:
    reported = driver.execute_script("return window.__csp || []")
    logged = [entry["message"] for entry in driver.get_log("browser")
              if "Content Security Policy" in entry["message"]]
    return reported + logged


@pytest.fixture
def catalogue(site_tree):
    japan = make_representation()
    kul = make_institution(default_theme="kuleuven")
    event = make_event(japan, "Tokyo education fair", tz="Asia/Tokyo")
    make_expertise(kul, "Leuven robotics lab")
    return {"japan": japan, "kul": kul, "event": event}


def test_public_pages_work_under_the_policy_without_violations(browser, live_server,
                                                               catalogue):
    browser.get_log("browser")
    hub = live_server.url

    open_page(browser, f"{hub}/nl/")
    assert browser.find_element("css selector", "main").is_displayed()
    # The theme's stylesheet applies (it is no longer an inline <style>).
    accent = browser.execute_script("return getComputedStyle(document.documentElement)"
                                    ".getPropertyValue('--hub-color-accent').trim()")
    assert accent == "#ffe615"
    assert violations(browser) == []

    # The event page: its local-time script (now a static file) runs, and its
    # JSON-LD is data the policy leaves alone.
    open_page(browser, hub + catalogue["event"].url)
    local = wait_for(browser, lambda d: d.execute_script(
        "const e = document.querySelector('.visitor-time');"
        "return e && !e.hidden && e.textContent"), "the local time was not shown")
    assert local.startswith("Uw lokale tijd:") and any(c.isdigit() for c in local)
    assert browser.execute_script(
        "return JSON.parse(document.querySelector('script[type=\"application/ld+json\"]')"
        ".textContent)['@type']") == "Event"
    assert violations(browser) == []

    # The search page with its autocomplete (fetch to the hub's own origin).
    open_page(browser, f"{hub}/nl/search/")
    box = browser.find_element("id", "search-q")
    box.send_keys("leuv")
    suggestions = wait_for(browser, lambda d: d.execute_script(
        "const l = document.getElementById('search-suggestions');"
        "return !l.hidden && Array.from(l.querySelectorAll('[role=option]'))"
        ".map(o => o.dataset.text)"), "no suggestions appeared")
    assert "KU Leuven" in suggestions
    assert violations(browser) == []

    # An organisation's page: its own theme in the content block.
    open_page(browser, hub + catalogue["kul"].url)
    accent = browser.execute_script("return getComputedStyle(document.getElementById("
                                    "'main')).getPropertyValue('--hub-color-accent')"
                                    ".trim()")
    assert accent == "#00407a"  # kuleuven, not the hub's default
    assert violations(browser) == []

    # The theme gallery: every theme's backdrop and the widgets.
    open_page(browser, f"{hub}/en/themes/")
    backdrop = browser.execute_script(
        "return getComputedStyle(document.querySelector("
        "'[data-theme-backdrop=\"kuleuven\"]')).getPropertyValue('--hub-color-accent')"
        ".trim()")
    assert backdrop == "#00407a"
    wait_for(browser, lambda d: d.execute_script(
        "return document.querySelector('flanders-events')"
        ".getAttribute('data-state') === 'ready'"), "the gallery's widgets did not load")
    assert violations(browser) == []

    # The policy is really enforced: an injected inline script is refused.
    browser.execute_script(
        "const s = document.createElement('script'); s.textContent = 'window.__ran = 1';"
        "document.body.appendChild(s);")
    assert browser.execute_script("return window.__ran") is None
    assert any(v["directive"] == "script-src-elem" for v in violations(browser)
               if isinstance(v, dict))


def test_the_admin_logs_in_and_saves_a_page_with_httponly_csrf_cookies(
        browser, live_server, catalogue, admin_user):
    hub = live_server.url
    open_page(browser, f"{hub}/admin/login/")
    assert browser.execute_script("return document.cookie").find("csrftoken") == -1
    browser.find_element(By.NAME, "username").send_keys(admin_user.username)
    browser.find_element(By.NAME, "password").send_keys("password")
    browser.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    wait_for(browser, lambda d: d.current_url.rstrip("/").endswith("/admin"),
             "the login did not reach the dashboard")

    event = catalogue["event"]
    open_page(browser, f"{hub}/admin/pages/{event.pk}/edit/")
    title = browser.find_element(By.CSS_SELECTOR, "#id_title")
    title.clear()
    title.send_keys("Tokyo education fair, renamed")
    browser.find_element(By.CSS_SELECTOR, "button[name='action-save'], "
                         "button[type=submit].action-save").click()
    wait_for(browser, lambda d: "has been updated" in d.page_source
             or "is bijgewerkt" in d.page_source, "the page was not saved")
    event.refresh_from_db()
    assert event.get_latest_revision().content["title"] == "Tokyo education fair, renamed"
    reported = [v for v in violations(browser) if isinstance(v, dict)]
    assert reported == []
