"""One way to say a time (cms/core/timefmt.py, issue 14 point 1): CLDR formats
per page language, 24-hour English, the zone as a city, all-day dates without
a zone, multi-day spans, deadlines and recurring series, the same on pages."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from cms.core import timefmt
from tests.factories import make_event, make_scholarship

TOKYO = ZoneInfo("Asia/Tokyo")
BRUSSELS = ZoneInfo("Europe/Brussels")


def plain(text: str) -> str:
    """CLDR puts thin and narrow no-break spaces around range dashes."""
    return text.replace("\u2009", " ").replace("\u202f", " ").replace("\xa0", " ")


EVENING = (datetime(2027, 5, 4, 19, tzinfo=TOKYO), datetime(2027, 5, 4, 21, tzinfo=TOKYO))


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "Tue, 4 May 2027, 19:00–21:00 Tokyo"),
    ("nl", "di 4 mei 2027, 19:00–21:00"),
    ("fr", "mar. 4 mai 2027, 19:00 – 21:00"),
    ("de", "Di., 4. Mai 2027, 19:00–21:00 Uhr"),
])
def test_timed_event_line_per_language(language, expected):
    line = plain(timefmt.when_text(*EVENING, "Asia/Tokyo", language))
    assert line.startswith(expected)
    assert "Asia/Tokyo" not in line and "GMT" not in line
    assert "PM" not in line and "pm" not in line  # never a 12-hour clock


def test_english_is_international_24_hour():
    line = timefmt.when_text(datetime(2027, 5, 4, 23, tzinfo=BRUSSELS), None,
                             "Europe/Brussels", "en")
    assert line == "Tue, 4 May 2027, 23:00 Brussels time"
    assert timefmt.language_of("en-us") == "en"
    assert str(timefmt.cldr_locale("en")) == "en_GB"


@pytest.mark.parametrize(("language", "city"), [
    ("en", "Tokyo"), ("nl", "Tokio"), ("fr", "Tokyo"), ("de", "Tokio")])
def test_zone_label_names_the_city_in_the_language(language, city):
    label = timefmt.zone_label("Asia/Tokyo", language)
    assert city in label and "/" not in label
    assert timefmt.zone_label("UTC", language) == "UTC"


def test_zone_label_wording():
    assert timefmt.zone_label("Asia/Tokyo", "en") == "Tokyo time"
    assert timefmt.zone_label("Europe/Brussels", "en") == "Brussels time"


@pytest.mark.parametrize(("language", "label"), [
    ("nl", "tijd in Tokio"), ("fr", "heure de Tokyo"), ("de", "Ortszeit Tokio")])
def test_zone_label_wording_translated(language, label):
    """Needs the staged translations (/tmp/i18n/times.tsv) in the catalogues."""
    assert timefmt.zone_label("Asia/Tokyo", language) == label


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "4 May 2027, 10:00 – 6 May 2027, 16:00 Brussels time"),
    ("nl", "4 mei 2027, 10:00 – 6 mei 2027, 16:00 "),
    ("fr", "4 mai 2027, 10:00 – 6 mai 2027, 16:00 "),
    ("de", "4. Mai 2027, 10:00 – 6. Mai 2027, 16:00 "),
])
def test_multi_day_line(language, expected):
    line = plain(timefmt.when_text(
        datetime(2027, 5, 4, 10, tzinfo=BRUSSELS), datetime(2027, 5, 6, 16, tzinfo=BRUSSELS),
        "Europe/Brussels", language))
    assert line.startswith(expected)
    assert {"nl": "Brussel", "fr": "Bruxelles", "de": "Brüssel", "en": "Brussels"}[
        language] in line


@pytest.mark.parametrize(("language", "one_day", "days"), [
    ("en", "Tue, 4 May 2027", "4 – 6 May 2027"),
    ("nl", "di 4 mei 2027", "4–6 mei 2027"),
    ("fr", "mar. 4 mai 2027", "4–6 mai 2027"),
    ("de", "Di., 4. Mai 2027", "4.–6. Mai 2027"),
])
def test_all_day_dates_have_no_zone(language, one_day, days):
    first = datetime(2027, 5, 4, tzinfo=BRUSSELS)
    assert plain(timefmt.when_text(first, first.replace(hour=23, minute=59),
                                   "Europe/Brussels", language, all_day=True)) == one_day
    assert plain(timefmt.when_text(first, first + timedelta(days=2, hours=23),
                                   "Europe/Brussels", language, all_day=True)) == days


def test_deadline_carries_its_zone():
    deadline = datetime(2027, 3, 15, 23, 59, tzinfo=BRUSSELS)
    assert timefmt.deadline_text(deadline, language="en") == (
        "Apply by 15 March 2027, 23:59 Brussels time")
    # a deadline stored in UTC still reads in Brussels time
    assert "23:59" in timefmt.deadline_text(deadline.astimezone(ZoneInfo("UTC")),
                                            language="en")
    assert plain(timefmt.format_moment(deadline, "Europe/Brussels", "de")).startswith(
        "15. März 2027, 23:59 ")


@pytest.mark.django_db
def test_recurring_event_reads_as_its_next_occurrence(japan):
    event = make_event(japan, title="Weekly office hours", days_ahead=-15,
                       recurrence_rule="FREQ=WEEKLY;COUNT=10")
    start, end = event.next_span
    assert start > datetime.now(TOKYO) - timedelta(days=1)
    assert end - start == event.end - event.start
    line = event.when_text("en")
    assert timefmt.format_day(start.astimezone(TOKYO), "en") in line
    assert line.endswith("Tokyo time") and "10:00–13:00" in line


@pytest.mark.django_db
def test_event_page_and_card_use_the_formatter(client, japan, site_tree):
    event = make_event(japan, title="Tokyo evening", tz="Asia/Tokyo")
    html = client.get(event.url).content.decode()
    line = event.when_text(event.locale.language_code)
    assert line in html
    assert "(Asia/Tokyo)" not in html
    listing = client.get(site_tree["events"].url).content.decode()
    assert line in listing and "(Asia/Tokyo)" not in listing


@pytest.mark.django_db
def test_scholarship_deadline_shows_its_zone(client):
    scholarship = make_scholarship(title="Master Mind")
    html = client.get(scholarship.url).content.decode()
    moment = timefmt.format_moment(scholarship.deadline, "Europe/Brussels", "nl")
    assert moment in html and "23:59" in moment
    index = client.get(scholarship.get_parent().url).content.decode()
    assert timefmt.deadline_text(scholarship.deadline, language="nl") in index


@pytest.mark.django_db
def test_representation_page_names_its_zone(client, japan):
    html = client.get(japan.url).content.decode()
    assert timefmt.zone_label(japan.time_zone, "nl") in html
    assert f"<dd>{japan.time_zone}</dd>" not in html
