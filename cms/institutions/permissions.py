"""Per-organisation editor groups, tree permissions and review workflows."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

DEPARTMENT_EDITORS = "Department editors"
DEPARTMENT_MODERATORS = "Department moderators"


def default_translation(page: Page) -> Page:
    """The organisation in the default locale: groups are named after it."""
    from wagtail.models import Locale

    translations = Page.objects.filter(translation_key=page.translation_key)
    return (
        translations.filter(locale=Locale.get_default()).first()
        or translations.order_by("pk").first() or page
    )


def editor_group_name(page: Page) -> str:
    return f"{default_translation(page).title} editors"


def moderator_group_name(page: Page) -> str:
    return f"{default_translation(page).title} moderators"


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


@transaction.atomic
def ensure_department_groups() -> tuple[Group, Group]:
    """The Department's editors and moderators may edit everything."""
    editors, _ = Group.objects.get_or_create(name=DEPARTMENT_EDITORS)
    moderators, _ = Group.objects.get_or_create(name=DEPARTMENT_MODERATORS)
    for group in (editors, moderators):
        _admin_access(group)
        for root in Page.objects.filter(depth=2):
            _grant(group, root, ["add_page", "change_page", "publish_page", "lock_page"])
    return editors, moderators


@transaction.atomic
def ensure_organisation_access(page: Page) -> tuple[Group, Group]:
    """Groups ``<Org> editors`` and ``<Org> moderators`` with rights on every
    translation of the organisation's page. Institution editors submit for
    review; their moderators (or the Department's) publish."""
    from .models import InstitutionPage

    page = default_translation(page)
    _, dept_moderators = ensure_department_groups()
    editors, _ = Group.objects.get_or_create(name=editor_group_name(page))
    moderators, _ = Group.objects.get_or_create(name=moderator_group_name(page))
    is_institution = isinstance(page.specific, InstitutionPage)
    editor_perms = ["add_page", "change_page"] + ([] if is_institution else ["publish_page"])
    for group in (editors, moderators):
        _admin_access(group)
    for translation in Page.objects.filter(translation_key=page.translation_key):
        _grant(editors, translation, editor_perms)
        _grant(moderators, translation, ["add_page", "change_page", "publish_page"])
    if is_institution:
        workflow, _ = Workflow.objects.get_or_create(
            name=f"{page.title} review"
        )
        task, created = GroupApprovalTask.objects.get_or_create(
            name=f"Review by {moderators.name} or the Department"
        )
        task.groups.add(moderators, dept_moderators)
        WorkflowTask.objects.get_or_create(workflow=workflow, task=task,
                                           defaults={"sort_order": 0})
        for translation in Page.objects.filter(translation_key=page.translation_key):
            WorkflowPage.objects.update_or_create(page=translation,
                                                  defaults={"workflow": workflow})
    return editors, moderators
