"""The demo data command: realistic volumes in nl and en, and idempotent."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Locale, Page, Revision

from cms.events.models import EventPage
from cms.expertise.models import ExpertisePage
from cms.institutions.models import InstitutionPage, RepresentationPage
from cms.scholarships.models import ScholarshipPage


def _load() -> str:
    out = StringIO()
    call_command("load_demo_data", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_load_demo_data_creates_catalogue_in_nl_and_en_and_is_idempotent():
    output = _load()
    assert "Institutions:" in output and "Events:" in output

    for lang in ("nl", "en"):
        institutions = InstitutionPage.objects.live().filter(locale__language_code=lang)
        assert institutions.filter(kind="university").count() >= 5
        assert institutions.exclude(kind__in=["university", "government"]).count() >= 6
        assert institutions.filter(kind="government").count() == 1
        reps = RepresentationPage.objects.live().filter(locale__language_code=lang)
        assert reps.count() >= 10
        assert len(set(reps.values_list("region", flat=True))) >= 4
        assert (
            ExpertisePage.objects.live().filter(locale__language_code=lang).count()
            >= 40
        )
        assert EventPage.objects.live().filter(locale__language_code=lang).count() >= 40
        assert (
            3
            <= ScholarshipPage.objects.live().filter(locale__language_code=lang).count()
            <= 4
        )

    rors = set(
        InstitutionPage.objects.filter(locale__language_code="nl").values_list(
            "ror_id", flat=True
        )
    )
    assert {"05f950310", "00cv9y106", "008x57b05", "006e5kg04", "04nbhqj75"} <= rors
    en_department = InstitutionPage.objects.get(
        locale__language_code="en", external_id="demo:institutions:department"
    )
    assert en_department.title == "Department of Education and Training"

    # Every nl item has its en translation, with English texts, below en parents.
    en_locale = Locale.objects.get(language_code="en")
    for model in (
        InstitutionPage,
        RepresentationPage,
        ExpertisePage,
        EventPage,
        ScholarshipPage,
    ):
        nl_items = model.objects.filter(locale__language_code="nl")
        for page in nl_items:
            en = page.get_translation(en_locale)
            assert en.live
            assert en.get_parent().locale.language_code == "en"
    en_lab = ExpertisePage.objects.get(
        locale__language_code="en", external_id="demo:expertise:leuven-ai-health"
    )
    assert en_lab.title == "Leuven AI Lab for Health"
    assert en_lab.keywords.count() >= 2
    assert en_lab.disciplines.exists() and en_lab.links.exists()
    assert any(c.consent_to_publish and c.orcid for c in en_lab.contacts.all())

    now = timezone.now()
    events = EventPage.objects.live().filter(locale__language_code="en")
    assert events.filter(all_day=True).exists()
    assert events.filter(attendance_mode="online").exclude(online_url="").exists()
    assert events.filter(status="cancelled").exists()
    assert events.exclude(recurrence_rule="").exists()
    assert events.past(now).count() >= 5
    assert events.upcoming(now).count() >= 5
    assert len(set(events.values_list("time_zone", flat=True))) >= 5
    assert any(e.is_multi_day for e in events)
    assert events.exclude(audience=[]).count() == events.count()
    assert (
        events.filter(participating_institutions__isnull=False).distinct().count() >= 10
    )
    for event in events.filter(participating_institutions__isnull=False).distinct():
        assert all(
            i.locale_id == event.locale_id
            for i in event.participating_institutions.all()
        )

    pages, revisions = Page.objects.count(), Revision.objects.count()
    starts = sorted(EventPage.objects.values_list("start", flat=True))
    output = _load()
    for section in (
        "Institutions",
        "Representations",
        "Expertise",
        "Events",
        "Scholarships",
    ):
        assert f"{section}: 0 created" in output
    assert Page.objects.count() == pages
    assert Revision.objects.count() == revisions
    assert sorted(EventPage.objects.values_list("start", flat=True)) == starts
