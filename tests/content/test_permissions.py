"""Who may do what, proven through the real Wagtail admin views.

Institution editors work on their own subtree and go through review;
representation editors publish; the Department edits everything."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page, Revision, WorkflowState
from wagtail.test.utils.form_data import querydict_from_html

from cms.events.models import EventPage
from cms.expertise.models import ExpertisePage
from cms.institutions.permissions import (
    DEPARTMENT_EDITORS,
    DEPARTMENT_MODERATORS,
    editor_group_name,
    moderator_group_name,
)
from tests.factories import (
    make_event,
    make_expertise,
    publish,
)

pytestmark = pytest.mark.django_db


def user_in(*group_names, username=None):
    user = get_user_model().objects.create_user(
        username=username or "-".join(group_names).replace(" ", "_")[:140],
        password="x", email="u@example.org",
    )
    for name in group_names:
        user.groups.add(Group.objects.get(name=name))
    return user


def denied(response) -> bool:
    """Wagtail answers a refused admin action with 403 or a redirect to the
    dashboard carrying a "no permission" message."""
    if response.status_code == 403:
        return True
    return response.status_code == 302 and "/admin/pages/" not in response["Location"]


@pytest.fixture
def orgs(organisations):
    return organisations  # tests/conftest.py


@pytest.fixture
def kul_editor(orgs):
    return user_in(editor_group_name(orgs["kul"]), username="kul-editor")


@pytest.fixture
def kul_moderator(orgs):
    return user_in(moderator_group_name(orgs["kul"]), username="kul-moderator")


@pytest.fixture
def japan_editor(orgs):
    return user_in(editor_group_name(orgs["japan"]), username="japan-editor")


@pytest.fixture
def dept_editor(orgs):
    return user_in(DEPARTMENT_EDITORS, username="dept-editor")


def edit_url(page):
    return f"/admin/pages/{page.pk}/edit/"


def add_url(model, parent):
    return f"/admin/pages/add/{model._meta.app_label}/{model._meta.model_name}/{parent.pk}/"


def form_data(client, url, **changes):
    response = client.get(url)
    assert response.status_code == 200, url
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    for key, value in changes.items():
        data[key.replace("__", "-")] = value
    return data


def event_fields(title, slug, days=20):
    start = timezone.localtime() + timedelta(days=days)
    return {
        "title": title, "slug": slug, "event_type": "info-session",
        "start": start.strftime("%Y-%m-%d 10:00"),
        "end": start.strftime("%Y-%m-%d 12:00"),
        "time_zone": "Europe/Brussels", "venue_name": "Aula", "venue_city": "Leuven",
        "attendance_mode": "offline", "status": "scheduled",
    }


def post_form(client, url, data, action=None):
    if action:
        data[action] = "1"
    return client.post(url, data)


# -- tree permissions ------------------------------------------------------------
def test_institution_editor_creates_events_and_expertise_under_own_institution(
    client, orgs, kul_editor
):
    client.force_login(kul_editor)
    url = add_url(EventPage, orgs["kul"])
    data = form_data(client, url, **event_fields("Info day", "info-day"))
    response = post_form(client, url, data)
    assert response.status_code == 302, response.content[:3000]
    event = EventPage.objects.get(slug="info-day")
    assert event.get_parent().pk == orgs["kul"].pk
    assert not event.live

    url = add_url(ExpertisePage, orgs["kul"])
    data = form_data(client, url, title="Leuven robotics", slug="robotics", kind="lab")
    response = post_form(client, url, data)
    assert response.status_code == 302
    assert ExpertisePage.objects.get(slug="robotics").get_parent().pk == orgs["kul"].pk


def test_institution_editor_edits_own_pages_only(client, orgs, kul_editor):
    client.force_login(kul_editor)
    for key in ("kul_event", "kul_lab"):
        assert client.get(edit_url(orgs[key])).status_code == 200
    for key in ("ugent_event", "ugent_lab", "japan_event"):
        assert denied(client.get(edit_url(orgs[key]))), key
        assert denied(client.post(edit_url(orgs[key]), {"title": "Hijacked"})), key
    assert denied(client.get(add_url(EventPage, orgs["ugent"])))
    assert denied(client.get(add_url(ExpertisePage, orgs["ugent"])))
    assert denied(client.post(f"/admin/pages/{orgs['ugent_event'].pk}/delete/"))
    assert EventPage.objects.filter(pk=orgs["ugent_event"].pk).exists()
    assert Page.objects.get(pk=orgs["ugent_event"].pk).title == "Ghent fair"


def test_institution_editor_may_delete_own_draft_but_not_others(client, orgs, kul_editor):
    draft = make_event(orgs["kul"], "Draft fair", live=False)
    Page.objects.filter(pk=draft.pk).update(live=False)  # never published
    client.force_login(kul_editor)
    response = client.post(f"/admin/pages/{draft.pk}/delete/")
    assert response.status_code == 302
    assert not EventPage.objects.filter(pk=draft.pk).exists()
    # a live page needs publish rights to be deleted
    assert denied(client.post(f"/admin/pages/{orgs['kul_event'].pk}/delete/"))
    assert EventPage.objects.filter(pk=orgs["kul_event"].pk).exists()


def test_explorer_shows_own_institution_only(client, orgs, kul_editor):
    client.force_login(kul_editor)
    assert client.get(f"/admin/pages/{orgs['kul'].pk}/").status_code == 200
    response = client.get(f"/admin/pages/{orgs['kul'].pk}/")
    assert b"Leuven fair" in response.content
    # another institution's folder is not explorable: Wagtail sends the
    # editor back to their own explorable root
    response = client.get(f"/admin/pages/{orgs['ugent'].pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{orgs['kul'].pk}/"
    listing = client.get("/admin/events/")
    assert listing.status_code == 200
    assert b"Leuven fair" in listing.content
    assert b"Ghent fair" not in listing.content
    assert b"Tokyo seminar" not in listing.content


def test_department_editor_edits_everything(client, orgs, dept_editor):
    client.force_login(dept_editor)
    for key in ("kul_event", "ugent_event", "kul_lab", "ugent_lab", "japan_event"):
        assert client.get(edit_url(orgs[key])).status_code == 200, key
    url = edit_url(orgs["ugent_event"])
    data = form_data(client, url, title="Ghent fair (updated)")
    assert post_form(client, url, data, "action-publish").status_code == 302
    page = EventPage.objects.get(pk=orgs["ugent_event"].pk)
    assert page.title == "Ghent fair (updated)" and page.live


# -- review workflow -----------------------------------------------------------
def test_institution_editor_cannot_publish_and_submits_for_review(
    client, orgs, kul_editor, kul_moderator
):
    event = orgs["kul_event"]
    client.force_login(kul_editor)
    url = edit_url(event)
    # a direct publish is not offered, and posting it anyway does not publish
    page = client.get(url).content.decode()
    assert 'name="action-publish"' not in page
    assert 'name="action-submit"' in page
    post_form(client, url, form_data(client, url, title="Sneaky"), "action-publish")
    event.refresh_from_db()
    assert event.title == "Leuven fair"
    assert event.has_unpublished_changes

    response = post_form(client, url, form_data(client, url, title="Leuven fair 2"),
                         "action-submit")
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title == "Leuven fair"  # live version unchanged
    state = WorkflowState.objects.get(
        base_content_type__isnull=False, object_id=str(event.pk)
    )
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name == "KU Leuven review"

    # the editor cannot approve their own submission
    task_state = state.current_task_state
    approve = f"/admin/pages/workflow/action/{event.pk}/approve/{task_state.pk}/"
    assert denied(client.post(approve, {})) or (
        WorkflowState.objects.get(pk=state.pk).status == "in_progress"
    )
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS

    client.force_login(kul_moderator)
    response = client.post(approve, {"comment": "Fine"})
    assert response.status_code in (200, 302)
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    event.refresh_from_db()
    assert event.live and event.title == "Leuven fair 2"


def test_new_institution_page_stays_draft_until_approved(client, orgs, kul_editor):
    moderator = user_in(DEPARTMENT_MODERATORS, username="dept-moderator")
    client.force_login(kul_editor)
    url = add_url(EventPage, orgs["kul"])
    data = form_data(client, url, **event_fields("Open day", "open-day"))
    assert post_form(client, url, data, "action-submit").status_code == 302
    event = EventPage.objects.get(slug="open-day")
    assert not event.live
    state = event.current_workflow_state
    assert state and state.status == WorkflowState.STATUS_IN_PROGRESS

    client.force_login(moderator)  # the Department's moderators may approve too
    task_state = state.current_task_state
    client.post(f"/admin/pages/workflow/action/{event.pk}/approve/{task_state.pk}/")
    event.refresh_from_db()
    assert event.live


def test_other_institution_moderator_cannot_approve(client, orgs, kul_editor):
    other = user_in(moderator_group_name(orgs["ugent"]), username="ugent-moderator")
    client.force_login(kul_editor)
    url = edit_url(orgs["kul_lab"])
    post_form(client, url, form_data(client, url, title="Lab 2"), "action-submit")
    state = orgs["kul_lab"].current_workflow_state
    client.force_login(other)
    client.post(f"/admin/pages/workflow/action/{orgs['kul_lab'].pk}/approve/"
                f"{state.current_task_state.pk}/")
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS


def test_representation_editor_publishes_directly(client, orgs, japan_editor):
    client.force_login(japan_editor)
    event = orgs["japan_event"]
    url = edit_url(event)
    response = post_form(client, url, form_data(client, url, title="Tokyo seminar 2"),
                         "action-publish")
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.live and event.title == "Tokyo seminar 2"
    assert event.current_workflow_state is None

    url = add_url(EventPage, orgs["japan"])
    data = form_data(client, url, **event_fields("Osaka fair", "osaka-fair"))
    assert post_form(client, url, data, "action-publish").status_code == 302
    assert EventPage.objects.get(slug="osaka-fair").live
    assert denied(client.get(edit_url(orgs["kul_event"])))


# -- scheduled publishing and revisions ---------------------------------------------
def test_scheduled_publishing(client, orgs, japan_editor):
    client.force_login(japan_editor)
    url = add_url(EventPage, orgs["japan"])
    go_live = timezone.localtime() + timedelta(days=2)
    data = form_data(client, url, **event_fields("Kyoto fair", "kyoto-fair"),
                     go_live_at=go_live.strftime("%Y-%m-%d %H:%M"))
    response = post_form(client, url, data, "action-publish")
    assert response.status_code == 302
    event = EventPage.objects.get(slug="kyoto-fair")
    assert not event.live
    revision = event.latest_revision
    assert revision.approved_go_live_at is not None

    call_command("publish_scheduled")
    event.refresh_from_db()
    assert not event.live  # not yet time

    # Time passes: move the approved schedule (and the revision's own
    # go_live_at, which publishing checks) a few seconds into the past.
    past = timezone.now() - timedelta(seconds=5)
    revision.content["go_live_at"] = past.isoformat()
    Revision.objects.filter(pk=revision.pk).update(
        approved_go_live_at=past, content=revision.content
    )
    call_command("publish_scheduled")
    event.refresh_from_db()
    assert event.live


def test_revisions_preview_and_revert(client, orgs, dept_editor):
    client.force_login(dept_editor)
    event = orgs["kul_lab"]
    url = edit_url(event)
    before = Revision.page_revisions.filter(object_id=str(event.pk)).count()
    for title in ("Lab v2", "Lab v3"):
        assert post_form(client, url, form_data(client, url, title=title)).status_code == 302
    revisions = Revision.page_revisions.filter(object_id=str(event.pk)).order_by("pk")
    assert revisions.count() == before + 2
    first_draft = revisions[before]
    assert first_draft.content["title"] == "Lab v2"

    assert client.get(f"/admin/pages/{event.pk}/history/").status_code == 200
    view = f"/admin/pages/{event.pk}/revisions/{first_draft.pk}/view/"
    assert client.get(view).status_code == 200
    revert = client.get(f"/admin/pages/{event.pk}/revisions/{first_draft.pk}/revert/")
    assert revert.status_code == 200
    assert b"Lab v2" in revert.content

    preview = f"/admin/pages/{event.pk}/edit/preview/"
    response = client.post(preview, form_data(client, url, title="Lab preview"))
    assert response.status_code == 200
    assert response.json()["is_valid"] is True
    assert client.get(preview).status_code == 200


# -- admin listings --------------------------------------------------------------
@pytest.fixture
def superuser():
    return get_user_model().objects.create_superuser("root", "root@example.org", "x")


def test_event_listing_filters(client, orgs, superuser):
    make_event(orgs["kul"], "Leuven webinar", event_type="webinar", days_ahead=200,
               attendance_mode="online", online_url="https://example.org/w")
    client.force_login(superuser)
    response = client.get("/admin/events/")
    assert response.status_code == 200
    for title in (b"Leuven fair", b"Ghent fair", b"Tokyo seminar", b"Leuven webinar"):
        assert title in response.content

    response = client.get("/admin/events/", {"organiser": orgs["kul"].pk})
    assert b"Leuven fair" in response.content and b"Ghent fair" not in response.content

    response = client.get("/admin/events/", {"event_type": "webinar"})
    assert b"Leuven webinar" in response.content and b"Leuven fair" not in response.content

    later = (timezone.localtime() + timedelta(days=100)).date().isoformat()
    response = client.get("/admin/events/", {"start_from": later})
    assert b"Leuven webinar" in response.content and b"Tokyo seminar" not in response.content

    response = client.get("/admin/events/", {"status": "cancelled"})
    assert b"Leuven fair" not in response.content

    response = client.get("/admin/events/", {"locale": "en"})
    assert b"Leuven fair" not in response.content
    response = client.get("/admin/events/", {"locale": "nl"})
    assert b"Leuven fair" in response.content

    for publication in ("live", "draft", "in-moderation"):
        response = client.get("/admin/events/", {"publication": publication})
        assert response.status_code == 200
        assert (b"Leuven fair" in response.content) == (publication == "live")

    response = client.get("/admin/events/", {"q": "Tokyo"})
    assert response.status_code == 200
    assert b"Tokyo seminar" in response.content and b"Ghent fair" not in response.content


def test_expertise_listing_filters(client, orgs, superuser):
    make_expertise(orgs["ugent"], "Ghent imaging facility", kind="facility")
    client.force_login(superuser)
    response = client.get("/admin/expertise/")
    assert response.status_code == 200
    assert b"Leuven AI lab" in response.content and b"Ghent AI lab" in response.content

    response = client.get("/admin/expertise/", {"institution": orgs["ugent"].pk})
    assert b"Ghent AI lab" in response.content and b"Leuven AI lab" not in response.content

    response = client.get("/admin/expertise/", {"kind": "facility"})
    assert b"Ghent imaging facility" in response.content
    assert b"Ghent AI lab" not in response.content
    assert client.get("/admin/expertise/", {"locale": "nl"}).status_code == 200


def test_renaming_an_institution_keeps_its_editors_and_moderators(
    client, orgs, kul_editor, kul_moderator
):
    """Regression: renaming used to create new, empty groups and a new workflow
    whose approval task left the existing moderators out."""
    kul = orgs["kul"]
    kul.title = "KU Leuven (renamed)"
    publish(kul)
    assert not Group.objects.filter(name__startswith="KU Leuven editors").exists()
    assert kul_editor.groups.get().name == "KU Leuven (renamed) editors"
    assert kul_moderator.groups.get().name == "KU Leuven (renamed) moderators"
    workflow = kul.get_workflow()
    assert workflow.name == "KU Leuven (renamed) review"
    task = workflow.tasks.get().specific
    assert set(task.groups.values_list("name", flat=True)) == {
        "KU Leuven (renamed) moderators", DEPARTMENT_MODERATORS,
    }

    client.force_login(kul_editor)
    url = edit_url(orgs["kul_event"])
    post_form(client, url, form_data(client, url, title="Renamed fair"), "action-submit")
    state = orgs["kul_event"].current_workflow_state
    client.force_login(kul_moderator)
    client.post(f"/admin/pages/workflow/action/{orgs['kul_event'].pk}/approve/"
                f"{state.current_task_state.pk}/")
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
