""""Your time" on an event page in a real browser (Debian's headless Chromium
through Selenium, its time zone set with the DevTools command
Emulation.setTimezoneOverride): shown only when the visitor's zone differs
from the event's, in the page language's format with a 24-hour clock, also on
English pages; never on a cancelled event.

Served by pytest-django's live_server with a transactional database, like the
other browser tests (tests/search/test_search_browser.py)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.browser import chromium_fixture, open_page, wait_for
from tests.factories import make_event, translate

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

browser = chromium_fixture()
TOKYO = ZoneInfo("Asia/Tokyo")


def in_zone(driver, zone: str) -> None:
    driver.execute_cdp_cmd("Emulation.setTimezoneOverride", {"timezoneId": zone})


def visitor_time(driver) -> str:
    return wait_for(driver, lambda d: d.execute_script(
        "const el = document.querySelector('.visitor-time');"
        "return el && !el.hidden ? el.textContent : null;"),
        "the visitor's time was not shown")


def hidden_visitor_time(driver) -> bool:
    return driver.execute_script(
        "const el = document.querySelector('.visitor-time');"
        "return !el || el.hidden;")


@pytest.fixture
def evening(site_tree, japan):
    """An evening in Tokyo (19:00–21:00 JST) in a month without daylight saving
    changes in New York, ten weeks ahead."""
    day = (datetime.now(TOKYO) + timedelta(days=70)).date()
    start = datetime(day.year, day.month, day.day, 19, tzinfo=TOKYO)
    return make_event(japan, title="Tokyo evening", tz="Asia/Tokyo", start=start,
                      end=start + timedelta(hours=2))


def test_your_time_in_the_visitors_zone_24_hour(browser, live_server, evening):
    new_york = ZoneInfo("America/New_York")
    start = evening.start.astimezone(new_york)
    end = evening.end.astimezone(new_york)
    in_zone(browser, "America/New_York")
    try:
        english = translate(evening, "en", "Tokyo evening").url
        for url, label in ((evening.url, "Uw lokale tijd:"),
                           (english, "Your local time:")):
            open_page(browser, live_server.url + url)
            text = visitor_time(browser)
            assert text.startswith(label), text
            assert f"{start:%H:%M}" in text and f"{end:%H:%M}" in text, text
            assert "AM" not in text and "PM" not in text, text
        # An English page in en-GB order: day before month.
        assert f"{start.day} " in text and "," in text, text
        # The visitor in the event's own zone sees no second line.
        in_zone(browser, "Asia/Tokyo")
        open_page(browser, live_server.url + evening.url)
        assert hidden_visitor_time(browser)
    finally:
        in_zone(browser, "Europe/Brussels")


def test_no_your_time_on_a_cancelled_event(browser, live_server, japan):
    event = make_event(japan, title="Cancelled evening", status="cancelled")
    in_zone(browser, "America/New_York")
    try:
        open_page(browser, live_server.url + event.url)
        assert hidden_visitor_time(browser)
        assert "Add to calendar" not in browser.page_source
        assert browser.find_element("css selector", ".event-when del time")
    finally:
        in_zone(browser, "Europe/Brussels")
