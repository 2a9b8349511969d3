"""An editorial page in a real browser: its hub widget block loads the
widget script under the hub's own Content-Security-Policy and renders the
chosen organisation's events; the call-out and related links are there."""

import pytest
from wagtail.models import Locale

from cms.editorial.models import ContentPage
from tests.browser import open_page, severe_console_errors, wait_for
from tests.factories import make_event, publish

# serialized_rollback like every transactional test here: a plain flush lets
# post_migrate re-create the content types under new ids, and the next test's
# restore of the serialized database then collides with them.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_widget_block_renders_on_the_hubs_own_page(chromium, live_server, site_tree,
                                                   japan):
    seminar = make_event(japan, "Tokyo seminar", days_ahead=10,
                         event_type="science-diplomacy-seminar")
    make_event(japan, "Tokyo fair", days_ahead=12)  # another type: filtered out
    english = site_tree["home"].get_translation(Locale.objects.get(language_code="en"))
    page = ContentPage(title="Academic diplomacy", slug="academic-diplomacy",
                       locale=english.locale, body=[
        ("call_out", {"heading": "Meet us", "text": "<p>Seminars abroad.</p>",
                      "link_page": None, "link_url": "", "link_text": ""}),
        ("widget", {"widget": "events", "heading": "Seminars",
                    "organisation": japan, "country": "", "discipline": "",
                    "event_type": "science-diplomacy-seminar", "query": "",
                    "limit": 3, "layout": "list"}),
        ("related", {"heading": "See also", "items": [seminar]}),
    ])
    english.add_child(instance=page)
    publish(page)

    chromium.get_log("browser")  # start from an empty log
    open_page(chromium, live_server.url + page.url)
    wait_for(chromium, lambda d: d.execute_script(
        "const e = document.querySelector('flanders-events');"
        "return e && e.getAttribute('data-state')") == "ready",
        "the events widget did not become ready")
    titles = chromium.execute_script(
        "const root = document.querySelector('flanders-events').shadowRoot;"
        "return Array.from(root.querySelectorAll('.t')).map(e => e.textContent.trim())")
    assert titles == ["Tokyo seminar"]
    assert chromium.execute_script(
        "return document.querySelector('.call-out h2').textContent") == "Meet us"
    assert chromium.execute_script(
        "return document.querySelector('.related-items a').textContent") == \
        "Tokyo seminar"
    assert not severe_console_errors(chromium)  # no CSP refusal, no script error
