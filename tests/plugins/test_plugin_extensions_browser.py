"""The example third-party plugin (plugins/examples/hub-countdown) in a real
browser: its widget type renders on a host page on another origin from its
own JavaScript, which widgets.js loads on demand, with texts from
the plugin's own URL; the URL answers 404 once the plugin is disabled.
Chromium starts through the shared helper (tests/browser.py)."""

import pytest

from plugins import registry
from tests.browser import HostSite, open_page, quit_chromium, start_chromium, wait_for
from tests.factories import make_event, make_representation

# Transactional: the live server's thread must see committed pages;
# serialized_rollback restores what migrations created.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(scope="module")
def chromium():
    driver = start_chromium()
    yield driver
    quit_chromium(driver)


@pytest.fixture(scope="module")
def host_site():
    site = HostSite()
    yield site
    site.stop()


@pytest.fixture
def countdown_enabled():
    registry.set_enabled("hub_countdown", True)
    yield
    registry.forget_states()


def _shadow_text(driver, selector: str) -> str:
    return driver.execute_script(
        "const e = document.querySelector(arguments[0]);"
        "return e && e.shadowRoot ? e.shadowRoot.textContent : ''", selector)


def _resources(driver) -> list[str]:
    return driver.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)")


def test_the_plugins_widget_renders_from_its_own_script(chromium, host_site, live_server,
                                                        site_tree, countdown_enabled):
    japan = make_representation()
    make_event(japan, "Tokyo education fair", slug="tokyo-fair", days_ahead=3)
    make_event(japan, "Later fair", slug="later", days_ahead=40)
    hub = live_server.url
    body = ('<flanders-countdown id="c" organiser="japan" lang="nl">'
            f'<a href="{hub}/nl/events/?organiser=japan">Evenementen</a>'
            '</flanders-countdown>')
    head = f'<script src="{hub}/embed/v1/widgets.js" defer></script>'
    chromium.get_log("browser")
    open_page(chromium, host_site.page("/countdown.html", body, head=head, lang="nl"))
    wait_for(chromium, lambda d: d.execute_script(
        "return document.querySelector('#c').getAttribute('data-state')") == "ready",
        "<flanders-countdown> did not render")
    text = _shadow_text(chromium, "#c")
    assert "Volgend evenement" in text  # from the plugin's own URL, in Dutch
    assert "Tokyo education fair" in text and "Later fair" not in text
    assert "Nog 3 dagen" in text or "Nog 4 dagen" in text  # midnight in Tokyo
    loaded = _resources(chromium)
    assert any("/embed/v1/types/flanders-countdown.js?v=" in u for u in loaded)
    assert any("/plugins/hub_countdown/v1/strings.json" in u for u in loaded)
    assert not [e for e in chromium.get_log("browser") if e["level"] == "SEVERE"]

    # A page without the element never loads the script (on demand).
    other = ('<flanders-events id="e" organiser="japan" limit="1"></flanders-events>')
    open_page(chromium, host_site.page("/events.html", other, head=head))
    wait_for(chromium, lambda d: d.execute_script(
        "return document.querySelector('#e').getAttribute('data-state')") == "ready",
        "<flanders-events> did not render")
    assert not any("/embed/v1/types/" in u for u in _resources(chromium))

    # Disabled: its URL is a 404 and the element is left with its fallback link.
    registry.set_enabled("hub_countdown", False)
    status = chromium.execute_async_script(
        "fetch(arguments[0], {cache: 'no-store'})"
        ".then(r => arguments[1](r.status), () => arguments[1](0))",
        f"{hub}/plugins/hub_countdown/v1/strings.json")
    assert status == 404
    # (a new URL of the script: the browser keeps the old one for a day)
    fresh = head.replace("widgets.js", "widgets.js?after=disabled")
    open_page(chromium, host_site.page("/countdown-off.html", body, head=fresh,
                                       lang="nl"))
    # widgets.js (defer) has run once the document is complete.
    assert chromium.execute_script(
        "return customElements.get('flanders-countdown') === undefined") is True
    assert _shadow_text(chromium, "#c") == ""
    assert "Evenementen" in chromium.execute_script(
        "return document.querySelector('#c').textContent")
