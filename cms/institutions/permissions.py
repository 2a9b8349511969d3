"""Per-organisation editor groups, tree permissions and review workflows."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Locale,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from .models import InstitutionPage

DEPARTMENT_EDITORS = "Department editors"
DEPARTMENT_MODERATORS = "Department moderators"


def default_translation(page: Page) -> Page:
    """The organisation in the default locale: groups are named after it."""
    translations = Page.objects.filter(translation_key=page.translation_key)
    return (
        translations.filter(locale=Locale.get_default()).first()
        or translations.order_by("pk").first() or page
    )


def public_name(page: Page) -> str:
    """The organisation's name as its groups and workflow carry it: the live
    title, or a neutral one until it is first published, so that the name of
    an organisation still under embargo stays in its draft (group and workflow
    names are shown across organisations). Renamed on publication."""
    page = default_translation(page)
    if page.live or page.first_published_at:
        return page.title
    return f"Unpublished organisation {page.pk}"


def editor_group_name(page: Page) -> str:
    return f"{public_name(page)} editors"


def moderator_group_name(page: Page) -> str:
    return f"{public_name(page)} moderators"


def _admin_access(group: Group) -> None:
    perms = Permission.objects.filter(
        content_type__app_label__in=["wagtailadmin", "wagtailimages", "wagtaildocs"],
        codename__in=["access_admin", "add_image", "choose_image", "add_document",
                      "choose_document"],
    )
    group.permissions.add(*perms)


def _grant(group: Group, page: Page, codenames: list[str]) -> None:
    for codename in codenames:
        perm = Permission.objects.get(content_type__app_label="wagtailcore",
                                      codename=codename)
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=perm)


def _synonym_access(group: Group) -> None:
    """Synonyms change every site's search, so the Department curates them
    (the "Add synonyms" step of the Search terms report)."""
    perms = Permission.objects.filter(
        content_type__app_label="hub_search",
        codename__in=["add_synonymgroup", "change_synonymgroup",
                      "delete_synonymgroup"],
    )
    group.permissions.add(*perms)


@transaction.atomic
def ensure_department_groups() -> tuple[Group, Group]:
    """The Department's editors and moderators may edit everything, and
    curate the synonyms of search."""
    editors, _ = Group.objects.get_or_create(name=DEPARTMENT_EDITORS)
    moderators, _ = Group.objects.get_or_create(name=DEPARTMENT_MODERATORS)
    for group in (editors, moderators):
        _admin_access(group)
        _synonym_access(group)
        for root in Page.objects.filter(depth=2):
            _grant(group, root, ["add_page", "change_page", "publish_page", "lock_page"])
    return editors, moderators


def _organisation_group(page: Page, name: str, suffix: str) -> Group:
    """The group called ``name``; when the organisation was renamed, its existing
    group (found by its rights on the page) is renamed rather than replaced, so
    its members keep their rights and their place in the review workflow."""
    group = Group.objects.filter(name=name).first()
    if group is None:
        group = (
            Group.objects.filter(page_permissions__page=page, name__endswith=suffix)
            .exclude(name__in=[DEPARTMENT_EDITORS, DEPARTMENT_MODERATORS])
            .order_by("pk").first()
        )
        if group is not None:
            group.name = name
            group.save(update_fields=["name"])
    return group or Group.objects.create(name=name)


def _review_workflow(page: Page) -> tuple[Workflow, GroupApprovalTask]:
    """The organisation's review workflow and its approval task, renamed in
    place when the organisation was renamed."""
    name = f"{public_name(page)} review"
    task_name = f"Review by {moderator_group_name(page)} or the Department"
    current = WorkflowPage.objects.filter(page=page).select_related("workflow").first()
    workflow = Workflow.objects.filter(name=name).first()
    if workflow is None and current and current.workflow.name.endswith(" review"):
        workflow = current.workflow
        workflow.name = name
        workflow.save(update_fields=["name"])
    workflow = workflow or Workflow.objects.create(name=name)
    task = GroupApprovalTask.objects.filter(name=task_name).first()
    if task is None:
        task = GroupApprovalTask.objects.filter(
            workflow_tasks__workflow=workflow, name__startswith="Review by "
        ).first()
        if task is not None:
            task.name = task_name
            task.save(update_fields=["name"])
    task = task or GroupApprovalTask.objects.create(name=task_name)
    return workflow, task


@transaction.atomic
def ensure_organisation_access(page: Page) -> tuple[Group, Group]:
    """Groups ``<Org> editors`` and ``<Org> moderators`` with rights on every
    translation of the organisation's page. Institution editors submit for
    review; their moderators (or the Department's) publish."""
    page = default_translation(page)
    _, dept_moderators = ensure_department_groups()
    editors = _organisation_group(page, editor_group_name(page), " editors")
    moderators = _organisation_group(page, moderator_group_name(page), " moderators")
    is_institution = isinstance(page.specific, InstitutionPage)
    editor_perms = ["add_page", "change_page"] + ([] if is_institution else ["publish_page"])
    for group in (editors, moderators):
        _admin_access(group)
    for translation in Page.objects.filter(translation_key=page.translation_key):
        _grant(editors, translation, editor_perms)
        _grant(moderators, translation, ["add_page", "change_page", "publish_page"])
    if is_institution:
        workflow, task = _review_workflow(page)
        task.groups.add(moderators, dept_moderators)
        WorkflowTask.objects.get_or_create(workflow=workflow, task=task,
                                           defaults={"sort_order": 0})
        for translation in Page.objects.filter(translation_key=page.translation_key):
            WorkflowPage.objects.update_or_create(page=translation,
                                                  defaults={"workflow": workflow})
    return editors, moderators
