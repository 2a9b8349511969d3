"""Who manages which webhook endpoints: an organisation's moderators manage
its endpoints; the Department's moderators and superusers all of them;
editors none (an endpoint receives the catalogue's changes, so it is the
organisation's decision, like publishing)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from wagtail.models import GroupPagePermission, Locale, Page
from wagtail.permission_policies.base import BasePermissionPolicy

from cms.institutions.models import InstitutionPage, RepresentationPage
from cms.institutions.permissions import DEPARTMENT_MODERATORS

from .models import Endpoint


def managed_organisations(user) -> set[str] | None:
    """Translation keys of the organisations whose endpoints ``user``
    manages; None: all of them."""
    if not user.is_authenticated or not user.is_active:
        return set()
    if user.is_superuser or user.groups.filter(name=DEPARTMENT_MODERATORS).exists():
        return None
    # "<Org> moderators" publish on the organisation's pages (representation
    # editors publish too, so the group's name tells them apart).
    pages = GroupPagePermission.objects.filter(
        group__in=user.groups.filter(name__endswith=" moderators"),
        permission__codename="publish_page").values("page")
    return {str(key) for key in organisations().filter(pk__in=pages)
            .values_list("translation_key", flat=True)}


def organisations() -> QuerySet:
    return Page.objects.type(InstitutionPage, RepresentationPage)


def organisation_choices(user) -> QuerySet:
    """The published organisations (default language) ``user`` may pick."""
    pages = organisations().filter(locale=Locale.get_default(), live=True)
    scope = managed_organisations(user)
    if scope is not None:
        pages = pages.filter(translation_key__in=scope)
    return pages.order_by("title")


def scoped(queryset: QuerySet, user) -> QuerySet:
    scope = managed_organisations(user)
    if scope is None:
        return queryset
    return queryset.filter(organisation__translation_key__in=scope)


def in_scope(user, endpoint: Endpoint) -> bool:
    scope = managed_organisations(user)
    return scope is None or str(endpoint.organisation.translation_key) in scope


class EndpointPermissionPolicy(BasePermissionPolicy):
    """Every action on the endpoints of the organisations one moderates."""

    def user_has_permission(self, user, action) -> bool:
        scope = managed_organisations(user)
        return scope is None or bool(scope)

    def users_with_any_permission(self, actions):
        return get_user_model().objects.filter(is_active=True, is_superuser=True)

    def user_has_permission_for_instance(self, user, action, instance) -> bool:
        return in_scope(user, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        return scoped(Endpoint.objects.all(), user)
