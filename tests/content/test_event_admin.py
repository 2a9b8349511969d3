"""The editors' event admin: the listing (absolute start, sortable, one row
per event with its languages, a bounded number of queries), the edit form in
tabs, the recurrence builder's server side and the searchable choosers."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.test.utils.form_data import querydict_from_html
from wagtail.users.models import UserProfile

from cms.core import timefmt
from cms.core.widgets import label_sort_key
from cms.events import recurrence
from cms.events.models import EventPage
from cms.institutions.permissions import editor_group_name
from plugins import registry as plugin_registry
from tests.factories import make_event, translate
from themes import registry as theme_registry

pytestmark = pytest.mark.django_db

LISTING = "/admin/events/"
PREVIEW = "/admin/event-recurrence/preview/"


@pytest.fixture
def editor(client, site_tree):
    """A superuser whose admin speaks English."""
    user = get_user_model().objects.create_superuser("boss", "b@example.org", "x")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(user)
    return client


def rows(html: str) -> list[str]:
    """The listing's event titles, in the order of its rows."""
    return re.findall(r'<span id="page_\d+_title">\s*(.*?)\s*</span>', html)


def listing(client, query: str = "") -> str:
    for cache in caches.all():
        cache.clear()
    response = client.get(LISTING + query)
    assert response.status_code == 200
    return response.content.decode()


# -- listing -----------------------------------------------------------------------
def test_listing_shows_a_future_start_as_its_date_not_just_now(editor, japan):
    event = make_event(japan, "Tokyo fair", days_ahead=40)
    html = listing(editor)
    # ("Just now" is right in the Updated column: the revision is new)
    cell = re.search(rf'<time datetime="{re.escape(event.start.isoformat())}">'
                     r"(.*?)</time>", html)
    expected = timefmt.format_moment(event.start, "Asia/Tokyo", "en", long=False)
    assert cell and cell.group(1) == expected
    assert "10:00" in expected and "Just now" not in expected


def test_listing_sorts_by_start_both_ways(editor, japan):
    for title, days in (("Later fair", 50), ("Soon fair", 5), ("Middle fair", 20)):
        make_event(japan, title, days_ahead=days)
    assert rows(listing(editor, "?ordering=start")) == [
        "Soon fair", "Middle fair", "Later fair"]
    assert rows(listing(editor, "?ordering=-start")) == [
        "Later fair", "Middle fair", "Soon fair"]
    assert "ordering=start" in listing(editor, "?ordering=-start")


def test_listing_is_in_start_order_by_default(editor, japan):
    # created out of order, so the default "Updated" order would differ
    for title, days in (("Middle fair", 20), ("Soon fair", 5), ("Later fair", 50)):
        make_event(japan, title, days_ahead=days)
    html = listing(editor)
    assert rows(html) == ["Soon fair", "Middle fair", "Later fair"]
    # the Start column says it is the sort, and offers the other direction
    assert "ordering=-start" in html


def test_listing_has_one_row_per_event_with_its_languages(editor, client, japan):
    dutch = make_event(japan, "Beurs in Tokio")
    english = translate(dutch, "en", "Tokyo fair")
    make_event(japan, "Alleen Nederlands")
    html = listing(editor)
    # the English admin shows the English translation; the other is a badge
    assert rows(html).count("Tokyo fair") == 1
    assert "Beurs in Tokio" not in rows(html)
    assert "Alleen Nederlands" in rows(html) and len(rows(html)) == 2
    row = html[html.index(f'id="page_{english.pk}_title"'):]
    cell = row[row.index('class="hub-event-languages"'):]
    cell = cell[:cell.index("</ul>")]
    assert f'href="/admin/pages/{dutch.pk}/edit/"' in cell
    assert ">nl<" in cell and ">en<" in cell and 'aria-current="true"' in cell
    # the Dutch admin shows the Dutch one
    profile = UserProfile.objects.get(user__username="boss")
    profile.preferred_language = "nl"
    profile.save()
    html = listing(editor)
    assert "Beurs in Tokio" in rows(html) and "Tokyo fair" not in rows(html)
    # filtering by language shows that language's row
    assert rows(listing(editor, "?locale=en")) == ["Tokyo fair"]
    assert english.pk


def extra_queries(few: list[str], many: list[str]) -> str:
    """The statements one run made and the other did not, for the message."""
    return "\n".join(["only with few events:", *sorted(set(few) - set(many)),
                      "only with many:", *sorted(set(many) - set(few))])


@pytest.fixture
def process_caches_hold(monkeypatch):
    """Themes and plugin states are read again every few seconds: on a slow
    run both measured requests could pay for that, so they hold for an hour."""
    monkeypatch.setattr(plugin_registry, "STATE_RECHECK_SECONDS", 3600.0)
    monkeypatch.setattr(theme_registry, "CACHE_SECONDS", 3600.0)


def steady_queries(get) -> tuple[list[str], object]:
    """The statements of one listing request, and its answer, with the
    per-process caches warm (see process_caches_hold; themes are also read
    again after a publish): the shorter of two requests is the listing's own."""
    runs = []
    for _ in range(2):
        for cache in caches.all():
            cache.clear()
        with CaptureQueriesContext(connection) as captured:
            answer = get()
        runs.append(([q["sql"] for q in captured.captured_queries], answer))
    return min(runs, key=lambda run: len(run[0]))


def test_listing_queries_do_not_grow_with_the_events(editor, japan,
                                                     process_caches_hold):
    def queries() -> list[str]:
        statements, response = steady_queries(lambda: editor.get(LISTING))
        assert response.status_code == 200
        return statements

    make_event(japan, "First fair")
    few = queries()
    for number in range(8):
        event = make_event(japan, f"Fair {number}", days_ahead=10 + number)
        if number % 2:
            translate(event, "en", f"English fair {number}")
    many = queries()
    assert len(many) == len(few), extra_queries(few, many)
    assert len(many) <= 40


def test_an_institution_editors_listing_queries_do_not_grow(client, organisations,
                                                           process_caches_hold):
    kul = organisations["kul"]
    user = get_user_model().objects.create_user("kul-ed", "k@example.org", "x")
    user.groups.add(Group.objects.get(name=editor_group_name(kul)))
    client.force_login(user)

    def queries() -> tuple[list[str], list[str]]:
        statements, html = steady_queries(
            lambda: client.get(LISTING).content.decode())
        return statements, rows(html)

    few, shown = queries()
    assert shown == ["Leuven fair"]
    for number in range(5):
        event = make_event(kul, f"Leuven day {number}", days_ahead=5 + number)
        translate(event, "en", f"Leuven day {number} (en)")
    many, shown = queries()
    assert len(shown) == 6 and "Ghent fair" not in shown
    assert len(many) == len(few), extra_queries(few, many)


# -- edit form ---------------------------------------------------------------------
def edit_page(client, event) -> str:
    response = client.get(f"/admin/pages/{event.pk}/edit/")
    assert response.status_code == 200
    return response.content.decode()


def test_edit_form_is_in_tabs_with_status_under_when(editor, japan):
    html = edit_page(editor, make_event(japan))
    labels = re.findall(r'id="tab-label-([\w-]+)"', html)
    assert labels[:5] == ["content", "when", "where", "organisation_and_audience",
                          "promotion"]
    sections = {name: html.index(f'id="tab-{name}"') for name in labels}
    status = html.index('name="status"')
    assert sections["when"] < status < sections["where"]
    assert sections["when"] < html.index('name="recurrence_rule"') < sections["where"]
    assert sections["where"] < html.index('name="venue_name"') < sections[
        "organisation_and_audience"]
    assert sections["promotion"] < html.index('name="registration_url"')


def test_choosers_are_searchable_and_languages_ordered_by_name(editor, japan, kul):
    html = edit_page(editor, make_event(japan))
    for name in ("participating_institutions", "related_expertise", "disciplines",
                 "languages"):
        at = html.index(f'id="id_{name}"')
        assert "data-hub-chooser" in html[at - 600:at], name
    # institutions exist once per language: the label says which
    assert re.search(r'name="participating_institutions"[^>]*> KU Leuven \(nl\)<',
                     html)
    start = html.index('id="id_languages"')
    block = html[start:html.index("</div></div>", start)]
    labels = re.findall(r'name="languages"[^>]*> ([^<]+)</label>', block)
    assert len(labels) > 50
    folded = [label_sort_key(label) for label in labels]
    assert folded == sorted(folded)
    assert "hub/admin/chooser.js" in html


# -- recurrence --------------------------------------------------------------------
def form_data(client, event, **changes) -> dict:
    html = edit_page(client, event)
    data = querydict_from_html(html, form_id="page-edit-form")
    data.update(changes)
    return data


def test_builder_rule_round_trips_through_form_and_preview(editor, japan):
    event = make_event(japan, "Seminar", days_ahead=10)
    local = event.start.astimezone(ZoneInfo("Asia/Tokyo"))
    last_day = (local + timedelta(days=60)).date()
    rule = f"FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;UNTIL={last_day:%Y%m%d}"
    data = form_data(editor, event, recurrence_rule=rule,
                     recurrence_exceptions="")
    response = editor.post(f"/admin/pages/{event.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    saved = EventPage.objects.get(pk=event.pk).get_latest_revision_as_object()
    # the builder's local date is stored in UTC, as RFC 5545 wants
    assert re.fullmatch(r"FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;UNTIL=\d{8}T\d{6}Z",
                        saved.recurrence_rule), saved.recurrence_rule
    occurrences = [start for start, _end in saved.occurrences()]
    days = {o.astimezone(ZoneInfo("Asia/Tokyo")).strftime("%a") for o in occurrences}
    assert days <= {"Tue", "Thu"} and len(occurrences) >= 8
    assert occurrences[-1].astimezone(ZoneInfo("Asia/Tokyo")).date() <= last_day
    assert all(o.astimezone(ZoneInfo("Asia/Tokyo")).hour == 10 for o in occurrences)

    answer = editor.get(PREVIEW, {
        "rule": rule, "start": local.strftime("%Y-%m-%d %H:%M"),
        "time_zone": "Asia/Tokyo", "limit": "20",
    })
    assert answer.status_code == 200
    body = answer.json()
    assert [item["start"] for item in body["occurrences"]] == [
        o.astimezone(ZoneInfo("Asia/Tokyo")).isoformat() for o in occurrences[:20]]
    assert body["rule"] == saved.recurrence_rule
    assert "10:00" in body["occurrences"][0]["text"]


def test_preview_leaves_out_excluded_dates_and_counts(editor):
    answer = editor.get(PREVIEW, {
        "rule": "FREQ=DAILY;COUNT=5", "start": "2031-03-03 09:30",
        "time_zone": "Europe/Brussels", "exceptions": "2031-03-04",
    }).json()
    starts = [item["start"][:10] for item in answer["occurrences"]]
    assert starts == ["2031-03-03", "2031-03-05", "2031-03-06", "2031-03-07"]
    assert answer["more"] is False


@pytest.mark.parametrize("params", [
    {"rule": "FREQ=SECONDLY", "start": "2031-03-03 09:30", "time_zone": "UTC"},
    {"rule": "NONSENSE", "start": "2031-03-03 09:30", "time_zone": "UTC"},
    {"rule": "FREQ=DAILY", "start": "2031-03-03 09:30", "time_zone": "Mars/Olympus"},
    {"rule": "FREQ=DAILY", "start": "", "time_zone": "UTC"},
    {"rule": "FREQ=DAILY", "start": "2031-03-03 09:30", "time_zone": "UTC",
     "exceptions": "someday"},
    {"rule": "FREQ=DAILY;UNTIL=20311399", "start": "2031-03-03 09:30",
     "time_zone": "UTC"},
])
def test_preview_refuses_bad_input_with_a_message(editor, params):
    answer = editor.get(PREVIEW, params)
    assert answer.status_code == 400
    assert answer.json()["error"]


def test_preview_is_for_admin_users_only(client, site_tree):
    answer = client.get(PREVIEW, {"rule": "FREQ=DAILY", "start": "2031-03-03 09:30",
                                  "time_zone": "UTC"})
    assert answer.status_code == 302 and "/login/" in answer["Location"]


@pytest.mark.parametrize(("changes", "message"), [
    ({"recurrence_rule": "FREQ=HOURLY"},
     "Events can repeat daily, weekly, monthly or yearly only."),
    ({"recurrence_rule": "FREQ=WEEKLY", "recurrence_exceptions": "next tuesday"},
     "is not a date (YYYY-MM-DD)"),
    ({"recurrence_rule": "FREQ=DAILY;UNTIL=20271399"}, "is not a date for UNTIL"),
])
def test_invalid_recurrence_is_a_form_message(editor, japan, changes, message):
    event = make_event(japan, "Seminar")
    data = form_data(editor, event, **changes)
    response = editor.post(f"/admin/pages/{event.pk}/edit/", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert EventPage.objects.get(pk=event.pk).recurrence_rule == ""


def test_naive_until_means_the_end_of_that_day_in_the_event_zone():
    start = datetime(2027, 4, 6, 19, 0, tzinfo=ZoneInfo("America/Los_Angeles"))
    rule = recurrence.normalise_until("FREQ=WEEKLY;UNTIL=20270427", "America/Los_Angeles")
    assert rule == "FREQ=WEEKLY;UNTIL=20270428T065959Z"
    found = list(recurrence.occurrences(rule, start, start, "America/Los_Angeles"))
    assert found[-1][0].date().isoformat() == "2027-04-27" and len(found) == 4


def test_listing_search_keeps_one_row_per_event(editor, japan):
    dutch = make_event(japan, "Beurs in Tokio")
    translate(dutch, "en", "Tokyo fair")
    make_event(japan, "Seminar in Osaka")
    found = rows(listing(editor, "?q=fair"))
    assert found == ["Tokyo fair"], found
