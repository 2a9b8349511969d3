from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from cms.core.validators import validate_orcid, validate_ror
from cms.events.models import EventPage
from cms.institutions.models import Discipline
from tests.factories import make_event, make_institution, make_representation

pytestmark = pytest.mark.django_db


def test_oecd_disciplines_are_seeded_with_four_languages():
    assert Discipline.objects.filter(parent__isnull=True).count() == 6
    natural = Discipline.objects.get(code="1")
    assert {d.code for d in natural.children.all()} >= {"1.1", "1.2", "1.7"}
    cs = Discipline.objects.get(code="1.2")
    assert cs.label_for("de") == "Informatik und Informationswissenschaften"
    assert cs.label_for("fr").startswith("Informatique")
    assert len(natural.with_descendants()) == 8


@pytest.mark.parametrize("orcid", ["0000-0002-1825-0097", "https://orcid.org/0000-0001-5109-3700",
                                   "0000-0002-1694-233X"])
def test_valid_orcids(orcid):
    validate_orcid(orcid)


@pytest.mark.parametrize("orcid", ["0000-0002-1825-0098", "1234", "0000-0002-1825-009"])
def test_invalid_orcids(orcid):
    with pytest.raises(ValidationError):
        validate_orcid(orcid)


def test_ror_checksum():
    validate_ror("https://ror.org/05f950310")  # KU Leuven
    validate_ror("00cv9y106")  # Ghent University
    with pytest.raises(ValidationError):
        validate_ror("05f950311")
    with pytest.raises(ValidationError):
        validate_ror("not-a-ror")


def _event(**overrides):
    start = datetime(2030, 3, 10, 10, 0, tzinfo=ZoneInfo("Asia/Tokyo"))
    values = dict(title="X", slug="x", event_type="webinar", start=start,
                  end=start + timedelta(hours=2), time_zone="Asia/Tokyo",
                  attendance_mode="online", online_url="https://example.org/live")
    values.update(overrides)
    return EventPage(**values)


def _errors(page) -> dict:
    with pytest.raises(ValidationError) as info:
        page.clean()
    return info.value.message_dict


def test_event_end_must_follow_start():
    event = _event()
    event.end = event.start - timedelta(hours=1)
    assert "end" in _errors(event)


def test_online_event_needs_url_and_offline_needs_venue():
    assert "online_url" in _errors(_event(online_url=""))
    assert "venue_name" in _errors(_event(attendance_mode="offline"))
    _event(attendance_mode="offline", venue_city="Osaka").clean()


def test_registration_deadline_before_end():
    event = _event(registration_url="https://example.org/r")
    event.registration_deadline = event.end + timedelta(days=1)
    assert "registration_deadline" in _errors(event)


def test_bad_recurrence_rule_is_reported():
    assert "recurrence_rule" in _errors(_event(recurrence_rule="FREQ=SOMETIMES"))
    assert "recurrence_rule" in _errors(_event(recurrence_rule="FREQ=MINUTELY;COUNT=3"))


def test_all_day_event_spans_whole_local_days():
    event = _event(all_day=True, end=datetime(2030, 3, 12, 9, 0, tzinfo=ZoneInfo("Asia/Tokyo")))
    event.clean()
    assert event.local_start.hour == 0 and event.local_start.day == 10
    assert (event.local_end.day, event.local_end.hour) == (12, 23)


def test_recurring_event_keeps_local_time_across_dst_and_skips_exceptions(site_tree):
    rep = make_representation(title="Flanders in New York", slug="new-york", city="New York",
                              country="US", time_zone="America/New_York", region="north-america")
    start = datetime(2030, 2, 26, 18, 0, tzinfo=ZoneInfo("America/New_York"))
    event = make_event(rep, title="Weekly alumni talk", tz="America/New_York",
                       start=start, end=start + timedelta(hours=1),
                       recurrence_rule="FREQ=WEEKLY;COUNT=4",
                       recurrence_exceptions="2030-03-05", venue_city="New York",
                       venue_country="US")
    occ = event.occurrences()
    assert [o[0].astimezone(ZoneInfo("America/New_York")).hour for o in occ] == [18, 18, 18]
    assert [o[0].day for o in occ] == [26, 12, 19]
    # DST starts on 2030-03-10 in New York: UTC hour shifts, local hour does not.
    assert occ[0][0].astimezone(ZoneInfo("UTC")).hour == 23
    assert occ[1][0].astimezone(ZoneInfo("UTC")).hour == 22
    assert event.last_end == occ[-1][1]


def test_upcoming_and_past_querysets(site_tree):
    org = make_institution()
    soon = make_event(org, title="Soon", days_ahead=5)
    old = make_event(org, title="Old", days_ahead=-5)
    upcoming = set(EventPage.objects.upcoming().values_list("pk", flat=True))
    past = set(EventPage.objects.past().values_list("pk", flat=True))
    assert soon.pk in upcoming and old.pk not in upcoming
    assert old.pk in past and soon.pk not in past


def test_event_organiser_is_its_parent(site_tree):
    rep = make_representation()
    event = make_event(rep)
    assert event.organiser.pk == rep.pk
