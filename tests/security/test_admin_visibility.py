"""Drafts stay with their organisation (issue 11, point 3).

Organisation B has a page that was never published, a published page with
unpublished changes, an unpublished expertise entry, a draft organisation and a
draft rename of itself; all draft titles carry a ``QXSECRET`` marker. An editor
(and a moderator) of organisation A then requests every admin URL there is,
taken from the URL configuration itself, and none of the answers may hold a
marker. A URL the inventory below does not know fails the test, so a new admin
view (from Wagtail, a plugin or the hub) is looked at before it ships.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.log_actions import log
from wagtail.models import Collection, Locale, Page, Site, Workflow
from wagtail.test.utils.form_data import querydict_from_html
from wagtail_localize.models import StringSegment, Translation, TranslationSource

from cms.institutions.models import InstitutionPage
from cms.institutions.permissions import (
    DEPARTMENT_EDITORS,
    DEPARTMENT_MODERATORS,
    editor_group_name,
    moderator_group_name,
)
from plugins.ical_importer.models import IcsFeed
from search.models import SynonymGroup
from themes.models import CustomTheme
from themes.permissions import ensure_web_team

from ..factories import make_event, make_expertise, make_institution

pytestmark = pytest.mark.django_db

SECRET = re.compile(rb"QXSECRET[A-Z]")
LIVE_EVENT = "Ghent open day"  # B's published title; its draft adds a marker
LIVE_ORG = "Ghent University"


# -- the admin URL inventory ------------------------------------------------------
@dataclass(frozen=True)
class AdminUrl:
    name: str  # namespaced URL name, or the route for unnamed patterns
    kwargs: tuple[str, ...]
    route: str


def admin_urls() -> list[AdminUrl]:
    """Every URL pattern under /admin/, Wagtail's, the plugins' (registered
    through hooks) and the hub's own, with the keyword arguments it takes."""
    found: list[AdminUrl] = []

    def walk(patterns, route: str, namespace: str, kwargs: tuple[str, ...]) -> None:
        for pattern in patterns:
            here = route + str(pattern.pattern)
            names = kwargs + tuple(pattern.pattern.regex.groupindex)
            if isinstance(pattern, URLResolver):
                ns = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
                walk(pattern.url_patterns, here, ns, names)
            elif isinstance(pattern, URLPattern) and here.startswith("admin/"):
                name = namespace + pattern.name if pattern.name else here
                found.append(AdminUrl(name, names, here))

    walk(get_resolver().url_patterns, "", "", ())
    return found


# What each admin URL shows. LISTS: pages are listed or searched (requested with
# the queries given); ONE_PAGE: one page by id (requested for each of B's
# pages); OTHER: no page titles beyond what Wagtail's own permission checks
# guard (requested anyway); NOT_REQUESTED: cannot be fetched with GET as is.
B_QUERIES = ("q=Embargoed", f"q={LIVE_EVENT.replace(' ', '+')}", "q=Ghent")
REPORT = ("", "export=csv")
LISTS: dict[str, tuple[str, ...]] = {
    "wagtailadmin_home": ("",),
    "wagtailadmin_explore_root": ("", *B_QUERIES),
    "wagtailadmin_explore": ("", *B_QUERIES),
    "wagtailadmin_explore_results": ("", *B_QUERIES),
    "wagtailadmin_pages:search": B_QUERIES,
    "wagtailadmin_pages:search_results": B_QUERIES,
    "wagtailadmin_pages:type_use": ("", *B_QUERIES),
    "wagtailadmin_pages:type_use_results": ("", *B_QUERIES),
    "wagtailadmin_pages:choose_parent": ("",),
    "wagtailadmin_choose_page": ("", "page_type=events.eventpage",
                                 "page_type=institutions.institutionpage"),
    "wagtailadmin_choose_page_child": ("", "page_type=events.eventpage",
                                       "user_perms=copy_to", "multiple=1"),
    "wagtailadmin_choose_page_search": B_QUERIES + (
        "q=Embargoed&page_type=expertise.expertisepage",),
    "wagtailadmin_choose_page_chosen_multiple": ("{b_ids}",),
    "wagtailadmin_api:pages:listing": (
        "search=Embargoed", "search=Ghent", "child_of={institutions}&for_explorer=1",
        "child_of={ugent}", "descendant_of={ugent}", "type=events.EventPage",
        "fields=admin_display_title&limit=100"),
    "wagtailadmin_api:pages:find": ("{b_first_id}", "html_path=/nl/instellingen/ugent/"),
    "wagtailadmin_reports:locked_pages": REPORT,
    "wagtailadmin_reports:locked_pages_results": REPORT,
    "wagtailadmin_reports:workflow": REPORT,
    "wagtailadmin_reports:workflow_results": REPORT,
    "wagtailadmin_reports:workflow_tasks": REPORT,
    "wagtailadmin_reports:workflow_tasks_results": REPORT,
    "wagtailadmin_reports:site_history": REPORT,
    "wagtailadmin_reports:site_history_results": REPORT,
    "wagtailadmin_reports:aging_pages": REPORT,
    "wagtailadmin_reports:aging_pages_results": REPORT,
    "wagtailadmin_reports:page_types_usage": REPORT,
    "wagtailadmin_reports:page_types_usage_results": REPORT,
    "hub_page_types_usage": REPORT,
    "hub_page_types_usage_results": REPORT,
    "wagtail_localize:translations_report": ("", "source_title=Embargoed"),
    "wagtail_localize:translations_report_results": ("", "source_title=Embargoed"),
    "hub_translations_report": ("", "source_title=Embargoed"),
    "hub_translations_report_results": ("", "source_title=Embargoed"),
    "wagtail_bulk_action": ("{b_ids}",),
    "wagtailadmin_workflows:usage": ("",),
    "wagtailadmin_workflows:usage_results": ("",),
    "event_listing:index": ("", *B_QUERIES, "publication=draft"),
    "event_listing:index_results": ("", *B_QUERIES, "publication=draft"),
    "event_listing:choose_parent": ("",),
    "expertise_listing:index": ("", *B_QUERIES, "publication=draft"),
    "expertise_listing:index_results": ("", *B_QUERIES, "publication=draft"),
    "expertise_listing:choose_parent": ("",),
    "wagtailimages:image_usage": ("",),
    "wagtaildocs:document_usage": ("",),
    "ics_feeds:index": ("",),
    "ics_feeds:index_results": ("",),
    "wagtailredirects:index": ("", "q=old"),
    "wagtailredirects:index_results": ("", "q=old"),
    "wagtailsites:index": ("",),
    "wagtailsites:index_results": ("",),
    "hub_widgets_builder": ("",),
    "wagtailsnippets_themes_customtheme:add": ("",),
    "wagtailsnippets_themes_customtheme:list": ("",),
    "wagtailsnippets_themes_customtheme:list_results": ("",),
}
ONE_PAGE = {
    f"wagtailadmin_pages:{name}" for name in (
        "add", "preview_on_add", "usage", "edit", "preview_on_edit", "view_draft",
        "add_subpage", "delete", "unpublish", "convert_alias", "move", "move_confirm",
        "set_page_position", "copy", "workflow_action", "collect_workflow_action_data",
        "confirm_workflow_cancellation", "workflow_preview", "set_privacy", "lock",
        "unlock", "revisions_index", "revisions_view", "revisions_revert",
        "revisions_unschedule", "revisions_compare", "workflow_history",
        "workflow_history_detail", "history", "history_results")
} | {
    "wagtailadmin_api:pages:detail", "wagtailadmin_api:pages:action",
    "wagtailadmin_workflows:remove",
    "wagtail_localize:submit_page_translation", "wagtail_localize:convert_to_alias",
    "wagtail_localize:update_translations", "wagtailadmin_editing_sessions:ping",
} | {
    f"wagtail_localize:{name}" for name in (
        "edit_string_translation", "edit_override", "download_pofile", "upload_pofile",
        "machine_translate", "preview_translation", "stop_translation")
}
OTHER_PREFIXES = (
    "wagtailadmin_api:documents:", "wagtailadmin_api:images:", "wagtailadmin_collections:",
    "wagtailadmin_workflows:", "wagtailadmin_password_reset", "wagtailimages:",
    "wagtailimages_chooser:", "wagtaildocs:", "wagtaildocs_chooser:",
    "wagtailsnippets_", "wagtailsnippetchoosers_", "wagtailusers_users:",
    "wagtailusers_groups:", "wagtaillocales:", "wagtailsites:", "wagtailredirects:",
    "wagtailsettings:", "ics_feeds:", "wagtail_localize:",
    "wagtailadmin_editing_sessions:", "hub_plugins:", "hub_accounts:",
    "hub_api_tokens:",  # organisations' write API tokens, no page (cms/api)
    "webhook_endpoints:",  # organisations' endpoints, no page (cms/webhooks)
)
OTHER = {
    "wagtailadmin_choose_page_external_link", "wagtailadmin_choose_page_email_link",
    "wagtailadmin_choose_page_phone_link", "wagtailadmin_choose_page_anchor_link",
    "wagtailadmin_tag_autocomplete", "wagtailadmin_tag_model_autocomplete",
    "wagtailadmin_account", "wagtailadmin_dismissibles", "wagtailadmin_block_preview",
    "wagtailadmin_sprite", "wagtailadmin_login", "wagtailadmin_javascript_catalog",
    "wagtailsnippets:index", "admin/test404/",
    "hub_search_terms",  # visitors' folded queries, no page (search/admin_views.py)
    "events_recurrence_preview",  # dates of a posted rule, reads no page
}
NOT_REQUESTED = {
    "wagtailadmin_logout": "would end the session the test works in",
    "wagtailadmin_error_test": "raises an error on purpose",
    "admin/^.*/$": "catch-all that answers 404",
}


def kind_of(url: AdminUrl) -> str:
    if url.name in NOT_REQUESTED:
        return "not requested"
    if url.name in LISTS:
        return "lists pages"
    if url.name in ONE_PAGE:
        return "one page"
    if url.name in OTHER or url.name.startswith(OTHER_PREFIXES):
        return "other"
    return "unknown"


def test_every_admin_url_is_classified():
    unknown = sorted({u.route + "  " + u.name for u in admin_urls()
                      if kind_of(u) == "unknown"})
    assert not unknown, (
        "Admin URLs that may list pages and are not classified in "
        "tests/security/test_admin_visibility.py (check what they show to another "
        "organisation's editor, then add them):\n" + "\n".join(unknown))
    lists = {u.name for u in admin_urls() if kind_of(u) == "lists pages"}
    for name in ("wagtailadmin_choose_page_search", "wagtailadmin_pages:search",
                 "wagtailadmin_reports:page_types_usage", "wagtailadmin_api:pages:listing"):
        assert name in lists


# -- the scene ---------------------------------------------------------------------
@dataclass
class Scene:
    objects: dict = field(default_factory=dict)
    b_pages: list = field(default_factory=list)

    def __getitem__(self, key):
        return self.objects[key]


def user_in(username: str, *groups: str):
    user = get_user_model().objects.create_user(username, f"{username}@example.org", "x")
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


@pytest.fixture
def scene(site_tree, settings, tmp_path, django_capture_on_commit_callbacks) -> Scene:
    settings.MEDIA_ROOT = tmp_path
    kul = make_institution("KU Leuven", "ku-leuven")
    ugent = make_institution(LIVE_ORG, "ugent")
    nl = Locale.objects.get(language_code="nl")
    image = Image.objects.create(title="Shared logo", file=get_test_image_file())
    document = Document.objects.create(title="Shared leaflet",
                                       file=ContentFile(b"leaflet", "leaflet.txt"))
    dept_editor = user_in("dept-editor", DEPARTMENT_EDITORS)
    dept_moderator = user_in("dept-moderator", DEPARTMENT_MODERATORS)
    b_editor = user_in("b-editor", editor_group_name(ugent))

    a_event = make_event(kul, "Leuven fair")
    a_draft = make_event(kul, "Leuven draft QXOWN", live=False)
    b_draft = make_event(ugent, "Embargoed mission QXSECRETA", live=False)
    b_draft.participating_institutions.add(kul)
    b_draft.save_revision(user=b_editor)
    b_lab = make_expertise(ugent, "Embargoed lab QXSECRETC", live=False)
    b_org_draft = InstitutionPage(title="Embargoed centre QXSECRETD", slug="centre",
                                  kind="research-centre", locale=nl, logo=image,
                                  live=False)
    site_tree["institutions"].add_child(instance=b_org_draft)
    b_org_draft.save_revision(user=dept_editor)

    # as the admin creates them: never published, so not live
    Page.objects.filter(pk__in=[a_draft.pk, b_draft.pk, b_lab.pk, b_org_draft.pk]).update(
        live=False, has_unpublished_changes=True)
    for page in (a_draft, b_draft, b_lab, b_org_draft):
        page.refresh_from_db()

    # in moderation, translated, logged, locked, redirected to, themed, fed
    b_draft.get_workflow().start(b_draft, b_editor)
    en = Locale.objects.get(language_code="en")
    for page, publish in ((ugent, True), (b_draft, False)):
        source, _ = TranslationSource.get_or_create_from_instance(page)
        translation = Translation.objects.create(source=source, target_locale=en)
        with django_capture_on_commit_callbacks(execute=True):
            translation.save_target(user=dept_editor, publish=publish)
    b_draft_en = translation.get_target_instance()
    assert not b_draft_en.live
    b_changed = make_event(ugent, LIVE_EVENT)
    log(b_changed, "wagtail.edit", user=dept_editor, title="Ghent open day QXSECRETB")
    Page.objects.filter(pk=b_changed.pk).update(
        locked=True, locked_by=dept_editor, locked_at=timezone.now())
    redirect = Redirect.objects.create(old_path="/old-mission", redirect_page=b_draft)
    theme = CustomTheme.objects.create(name="ghent", label="Ghent", organisation=ugent)
    feed = IcsFeed.objects.create(name="Ghent feed", url="https://example.org/g.ics",
                                  organiser=ugent)
    synonyms = SynonymGroup.objects.create(terms="AI, artificial intelligence")
    # drafts of live pages, last, so that they are the latest edits
    ugent.title = f"{LIVE_ORG} QXSECRETE"
    ugent.save_revision(user=dept_editor)
    b_changed.title = f"{LIVE_EVENT} QXSECRETB"
    b_changed.save_revision(user=b_editor)

    a_editor = user_in("a-editor", editor_group_name(kul))
    a_editor.groups.add(ensure_web_team(kul))
    a_moderator = user_in("a-moderator", moderator_group_name(kul))
    state = b_draft.current_workflow_state
    scene = Scene({
        "kul": kul, "ugent": ugent, "a_event": a_event, "a_draft": a_draft,
        "b_draft": b_draft, "b_changed": b_changed, "b_lab": b_lab,
        "b_org_draft": b_org_draft, "image": image, "document": document,
        "a_editor": a_editor, "a_moderator": a_moderator, "b_editor": b_editor,
        "dept_editor": dept_editor, "dept_moderator": dept_moderator,
        "state": state, "task_state": state.current_task_state,
        "workflow": state.workflow, "task": state.current_task_state.task,
        "source": source, "translation": translation, "redirect": redirect,
        "theme": theme, "feed": feed, "synonyms": synonyms,
        "institutions": site_tree["institutions"],
    })
    scene.b_pages = [b_draft, b_changed, b_lab, b_org_draft, ugent, b_draft_en]
    return scene


# -- filling in the URLs -----------------------------------------------------------
PK_BY_NAMESPACE = {
    "wagtailadmin_collections:": lambda s: [Collection.get_first_root_node().pk],
    "wagtailadmin_workflows:": lambda s: [s["workflow"].pk],
    "wagtailadmin_workflows:edit_task": lambda s: [s["task"].pk],
    "wagtailadmin_workflows:disable_task": lambda s: [s["task"].pk],
    "wagtailsnippets_hub_search_synonymgroup:": lambda s: [s["synonyms"].pk],
    "wagtailsnippetchoosers_hub_search_synonymgroup:": lambda s: [s["synonyms"].pk],
    "wagtailsnippets_themes_customtheme:": lambda s: [s["theme"].pk],
    "wagtailsnippetchoosers_themes_customtheme:": lambda s: [s["theme"].pk],
    "ics_feeds:": lambda s: [s["feed"].pk],
    "hub_api_tokens:": lambda s: [1],  # none in the scene: a 404 or the home page
    "webhook_endpoints:": lambda s: [1],  # none in the scene: a 404 or 403
    "wagtaillocales:": lambda s: [Locale.objects.get(language_code="en").pk],
    "wagtailsites:": lambda s: [Site.objects.get().pk],
    "wagtailusers_users:": lambda s: [s["b_editor"].pk],
    "wagtailusers_groups:": lambda s: [s["b_editor"].groups.get().pk],
    "wagtailsettings:": lambda s: [1],
    "wagtailadmin_api:pages:": lambda s: [p.pk for p in s.b_pages],
    "wagtailadmin_api:images:": lambda s: [s["image"].pk],
    "wagtailadmin_api:documents:": lambda s: [s["document"].pk],
    "wagtailadmin_pages:revisions_compare": lambda s: [p.pk for p in s.b_pages],
    "wagtailimages_chooser:": lambda s: [s["image"].pk],
    "wagtaildocs_chooser:": lambda s: [s["document"].pk],
    "wagtail_localize:snippets_api": lambda s: [s["theme"].pk],
    "wagtail_localize:submit_snippet_translation": lambda s: [s["theme"].pk],
}
APP_MODEL = {
    "wagtail_bulk_action": ("wagtailcore", "page"),
    "wagtailadmin_workflows:add_task": ("wagtailcore", "groupapprovaltask"),
    "wagtailadmin_tag_model_autocomplete": ("expertise", "expertisepage"),
    "wagtailsettings:": ("institutions", "discipline"),
}


def fillings(url: AdminUrl, scene: Scene) -> list[dict]:
    """Keyword argument sets to request ``url`` with: each of B's pages where a
    page is asked for, B's objects elsewhere."""
    s = scene
    pages = [p.pk for p in s.b_pages]
    app_model = next((v for k, v in APP_MODEL.items() if url.name.startswith(k)),
                     ("events", "eventpage"))
    values = {
        "page_id": pages, "parent_page_id": pages + [s["institutions"].pk],
        "page_to_move_id": [s["a_event"].pk] + pages,
        "destination_id": [s["b_draft"].pk, s["ugent"].pk],
        "page_pk": pages, "workflow_pk": [s["workflow"].pk],
        "content_type_app_name": ["events"], "content_type_model_name": ["eventpage"],
        "app_label": [app_model[0]], "app_name": [app_model[0]],
        "model_name": [app_model[1]],
        "action": ["publish", "unpublish", "delete", "move"],
        "action_name": ["approve"], "task_state_id": [s["task_state"].pk],
        "workflow_state_id": [s["state"].pk], "task_id": [s["task"].pk],
        "revision_id": [s["b_changed"].latest_revision_id, s["b_draft"].latest_revision_id],
        "revision_id_a": ["earliest"], "revision_id_b": ["latest"],
        "session_id": [1], "object_id": [str(s["b_draft"].pk)],
        "image_id": [s["image"].pk], "document_id": [s["document"].pk],
        "doc_id": [s["document"].pk], "uploaded_file_id": [1],
        "filter_spec": ["original"], "collection_id": [Collection.get_first_root_node().pk],
        "redirect_id": [s["redirect"].pk],
        "translation_source_id": [s["source"].pk],
        "translation_id": [s["translation"].pk],
        "string_segment_id": [StringSegment.objects.filter(
            source=s["source"]).values_list("pk", flat=True).first() or 1],
        "overridable_segment_id": [1], "mode": [""],
        "uidb64": ["MQ"], "token": ["set-password"],
    }
    if "pk" in url.kwargs:
        match = max((k for k in PK_BY_NAMESPACE if url.name.startswith(k)), key=len,
                    default=None)
        assert match, f"no object for the pk of {url.name}: add it to PK_BY_NAMESPACE"
        values["pk"] = PK_BY_NAMESPACE[match](s)
    missing = [k for k in url.kwargs if k not in values]
    assert not missing, f"{url.name}: no value for {missing}; add one to fillings()"
    return [dict(zip(url.kwargs, combo, strict=True))
            for combo in itertools.product(*(values[k] for k in url.kwargs))]


def reverse_for(url: AdminUrl, kwargs: dict) -> str | None:
    if url.name.startswith("admin/"):
        return "/" + url.route
    try:
        return reverse(url.name, kwargs=kwargs)
    except Exception:  # noqa: BLE001 - a pattern whose sibling takes these kwargs
        return None


def body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content + response.get("Location", "").encode()


def fetch_all(client, scene: Scene) -> dict[str, bytes]:
    """Every admin URL, as filled in, mapped to what it answered."""
    answers = {}
    b_ids = "&".join(f"id={p.pk}" for p in scene.b_pages)
    for url in admin_urls():
        kind = kind_of(url)
        if kind == "not requested":
            continue
        queries = LISTS.get(url.name, ("",))
        for kwargs in fillings(url, scene):
            path = reverse_for(url, kwargs)
            if path is None:
                continue
            for query in queries:
                query = query.format(b_ids=b_ids, b_first_id=f"id={scene.b_pages[0].pk}",
                                     ugent=scene["ugent"].pk,
                                     institutions=scene["institutions"].pk)
                target = f"{path}?{query}" if query else path
                if target not in answers:
                    answers[target] = body(client.get(target))
    return answers


@pytest.mark.parametrize("persona", ["a_editor", "a_moderator"])
def test_no_admin_url_shows_another_organisations_draft_titles(client, scene, persona):
    client.force_login(scene[persona])
    answers = fetch_all(client, scene)
    assert len(answers) > 300
    leaks = {target: sorted({m.decode() for m in SECRET.findall(content)})
             for target, content in answers.items() if SECRET.search(content)}
    assert not leaks, f"draft titles of organisation B shown to {persona}: {leaks}"


# -- what must still be shown ------------------------------------------------------
def not_found(client, url: str) -> bool:
    """An admin 404 is answered as it is (cms.core.middleware), not sent on to
    /nl/admin/...; follow=True would also catch such a redirect's 404."""
    return client.get(url, follow=True).status_code == 404


def test_live_pages_of_other_organisations_are_listed_under_their_live_title(
    client, scene
):
    client.force_login(scene["a_editor"])
    ugent, b_changed = scene["ugent"], scene["b_changed"]
    browse = client.get(f"/admin/choose-page/{ugent.pk}/").content.decode()
    assert LIVE_EVENT in browse and "Embargoed" not in browse
    institutions = client.get(
        f"/admin/choose-page/{scene['institutions'].pk}/").content.decode()
    assert LIVE_ORG in institutions and "KU Leuven" in institutions
    assert "Embargoed centre" not in institutions
    found = client.get("/admin/choose-page/search/", {"q": "Ghent"}).content.decode()
    assert LIVE_EVENT in found and LIVE_ORG in found
    chosen = client.get("/admin/choose-page/chosen-multiple/", {"id": b_changed.pk})
    assert chosen.json()["result"][0]["adminTitle"] == LIVE_EVENT
    report = client.get("/admin/reports/page-types-usage/").content.decode()
    assert LIVE_EVENT in report  # B's live page was edited last: named, as live

    # a pasted link to B's page becomes an internal link named as live
    response = client.post("/admin/choose-external-link/", {
        "external-link-chooser-url": "http://localhost" + b_changed.url,
        "external-link-chooser-link_text": ""})
    assert response.status_code == 200 and not SECRET.search(response.content)
    assert LIVE_EVENT in response.content.decode()

    # B's drafts are not found by id either; B's live pages are
    for page in (scene["b_draft"], scene["b_org_draft"]):
        assert not_found(client, f"/admin/choose-page/{page.pk}/")
        assert not_found(client, f"/admin/api/main/pages/{page.pk}/")
        assert not_found(client, f"/admin/bulk/wagtailcore/page/delete/?id={page.pk}")
    assert not_found(client, "/admin/choose-page/987654/")
    assert client.get(f"/admin/choose-page/{ugent.pk}/").status_code == 200


def test_own_drafts_stay_visible_and_the_department_sees_every_draft(client, scene):
    client.force_login(scene["a_editor"])
    found = client.get("/admin/choose-page/search/", {"q": "Leuven draft"})
    assert "Leuven draft QXOWN" in found.content.decode()
    edit = client.get(f"/admin/pages/{scene['a_draft'].pk}/edit/")
    assert edit.status_code == 200 and b"Leuven draft QXOWN" in edit.content

    client.force_login(scene["dept_moderator"])
    found = client.get("/admin/choose-page/search/", {"q": "Embargoed"}).content
    assert b"Embargoed mission QXSECRETA" in found and b"Embargoed lab QXSECRETC" in found
    browse = client.get(f"/admin/choose-page/{scene['ugent'].pk}/").content
    assert b"Ghent open day QXSECRETB" in browse
    report = client.get("/admin/localize/reports/translations/").content
    assert b"Embargoed mission QXSECRETA" in report
    assert client.get(f"/admin/choose-page/{scene['b_draft'].pk}/").status_code == 200


def test_event_form_neither_offers_nor_drops_other_organisations_drafts(client, scene):
    """A Department editor linked A's event to B's unpublished lab; A's editor
    edits the event without being shown the lab, and the link survives."""
    a_event, b_lab = scene["a_event"], scene["b_lab"]
    a_event.related_expertise.add(b_lab)
    a_event.save_revision().publish()
    client.force_login(scene["a_editor"])
    url = f"/admin/pages/{a_event.pk}/edit/"
    response = client.get(url)
    assert LIVE_ORG in response.content.decode()  # offered as participant
    assert not SECRET.search(response.content)
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    data["title"] = "Leuven fair (edited)"
    assert client.post(url, data).status_code == 302
    a_event.refresh_from_db()
    latest = a_event.get_latest_revision_as_object()
    assert latest.title == "Leuven fair (edited)"
    assert [page.pk for page in latest.related_expertise.all()] == [b_lab.pk]


def test_groups_and_workflow_of_an_unpublished_organisation_do_not_carry_its_name(
    site_tree,
):
    nl = Locale.objects.get(language_code="nl")
    centre = InstitutionPage(title="Embargoed centre", slug="centre", kind="other",
                             locale=nl, live=False)
    site_tree["institutions"].add_child(instance=centre)
    names = [*Group.objects.values_list("name", flat=True),
             *Workflow.objects.values_list("name", flat=True)]
    assert not [n for n in names if "Embargoed" in n]
    editors = Group.objects.get(name=editor_group_name(centre))
    member = user_in("centre-editor", editors.name)

    centre.save_revision().publish()  # announced: the groups take its name
    editors.refresh_from_db()
    assert editors.name == "Embargoed centre editors"
    assert member.groups.get() == editors
    assert centre.get_workflow().name == "Embargoed centre review"
