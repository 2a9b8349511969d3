"""Calendar (iCalendar) and news (RSS/Atom) feeds, checked with independent
parsers: icalendar + recurring-ical-events, and xml.etree for the XML feeds."""

import xml.etree.ElementTree as ET
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
from django.utils import timezone, translation

from cms.core.absolute import page_url
from cms.events.models import EventType
from cms.expertise.models import ExpertisePage
from cms.institutions.models import Discipline
from tests.factories import (
    make_event,
    make_expertise,
    make_institution,
    make_representation,
    publish,
)

pytestmark = pytest.mark.django_db

NEW_YORK = ZoneInfo("America/New_York")
TOKYO = ZoneInfo("Asia/Tokyo")
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def new_york(site_tree):
    return make_representation(
        title="Flanders in New York", slug="new-york", city="New York", country="US",
        time_zone="America/New_York", region="north-america",
    )


def get_calendar(client, **params) -> icalendar.Calendar:
    response = client.get("/feeds/events.ics", params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def vevents(calendar: icalendar.Calendar) -> dict[str, icalendar.Event]:
    return {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}


def uid(page) -> str:
    return f"{page.public_id}@flanders-academic-hub"


# -- iCalendar: time zones, DST, recurrence ------------------------------------

def test_weekly_new_york_event_keeps_wall_clock_time_across_both_dst_changes(
        client, new_york):
    year = timezone.now().year + 1
    first = datetime(year, 2, 1, 18, 0, tzinfo=NEW_YORK)
    excluded = first + timedelta(weeks=6)  # a Tuesday in March, after the switch
    make_event(
        new_york, title="Weekly seminar", tz="America/New_York", start=first,
        end=first + timedelta(hours=2), event_type="science-diplomacy-seminar",
        recurrence_rule=f"FREQ=WEEKLY;UNTIL={year}1130T235959Z",
        recurrence_exceptions=excluded.date().isoformat(),
        venue_name="Consulate", venue_city="New York", venue_country="US",
    )
    calendar = get_calendar(client)
    master = vevents(calendar)["Weekly seminar"]
    assert master["DTSTART"].params["TZID"] == "America/New_York"
    assert "FREQ" in master["RRULE"]
    assert "America/New_York" in {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")}

    occurrences = recurring_ical_events.of(calendar).between(
        datetime(year, 1, 1), datetime(year + 1, 1, 1))
    starts = [o["DTSTART"].dt for o in occurrences if str(o["UID"]) == master["UID"]]
    weeks = (datetime(year, 11, 30, tzinfo=NEW_YORK) - first).days // 7 + 1
    assert len(starts) == weeks - 1  # the excluded date is gone
    assert excluded.date() not in {s.date() for s in starts}
    assert {(s.astimezone(NEW_YORK).hour, s.astimezone(NEW_YORK).minute) for s in starts} == {
        (18, 0)}
    offsets = [s.astimezone(NEW_YORK).utcoffset() for s in starts]
    # EST in February, EDT from March, EST again after the first Sunday of November
    assert offsets[0] == offsets[-1] == timedelta(hours=-5)
    assert timedelta(hours=-4) in offsets
    utc_hours = {s.astimezone(ZoneInfo("UTC")).hour for s in starts}
    assert utc_hours == {22, 23}


def test_tokyo_event_is_in_tokyo_time(client, japan):
    event = make_event(japan, title="Tokyo fair", tz="Asia/Tokyo")
    calendar = get_calendar(client)
    vevent = vevents(calendar)["Tokyo fair"]
    start = vevent["DTSTART"].dt
    assert vevent["DTSTART"].params["TZID"] == "Asia/Tokyo"
    assert start.astimezone(TOKYO).hour == 10
    assert start.astimezone(ZoneInfo("UTC")).hour == 1
    assert start == event.start
    assert vevent["DTEND"].dt - start == timedelta(hours=3)
    assert "Asia/Tokyo" in {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")}
    assert str(vevent["URL"]) == page_url(event)
    assert "Tokyo Big Sight" in str(vevent["LOCATION"])


def test_cancelled_event_has_status_cancelled(client, japan):
    make_event(japan, title="Cancelled fair", status="cancelled")
    make_event(japan, title="Scheduled fair")
    found = vevents(get_calendar(client))
    assert str(found["Cancelled fair"]["STATUS"]) == "CANCELLED"
    assert str(found["Scheduled fair"]["STATUS"]) == "CONFIRMED"


def test_all_day_event_uses_date_values(client, japan):
    day = timezone.now().date() + timedelta(days=20)
    start = datetime.combine(day, datetime.min.time(), TOKYO)
    make_event(japan, title="Education fair weekend", all_day=True, start=start,
               end=start + timedelta(days=1, hours=12))
    vevent = vevents(get_calendar(client))["Education fair weekend"]
    assert type(vevent["DTSTART"].dt) is date
    assert vevent["DTSTART"].dt == day
    assert vevent["DTEND"].dt == day + timedelta(days=2)  # exclusive end
    assert "VALUE=DATE" in vevent.to_ical().decode()


# -- iCalendar: filters and identity -----------------------------------------

def test_filters_by_organiser_country_and_type(client, japan, new_york):
    make_event(japan, title="Tokyo fair")
    make_event(japan, title="Tokyo seminar", event_type="science-diplomacy-seminar")
    make_event(new_york, title="New York seminar", tz="America/New_York",
               event_type="science-diplomacy-seminar", venue_name="Consulate",
               venue_city="New York", venue_country="US")

    calendar = get_calendar(client, organiser="japan")
    assert set(vevents(calendar)) == {"Tokyo fair", "Tokyo seminar"}
    assert "Flanders in Japan" in str(calendar["X-WR-CALNAME"])

    calendar = get_calendar(client, country="US")
    assert set(vevents(calendar)) == {"New York seminar"}
    assert "VTIMEZONE" in calendar.to_ical().decode()

    calendar = get_calendar(client, type="science-diplomacy-seminar")
    assert set(vevents(calendar)) == {"Tokyo seminar", "New York seminar"}
    with translation.override("en"):  # the API's default language
        label = str(EventType.SCIENCE_DIPLOMACY_SEMINAR.label)
    assert label in str(calendar["X-WR-CALNAME"])

    assert set(vevents(get_calendar(client))) == {
        "Tokyo fair", "Tokyo seminar", "New York seminar"}


def test_uids_are_stable_and_sequence_grows_on_republish(client, japan):
    event = make_event(japan, title="Tokyo fair")
    first = client.get("/feeds/events.ics")
    second = client.get("/feeds/events.ics")
    uids = [str(e["UID"]) for e in icalendar.Calendar.from_ical(first.content).walk("VEVENT")]
    assert uids == [uid(event)]
    assert first.content == second.content
    assert first["ETag"] == second["ETag"]
    sequence = vevents(icalendar.Calendar.from_ical(first.content))["Tokyo fair"]["SEQUENCE"]

    event.summary = "Now with a second hall."
    publish(event)
    vevent = vevents(get_calendar(client))["Tokyo fair"]
    assert str(vevent["UID"]) == uid(event)
    assert vevent["SEQUENCE"] > sequence
    assert vevent["LAST-MODIFIED"].dt == event.last_published_at.replace(microsecond=0)
    assert client.get("/feeds/events.ics")["ETag"] != first["ETag"]


def test_conditional_get_and_cache_headers(client, japan):
    make_event(japan, title="Tokyo fair")
    response = client.get("/feeds/events.ics")
    assert "max-age=" in response["Cache-Control"] and "public" in response["Cache-Control"]
    assert response["Last-Modified"]
    again = client.get("/feeds/events.ics", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    since = client.get("/feeds/events.ics", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert since.status_code == 304
    assert client.get("/feeds/events.rss", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 200


def test_unpublishing_changes_the_etag(client, japan):
    make_event(japan, title="Tokyo fair")
    gone = make_event(japan, title="Tokyo seminar")
    before = client.get("/feeds/events.ics")
    gone.unpublish()
    after = client.get("/feeds/events.ics", HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert set(vevents(icalendar.Calendar.from_ical(after.content))) == {"Tokyo fair"}


def test_per_event_download_still_works(client, japan):
    event = make_event(japan, title="Tokyo fair")
    response = client.get(f"/events/{event.public_id}.ics")
    assert response.status_code == 200
    assert [str(e["UID"]) for e in icalendar.Calendar.from_ical(response.content).walk(
        "VEVENT")] == [uid(event)]
    # An unknown id is a plain 404, not a redirect to a language-prefixed URL.
    missing = client.get("/events/00000000-0000-4000-8000-000000000000.ics")
    assert missing.status_code == 404
    assert missing["Content-Type"].startswith("text/plain")


# -- errors ------------------------------------------------------------------

@pytest.mark.parametrize("query, param", [
    ({"type": "party"}, "type"),
    ({"lang": "xx"}, "lang"),
    ({"from": "2026-13-45"}, "from"),
    ({"organiser": "nowhere"}, "organiser"),
    ({"country": "<script>"}, "country"),
    ({"colour": "blue"}, "colour"),
])
def test_bad_event_filters_are_400_json(client, site_tree, query, param):
    for path in ("events.ics", "events.rss", "events.atom"):
        response = client.get(f"/feeds/{path}", query)
        assert response.status_code == 400
        assert response["Content-Type"] == "application/json"
        error = response.json()["error"]
        assert error["param"] == param
        assert error["code"] and error["message"]


@pytest.mark.parametrize("query, param", [
    ({"kind": "castle"}, "kind"), ({"discipline": "99.9"}, "discipline"),
    ({"institution": "nowhere"}, "institution"), ({"lang": "es"}, "lang"),
])
def test_bad_expertise_filters_are_400_json(client, site_tree, query, param):
    for path in ("expertise.rss", "expertise.atom"):
        response = client.get(f"/feeds/{path}", query)
        assert response.status_code == 400
        assert response.json()["error"]["param"] == param


# -- RSS / Atom ----------------------------------------------------------------

def rss_items(client, path: str, **params) -> list[ET.Element]:
    response = client.get(f"/feeds/{path}", params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/rss+xml")
    return ET.fromstring(response.content).findall("./channel/item")


def atom_entries(client, path: str, **params) -> list[ET.Element]:
    response = client.get(f"/feeds/{path}", params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content).findall(f"{ATOM}entry")


def test_event_rss_and_atom_escape_hostile_titles(client, japan):
    hostile = '<script>alert("x")</script> & fair'
    event = make_event(japan, title=hostile, slug="hostile",
                       summary="<img src=x onerror=alert(1)>")
    for path in ("events.rss", "events.atom"):
        raw = client.get(f"/feeds/{path}").content.decode()
        assert "<script>" not in raw and "<img" not in raw
    [item] = rss_items(client, "events.rss")
    assert item.findtext("title") == hostile
    assert item.findtext("link") == page_url(event)
    assert item.findtext("guid") == f"urn:uuid:{event.public_id}"
    # The description is HTML: the summary reaches readers as text, not markup.
    description = item.findtext("description")
    assert "&lt;img src=x onerror=alert(1)&gt;" in description
    assert "<img" not in description
    [entry] = atom_entries(client, "events.atom")
    assert entry.findtext(f"{ATOM}title") == hostile
    assert entry.find(f"{ATOM}link").get("href") == page_url(event)


def test_event_news_feeds_filter_and_order_by_start(client, japan, new_york):
    make_event(japan, title="Later fair", days_ahead=40)
    make_event(japan, title="Sooner fair", days_ahead=10)
    make_event(new_york, title="New York webinar", tz="America/New_York",
               event_type="webinar", attendance_mode="online",
               online_url="https://example.org/join", venue_country="")
    titles = [i.findtext("title") for i in rss_items(client, "events.rss", organiser="japan")]
    assert titles == ["Sooner fair", "Later fair"]
    titles = [e.findtext(f"{ATOM}title") for e in atom_entries(client, "events.atom",
                                                               type="webinar")]
    assert titles == ["New York webinar"]
    channel = ET.fromstring(client.get("/feeds/events.rss", {"lang": "en"}).content)
    assert channel.findtext("./channel/language") == "en"


@pytest.fixture
def expertise_catalogue(kul):
    ugent = make_institution(title="Ghent University", slug="ugent")
    computing = Discipline.objects.get(code="1.2")
    oldest = make_expertise(kul, title="Leuven AI lab", kind="lab")
    middle = make_expertise(ugent, title="Ghent maths group", kind="research-group")
    newest = make_expertise(kul, title="Leuven <b>robotics</b> facility", slug="robotics",
                            kind="facility")
    oldest.disciplines.add(computing)
    publish(oldest)
    now = timezone.now()
    for age, page in ((3, oldest), (2, middle), (1, newest)):
        ExpertisePage.objects.filter(pk=page.pk).update(
            first_published_at=now - timedelta(days=age))
    return {"oldest": oldest, "middle": middle, "newest": newest}


def test_expertise_feeds_are_newest_first(client, expertise_catalogue):
    titles = [i.findtext("title") for i in rss_items(client, "expertise.rss")]
    assert titles == ["Leuven <b>robotics</b> facility", "Ghent maths group", "Leuven AI lab"]
    assert "<b>" not in client.get("/feeds/expertise.rss").content.decode()
    entries = atom_entries(client, "expertise.atom")
    assert [e.findtext(f"{ATOM}title") for e in entries] == titles


def test_expertise_feed_filters(client, expertise_catalogue):
    def titles(**params):
        return {i.findtext("title") for i in rss_items(client, "expertise.rss", **params)}

    assert titles(institution="ugent") == {"Ghent maths group"}
    assert titles(kind="lab") == {"Leuven AI lab"}
    assert titles(discipline="1") == {"Leuven AI lab"}  # 1.2 is a sub-discipline of 1
    assert titles(discipline="1.2") == {"Leuven AI lab"}
    assert titles(institution="ku-leuven", kind="facility") == {"Leuven <b>robotics</b> facility"}
    # no English translations yet: the API's fallback order serves the Dutch ones
    assert titles(lang="en", kind="lab") == {"Leuven AI lab"}
    assert titles(lang="fr") == titles()


# -- links on the pages ---------------------------------------------------------

def test_listing_pages_link_to_their_feeds(client, site_tree, japan):
    html = client.get(site_tree["events"].url, {"type": "webinar"}).content.decode()
    assert 'rel="alternate" type="application/rss+xml"' in html
    assert 'type="application/atom+xml"' in html
    assert "webcal://" in html and "/feeds/events.ics?" in html
    assert "type=webinar" in html
    html = client.get(site_tree["expertise"].url).content.decode()
    assert "/feeds/expertise.rss" in html and "/feeds/expertise.atom" in html


def test_organisation_page_offers_calendar_subscription(client, japan):
    make_event(japan, title="Tokyo fair")
    html = client.get(japan.url).content.decode()
    assert "webcal://" in html
    assert "/feeds/events.ics?organiser=japan" in html


def test_institution_and_discipline_filters_include_participation(client, japan, kul):
    computing = Discipline.objects.get(code="1.2")
    joint = make_event(japan, title="Joint mission", event_type="ministerial-mission")
    joint.participating_institutions.add(kul)
    joint.disciplines.add(computing)
    publish(joint)
    make_event(japan, title="Tokyo fair")
    make_event(kul, title="Leuven open day", tz="Europe/Brussels", venue_city="Leuven",
               venue_country="BE")
    calendar = get_calendar(client, institution="ku-leuven")
    assert set(vevents(calendar)) == {"Joint mission", "Leuven open day"}
    assert set(vevents(get_calendar(client, discipline="1"))) == {"Joint mission"}
    titles = [i.findtext("title") for i in rss_items(
        client, "events.rss", institution="ku-leuven", discipline="1-2")]
    assert titles == ["Joint mission"]
