"""One table of filter cases, one answer: the events listing page, the read
API, the iCalendar feed, the CSV export and the widgets' fallback links
(the builder's and the one widgets.js writes) select the same events,
because they all read cms/events/filters.py. An invalid value is a 400 JSON
error for the API, the feed and the export; the listing and the links
ignore it, show a notice and filter by the rest."""

import csv
import io
import re
import uuid
from datetime import timedelta
from html import unescape
from urllib.parse import urlencode

import icalendar
import pytest
from django.core.cache import cache
from django.utils import timezone

from cms.institutions.models import Discipline
from plugins import registry
from plugins.widgets.snippets import fallback_url
from plugins.widgets.types import LINK_FILTERS
from tests.factories import (
    make_event,
    make_expertise,
    make_institution,
    make_representation,
    publish,
)

LANGUAGE = "nl"  # the factories publish in Dutch
UNKNOWN_ID = str(uuid.UUID(int=12))
UPCOMING = {"Tokyo fair", "Osaka webinar", "Leuven open day"}
PAST = {"Past mission", "Leuven seminar"}
IN_FIFTEEN_DAYS = (timezone.localdate() + timedelta(days=15)).isoformat()

# (case, parameters, the events every consumer gives, or for an invalid
# value: (the refused parameter, the events of the other parameters)).
# "{japan}" and "{kul}" stand for the organisations' public ids.
CASES = [
    ("no filter", {}, UPCOMING),
    ("organiser by slug", {"organiser": "japan"}, {"Tokyo fair", "Osaka webinar"}),
    ("organiser by public id", {"organiser": "{japan}"},
     {"Tokyo fair", "Osaka webinar"}),
    ("institution organising or taking part", {"institution": "{kul}"},
     {"Tokyo fair", "Leuven open day"}),
    ("institution by slug", {"institution": "ku-leuven"},
     {"Tokyo fair", "Leuven open day"}),
    ("representation by public id", {"representation": "{japan}"},
     {"Tokyo fair", "Osaka webinar"}),
    ("country", {"country": "JP"}, {"Tokyo fair", "Osaka webinar"}),
    ("country in lower case", {"country": "be"}, {"Leuven open day"}),
    ("type", {"type": "webinar"}, {"Osaka webinar"}),
    ("discipline with its sub-disciplines", {"discipline": "1"}, {"Tokyo fair"}),
    ("discipline by slug", {"discipline": "1-2"}, {"Tokyo fair"}),
    ("audience", {"audience": "students"}, {"Leuven open day"}),
    ("when=upcoming", {"when": "upcoming"}, UPCOMING),
    ("when=past", {"when": "past"}, PAST),
    ("when=all", {"when": "all"}, UPCOMING | PAST),
    ("when=next-3-months", {"when": "next-3-months"}, UPCOMING),
    ("from a day", {"from": IN_FIFTEEN_DAYS}, {"Tokyo fair", "Leuven open day"}),
    ("past, organiser by id", {"when": "past", "organiser": "{kul}"},
     {"Leuven seminar"}),
    ("all, country and type", {"when": "all", "country": "JP",
                               "type": "ministerial-mission"}, {"Past mission"}),
    ("organiser, country and type", {"organiser": "{japan}", "country": "JP",
                                     "type": "education-fair"}, {"Tokyo fair"}),
    ("unknown country", {"country": "XX"}, ("country", UPCOMING)),
    ("unknown organiser slug", {"organiser": "nobody"}, ("organiser", UPCOMING)),
    ("unknown organiser id", {"organiser": UNKNOWN_ID}, ("organiser", UPCOMING)),
    ("unknown type", {"type": "party"}, ("type", UPCOMING)),
    ("unknown window", {"when": "soon"}, ("when", UPCOMING)),
    ("unknown discipline", {"discipline": "9.9"}, ("discipline", UPCOMING)),
    ("bad date", {"from": "tomorrow"}, ("from", UPCOMING)),
    ("unknown country with an organiser", {"country": "XX", "organiser": "japan"},
     ("country", {"Tokyo fair", "Osaka webinar"})),
]


@pytest.fixture
def catalogue(site_tree):
    kul = make_institution()
    japan = make_representation()
    fair = make_event(japan, title="Tokyo fair", days_ahead=30)
    fair.participating_institutions.add(kul)
    fair.disciplines.add(Discipline.objects.get(code="1.2"))
    publish(fair)
    make_event(japan, title="Osaka webinar", days_ahead=10, event_type="webinar",
               venue_city="Osaka")
    make_event(japan, title="Past mission", days_ahead=-10,
               event_type="ministerial-mission")
    leuven = make_event(kul, title="Leuven open day", tz="Europe/Brussels",
                        days_ahead=20, event_type="info-session",
                        venue_city="Leuven", venue_country="BE",
                        audience=["students"])
    seminar = make_event(kul, title="Leuven seminar", tz="Europe/Brussels",
                         days_ahead=-40, event_type="science-diplomacy-seminar",
                         venue_city="Leuven", venue_country="BE")
    seminar.disciplines.add(Discipline.objects.get(code="1"))
    publish(seminar)
    registry.set_enabled("hub_csv_export", True)
    cache.clear()
    yield {"kul": kul, "japan": japan, "leuven": leuven}
    registry.forget_states()
    cache.clear()


def filled(params: dict, catalogue: dict) -> dict:
    ids = {name: str(page.translation_key) for name, page in catalogue.items()}
    return {name: value.format(**ids) for name, value in params.items()}


# -- what each consumer shows ------------------------------------------------------

CARD_TITLE = re.compile(r'<h3 class="card__title"><a href="[^"]*">([^<]*)</a>')
NOTICES = re.compile(r'<ul class="filter-notices" role="status">(.*?)</ul>', re.S)


def listing(client, url: str) -> tuple[set[str], str]:
    """The events a listing URL shows, and its notices' text."""
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    notices = NOTICES.search(html)
    return ({unescape(title) for title in CARD_TITLE.findall(html)},
            unescape(notices.group(1)) if notices else "")


def api(client, params: dict):
    response = client.get("/api/v1/events/",
                          {**params, "lang": LANGUAGE, "page_size": 100})
    if response.status_code != 200:
        return response.status_code, response.json()["error"]["param"]
    return {item["title"] for item in response.json()["results"]}


def ical(client, params: dict):
    response = client.get("/feeds/events.ics", {**params, "lang": LANGUAGE})
    if response.status_code != 200:
        return response.status_code, response.json()["error"]["param"]
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(event["SUMMARY"]) for event in calendar.walk("VEVENT")}


def csv_export(client, params: dict):
    response = client.get("/export/csv/events", {**params, "lang": LANGUAGE})
    if response.status_code != 200:
        return response.status_code, response.json()["error"]["param"]
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return {row["title"] for row in csv.DictReader(io.StringIO(text))}


def builder_link(params: dict) -> str:
    """The no-JavaScript link the widget builder writes into a snippet."""
    url = fallback_url("http://testserver", "events", params, LANGUAGE)
    return url.removeprefix("http://testserver")


def script_link(params: dict) -> str:
    """The link widgets.js writes (pageUrl: the attributes as they are)."""
    query = urlencode({name: params[name] for name in LINK_FILTERS["events"]
                       if params.get(name)})
    return f"/{LANGUAGE}/events/" + (f"?{query}" if query else "")


# -- the table ----------------------------------------------------------------------

def test_every_consumer_selects_the_same_events(client, catalogue):
    problems = []
    for case, raw, expected in CASES:
        params = filled(raw, catalogue)
        refused = None
        if isinstance(expected, tuple):  # an invalid value
            refused, expected = expected
        for name, consumer in (("API", api), ("iCalendar", ical), ("CSV", csv_export)):
            answer = consumer(client, params)
            if answer != ((400, refused) if refused else expected):
                problems.append(f"{case}: {name} gave {answer}")
        for name, url in (("listing", f"/{LANGUAGE}/events/?{urlencode(params)}"),
                          ("builder link", builder_link(params)),
                          ("widget link", script_link(params))):
            shown, notices = listing(client, url)
            if shown != expected:
                problems.append(f"{case}: {name} {url} showed {shown}")
            if refused and (f"“{params[refused]}”" not in notices
                            or "genegeerd" not in notices):
                problems.append(f"{case}: {name} {url} has no notice: {notices!r}")
            if not refused and notices:
                problems.append(f"{case}: {name} {url} has a notice: {notices!r}")
    assert not problems, "\n".join(problems)


def test_the_notice_is_in_the_page_language(client, catalogue):
    _shown, notices = listing(client, "/en/events/?country=XX&type=party")
    assert "Country: “XX” is not known and was ignored." in notices
    assert "Event type: “party” is not known and was ignored." in notices


# -- expertise: the listing, the API and the feed share their filter set too ---------

EXPERTISE_CASES = [
    ("no filter", {}, {"Leuven AI lab", "Ghent maths group", "Leuven robotics"}),
    ("institution by slug", {"institution": "ku-leuven"},
     {"Leuven AI lab", "Leuven robotics"}),
    ("institution by public id", {"institution": "{kul}"},
     {"Leuven AI lab", "Leuven robotics"}),
    ("kind", {"kind": "facility"}, {"Leuven robotics"}),
    ("discipline", {"discipline": "1"}, {"Leuven AI lab"}),
    ("unknown institution", {"institution": "nowhere"},
     ("institution", {"Leuven AI lab", "Ghent maths group", "Leuven robotics"})),
]


def test_expertise_consumers_select_the_same_entries(client, catalogue):
    ugent = make_institution(title="Ghent University", slug="ugent")
    lab = make_expertise(catalogue["kul"], title="Leuven AI lab")
    lab.disciplines.add(Discipline.objects.get(code="1.2"))
    publish(lab)
    make_expertise(ugent, title="Ghent maths group", kind="research-group")
    make_expertise(catalogue["kul"], title="Leuven robotics", kind="facility")
    cache.clear()
    problems = []
    for case, raw, expected in EXPERTISE_CASES:
        params = filled(raw, catalogue)
        refused = None
        if isinstance(expected, tuple):
            refused, expected = expected
        response = client.get("/api/v1/expertise/", {**params, "lang": LANGUAGE})
        feed = client.get("/feeds/expertise.rss", {**params, "lang": LANGUAGE})
        if refused:
            for name, answer in (("API", response), ("RSS", feed)):
                if (answer.status_code != 400
                        or answer.json()["error"]["param"] != refused):
                    problems.append(f"{case}: {name} answered {answer.status_code}")
        else:
            titles = {item["title"] for item in response.json()["results"]}
            rss = set(re.findall(r"<item><title>([^<]*)</title>",
                                 feed.content.decode()))
            for name, answer in (("API", titles), ("RSS", rss)):
                if answer != expected:
                    problems.append(f"{case}: {name} gave {answer}")
        shown, notices = listing(client, f"/{LANGUAGE}/expertise/?{urlencode(params)}")
        if shown != expected:
            problems.append(f"{case}: listing showed {shown}")
        if bool(refused) != bool(notices):
            problems.append(f"{case}: listing notices {notices!r}")
    assert not problems, "\n".join(problems)
