"""Editors and moderators of one organisation cannot change another's content,
probed through the real admin views (issue 11: these held; the suite keeps
them holding).

The victim is Ghent University: its event has a pending draft whose title
("SECRET") must neither go live nor be read. The attackers are the editors
of Flanders in Japan (who may publish their own pages directly) and of KU
Leuven, and Ghent's moderators for Leuven's submissions. Every probe checks
the database afterwards, not only the answer."""

from __future__ import annotations

import json

import pytest
from wagtail.models import Page, PageViewRestriction, WorkflowState
from wagtail.test.utils.form_data import querydict_from_html

from cms.events.models import EventPage
from cms.institutions.permissions import editor_group_name, moderator_group_name

pytestmark = pytest.mark.django_db

SECRET = "Ghent fair SECRET"


@pytest.fixture
def victim(organisations):
    event = organisations["ugent_event"]
    event.title = SECRET
    revision = event.save_revision()  # a pending draft, not published
    return {"event": Page.objects.get(pk=event.pk), "revision": revision,
            "parent": organisations["ugent"], **organisations}


@pytest.fixture
def japan_editor(organisations, user_in):
    return user_in(editor_group_name(organisations["japan"]), username="japan-editor")


@pytest.fixture
def kul_editor(organisations, user_in):
    return user_in(editor_group_name(organisations["kul"]), username="kul-editor")


def unchanged(victim) -> None:
    page = Page.objects.get(pk=victim["event"].pk)
    assert page.live and page.title == "Ghent fair", page.title
    assert page.get_parent().pk == victim["parent"].pk
    assert not page.locked
    assert page.has_unpublished_changes  # the draft is still only a draft
    assert not PageViewRestriction.objects.filter(page=page).exists()
    assert EventPage.objects.filter(title__in=["Ghent fair", SECRET]).count() == 1


def no_secret(response) -> None:
    assert SECRET.encode() not in response.content, response.request["PATH_INFO"]


@pytest.mark.parametrize("attacker", ["japan_editor", "kul_editor"])
def test_editing_and_publishing_another_organisations_page(client, victim, attacker,
                                                           request):
    client.force_login(request.getfixturevalue(attacker))
    page = victim["event"]
    url = f"/admin/pages/{page.pk}/edit/"
    no_secret(client.get(url))
    for action in (None, "action-publish", "action-submit"):
        data = {"title": "Hijacked", "slug": page.slug}
        if action:
            data[action] = "1"
        no_secret(client.post(url, data))
    no_secret(client.get(f"/admin/pages/{page.pk}/view_draft/"))
    no_secret(client.get(f"/admin/pages/{page.pk}/edit/preview/"))
    no_secret(client.get(f"/admin/pages/{page.pk}/revisions/{victim['revision'].pk}/view/"))
    no_secret(client.get(
        f"/admin/pages/{page.pk}/revisions/{victim['revision'].pk}/revert/"))
    client.post(f"/admin/pages/{page.pk}/unpublish/", {})
    client.post(f"/admin/pages/{page.pk}/delete/", {})
    client.post(f"/admin/pages/{page.pk}/lock/", {})
    client.post(f"/admin/pages/{page.pk}/privacy/", {"restriction_type": "password",
                                                    "password": "x"})
    unchanged(victim)
    assert Page.objects.get(pk=page.pk).title != "Hijacked"


def test_moving_pages_between_organisations(client, victim, japan_editor):
    client.force_login(japan_editor)
    stolen, own = victim["event"], victim["japan_event"]
    client.post(f"/admin/pages/{stolen.pk}/move/{victim['japan'].pk}/confirm/")
    client.post(f"/admin/pages/{own.pk}/move/{victim['ugent'].pk}/confirm/")
    client.post(f"/admin/pages/{stolen.pk}/set_position/?position=0")
    unchanged(victim)
    assert Page.objects.get(pk=own.pk).get_parent().pk == victim["japan"].pk


def test_copying_into_or_out_of_another_organisation(client, victim, japan_editor):
    client.force_login(japan_editor)
    before = Page.objects.count()
    stolen, own = victim["event"], victim["japan_event"]
    no_secret(client.post(f"/admin/pages/{stolen.pk}/copy/", {
        "new_title": "Copy", "new_slug": "copy", "new_parent_page": victim["japan"].pk,
        "copy_subpages": "", "publish_copies": "on"}))
    client.post(f"/admin/pages/{own.pk}/copy/", {
        "new_title": "Planted", "new_slug": "planted",
        "new_parent_page": victim["ugent"].pk, "publish_copies": "on"})
    assert Page.objects.count() == before
    assert not Page.objects.child_of(victim["ugent"]).filter(slug="planted").exists()
    unchanged(victim)


def test_adding_pages_under_another_organisation(client, victim, japan_editor):
    client.force_login(japan_editor)
    url = f"/admin/pages/add/events/eventpage/{victim['ugent'].pk}/"
    assert client.get(url).status_code in (302, 403)
    client.post(url, {"title": "Planted", "slug": "planted", "action-publish": "1"})
    assert not Page.objects.filter(slug="planted").exists()


def test_bulk_actions_on_another_organisations_pages(client, victim, japan_editor):
    client.force_login(japan_editor)
    own = victim["japan_event"]
    for action in ("publish", "unpublish", "delete", "move"):
        url = (f"/admin/bulk/wagtailcore/page/{action}/?id={victim['event'].pk}"
               f"&id={own.pk}&next=/admin/pages/")
        client.post(url, {"chooser": victim["japan"].pk, "include_descendants": "on"})
        unchanged(victim)


def test_admin_api_actions_on_another_organisations_pages(client, victim, japan_editor):
    client.force_login(japan_editor)
    before = Page.objects.count()
    for action, body in (
        ("publish", {}), ("unpublish", {}), ("delete", {}), ("lock", {}),
        ("move", {"destination_page_id": victim["japan"].pk}),
        ("copy", {"destination_page_id": victim["japan"].pk, "recursive": False,
                  "keep_live": True}),
        ("revert_to_page_revision", {"revision_id": victim["revision"].pk}),
    ):
        response = client.post(
            f"/admin/api/main/pages/{victim['event'].pk}/action/{action}/",
            json.dumps(body), content_type="application/json")
        # refused, or not found
        assert not 200 <= response.status_code < 300, (action, response.content[:300])
        no_secret(response)
        assert Page.objects.count() == before, action
        unchanged(victim)


def test_approving_another_organisations_submission(client, organisations, kul_editor,
                                                    user_in):
    """A Leuven editor submits; moderators of Ghent, and Japan's editors
    (who publish their own pages), cannot approve, reject or cancel it."""
    lab = organisations["kul_lab"]
    client.force_login(kul_editor)
    url = f"/admin/pages/{lab.pk}/edit/"
    data = querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form")
    data["title"] = "Leuven AI lab (reviewed)"
    data["action-submit"] = "1"
    assert client.post(url, data).status_code == 302
    state = WorkflowState.objects.get(base_content_type__isnull=False, object_id=str(lab.pk))
    task_state = state.current_task_state
    outsiders = [user_in(moderator_group_name(organisations["ugent"]), username="ugent-mod"),
                 user_in(editor_group_name(organisations["japan"]), username="japan-ed")]
    for outsider in outsiders:
        client.force_login(outsider)
        for action in ("approve", "reject"):
            client.post(f"/admin/pages/workflow/action/{lab.pk}/{action}/{task_state.pk}/",
                        {"comment": "nope"})
            client.post(f"/admin/pages/workflow/collect_action_data/{lab.pk}/{action}/"
                        f"{task_state.pk}/", {"comment": "nope"})
        client.post(f"/admin/pages/workflow/confirm_cancellation/{lab.pk}/")
        state.refresh_from_db()
        assert state.status == WorkflowState.STATUS_IN_PROGRESS, outsider
    lab.refresh_from_db()
    assert lab.title == "Leuven AI lab"  # the submitted change is not live
