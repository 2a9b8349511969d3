"""The event form's recurrence builder and searchable choosers in a real
browser (Debian's headless Chromium through Selenium, tests/browser.py): the
builder writes the RRULE and the excluded dates, reads a rule back and shows
the server's preview; the choosers filter, show chips and count aloud."""

from collections.abc import Iterator

import pytest
from django.contrib.auth import get_user_model
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select
from wagtail.users.models import UserProfile

from cms.core.site_setup import ensure_site_tree
from tests.browser import chromium_fixture, open_page, severe_console_errors, wait_for
from tests.factories import make_event, make_institution, make_representation

# The live server's thread must see committed pages.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

browser = chromium_fixture()


@pytest.fixture
def event_form(browser, live_server) -> Iterator[object]:
    """The browser signed in (admin in English) on an event's edit form."""
    ensure_site_tree()
    make_institution()
    event = make_event(make_representation(), "Tokyo seminar", days_ahead=10)
    user = get_user_model().objects.create_superuser("editor", "e@example.org", "pw-1234")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    browser.delete_all_cookies()
    open_page(browser, f"{live_server.url}/admin/login/")
    browser.find_element(By.NAME, "username").send_keys("editor")
    browser.find_element(By.NAME, "password").send_keys("pw-1234\n")
    wait_for(browser, lambda d: "/admin/login" not in d.current_url, "login failed")
    open_page(browser, f"{live_server.url}/admin/pages/{event.pk}/edit/")
    severe_console_errors(browser)  # drain what the login page logged
    yield browser
    # the preview's 400 for a refused rule is logged; nothing else may be
    assert not [entry for entry in severe_console_errors(browser)
                if "/event-recurrence/preview/" not in entry["message"]]


def by_id(driver, element_id: str):
    return driver.find_element(By.ID, element_id)


def set_value(driver, element, value: str) -> None:
    """Set an input the way a person's typing ends: value, input, change."""
    driver.execute_script(
        "arguments[0].value = arguments[1];"
        "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));"
        "arguments[0].dispatchEvent(new Event('change', {bubbles: true}));",
        element, value)


def click(driver, element) -> None:
    """Click as a person would, after scrolling the element clear of the
    admin's sticky footer."""
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});"
                          "arguments[0].click();", element)


def preview(driver) -> list[str]:
    return [item.get_attribute("datetime") for item in driver.find_elements(
        By.CSS_SELECTOR, "#id_recurrence_rule-occurrences time")]


def test_recurrence_builder_writes_the_rule_and_previews(event_form):
    driver = event_form
    by_id(driver, "tab-label-when").click()
    rule = by_id(driver, "id_recurrence_rule")
    wait_for(driver, lambda d: "Give the start" not in by_id(
        d, "id_recurrence_rule-status").text and len(preview(d)) == 1,
        "a one-off event previews its one date")

    Select(by_id(driver, "id_recurrence_rule-freq")).select_by_value("WEEKLY")
    set_value(driver, by_id(driver, "id_recurrence_rule-interval"), "2")
    for day in ("TU", "TH"):
        click(driver, by_id(driver, f"id_recurrence_rule-day-{day}"))
    click(driver, by_id(driver, "id_recurrence_rule-ends-count"))
    set_value(driver, by_id(driver, "id_recurrence_rule-count"), "5")
    assert rule.get_attribute("value") == "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;COUNT=5"
    wait_for(driver, lambda d: len(preview(d)) == 5, "five occurrences previewed")
    dates = preview(driver)
    assert all("T10:00:00+09:00" in value for value in dates), dates

    # an excluded date: written to the text field, left out of the preview
    excluded = dates[1][:10]
    set_value(driver, by_id(driver, "id_recurrence_rule-exception"), excluded)
    click(driver, driver.find_element(
        By.CSS_SELECTOR, ".hub-recurrence__builder button.button"))
    assert by_id(driver, "id_recurrence_exceptions").get_attribute("value") == excluded
    wait_for(driver, lambda d: len(preview(d)) == 4 and excluded not in "".join(
        preview(d)), "the excluded date left the preview")
    remove = driver.find_element(
        By.CSS_SELECTOR, f'.hub-recurrence__chips button[aria-label="Remove {excluded}"]')
    click(driver, remove)
    assert by_id(driver, "id_recurrence_exceptions").get_attribute("value") == ""

    # a rule typed as text is read back into the controls
    set_value(driver, rule, "FREQ=DAILY;INTERVAL=3;UNTIL=20991231")
    assert Select(by_id(driver, "id_recurrence_rule-freq")).first_selected_option \
        .get_attribute("value") == "DAILY"
    assert by_id(driver, "id_recurrence_rule-interval").get_attribute("value") == "3"
    assert by_id(driver, "id_recurrence_rule-ends-until").is_selected()
    assert by_id(driver, "id_recurrence_rule-until").get_attribute("value") == "2099-12-31"
    assert not by_id(driver, "id_recurrence_rule-day-TU").is_displayed()

    # what the builder cannot show stays text, and the server says what is wrong
    set_value(driver, rule, "FREQ=MONTHLY;BYMONTHDAY=1,15")
    note = driver.find_element(By.CSS_SELECTOR, ".hub-recurrence__note")
    assert note.is_displayed()
    set_value(driver, rule, "FREQ=HOURLY")
    wait_for(driver, lambda d: "daily, weekly, monthly or yearly" in by_id(
        d, "id_recurrence_rule-status").text, "the server's message is shown")


def test_raw_rule_and_excluded_dates_sit_behind_a_disclosure(event_form):
    driver = event_form
    by_id(driver, "tab-label-when").click()
    rule = by_id(driver, "id_recurrence_rule")
    exceptions = by_id(driver, "id_recurrence_exceptions")
    disclosure = driver.find_element(By.CSS_SELECTOR, "details.hub-recurrence__text")
    summary = disclosure.find_element(By.TAG_NAME, "summary")
    assert summary.text == "Edit the rule as text"
    # one place to edit: the builder; the text fields are inside, closed
    assert disclosure.find_elements(By.ID, "id_recurrence_rule")
    assert disclosure.find_elements(By.ID, "id_recurrence_exceptions")
    assert not rule.is_displayed() and not exceptions.is_displayed()
    click(driver, summary)
    assert rule.is_displayed() and exceptions.is_displayed()
    assert "Excluded dates" in disclosure.text  # the textarea keeps its label
    # kept in sync both ways
    Select(by_id(driver, "id_recurrence_rule-freq")).select_by_value("DAILY")
    assert rule.get_attribute("value") == "FREQ=DAILY"
    set_value(driver, exceptions, "2099-01-01")
    assert driver.find_element(By.CSS_SELECTOR, ".hub-recurrence__chips").text \
        .startswith("2099-01-01")
    # a rule the builder cannot show opens the text (the note points there)
    click(driver, summary)
    assert not rule.is_displayed()
    set_value(driver, rule, "FREQ=MONTHLY;BYMONTHDAY=1,15")
    assert disclosure.get_attribute("open") is not None and rule.is_displayed()


def test_chooser_filters_and_shows_chips(event_form):
    driver = event_form
    by_id(driver, "tab-label-organisation_and_audience").click()
    box = by_id(driver, "id_languages-filter")
    status = by_id(driver, "id_languages-status")
    assert status.get_attribute("aria-live") == "polite"
    label = driver.find_element(By.CSS_SELECTOR, 'label[for="id_languages-filter"]')
    assert "Languages" in label.text
    total = len(driver.find_elements(By.CSS_SELECTOR, '#id_languages input'))
    assert total > 50 and f"of {total} shown" in status.text

    box.send_keys("dutc")
    shown = [row.text for row in driver.find_elements(
        By.CSS_SELECTOR, "#id_languages > div") if row.is_displayed()]
    assert shown == ["Dutch"], shown
    assert f"1 of {total} shown" in status.text
    box.send_keys(Keys.ENTER)  # one match: Enter chooses it, the form stays
    assert "/edit/" in driver.current_url
    remove = driver.find_element(
        By.CSS_SELECTOR, '.hub-chooser__chips button[aria-label="Remove Dutch"]')
    assert status.text.startswith("1 chosen")
    click(driver, remove)
    assert not driver.find_elements(By.CSS_SELECTOR, ".hub-chooser__chip")
    assert status.text.startswith("0 chosen")

    box.clear()
    box.send_keys("zzzz")
    assert driver.find_element(
        By.CSS_SELECTOR, "[data-hub-chooser]:has(#id_languages) .hub-chooser__none",
    ).is_displayed()

    institutions = by_id(driver, "id_participating_institutions-filter")
    institutions.send_keys("leuv")
    visible = [row.text for row in driver.find_elements(
        By.CSS_SELECTOR, "#id_participating_institutions > div") if row.is_displayed()]
    assert visible == ["KU Leuven (nl)"], visible
