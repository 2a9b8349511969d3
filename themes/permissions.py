"""Who may manage which custom themes.

Every institution and representation gets a group ``<Org> web team`` (created
when its page is saved, like its editor groups) with the standard snippet
permissions on custom themes: add, change, delete, publish, lock, unlock.
Members manage the themes their organisation owns and nothing else;
superusers manage all of them. The model permissions say *what* a user may
do, the web-team membership says *on which* themes.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import Page
from wagtail.permission_policies import ModelPermissionPolicy

from cms.institutions.permissions import default_translation, public_name

from .models import WebTeam

THEME_ACTIONS = ("add", "change", "delete", "publish", "lock", "unlock")


def web_team_name(page: Page) -> str:
    return f"{public_name(page)} web team"


@transaction.atomic
def ensure_web_team(page: Page) -> Group:
    """The organisation's web team group, renamed with the organisation."""
    page = default_translation(page)
    name = web_team_name(page)
    team = WebTeam.objects.select_related("group").filter(organisation=page).first()
    if team is None:
        group, _ = Group.objects.get_or_create(name=name)
        team = WebTeam.objects.create(organisation=page, group=group)
    elif team.group.name != name and not Group.objects.filter(name=name).exists():
        team.group.name = name
        team.group.save(update_fields=["name"])
    team.group.permissions.add(*theme_permissions())
    return team.group


def theme_permissions() -> list[Permission]:
    codenames = [f"{action}_customtheme" for action in THEME_ACTIONS]
    found = list(Permission.objects.filter(content_type__app_label="themes",
                                           codename__in=codenames))
    found += list(Permission.objects.filter(content_type__app_label="wagtailadmin",
                                            codename="access_admin"))
    return found


def managed_organisations(user) -> set[str] | None:
    """Translation keys of the organisations whose themes ``user`` manages;
    None means all of them (superusers)."""
    if not user.is_authenticated or not user.is_active:
        return set()
    if user.is_superuser:
        return None
    pages = WebTeam.objects.filter(group__user=user).values("organisation")
    return {str(key) for key in Page.objects.filter(pk__in=pages)
            .values_list("translation_key", flat=True)}


def in_scope(user, theme) -> bool:
    scope = managed_organisations(user)
    return scope is None or bool(theme.organisation_id and theme.owner_key() in scope)


def scoped(queryset, user):
    scope = managed_organisations(user)
    if scope is None:
        return queryset
    return queryset.filter(organisation__translation_key__in=scope)


class ThemePermissionPolicy(ModelPermissionPolicy):
    """Model permissions, narrowed to the themes of the user's organisations."""

    def user_has_permission_for_instance(self, user, action, instance) -> bool:
        return (super().user_has_permission_for_instance(user, action, instance)
                and in_scope(user, instance))

    def instances_user_has_any_permission_for(self, user, actions):
        return scoped(super().instances_user_has_any_permission_for(user, actions), user)
