"""Organisation tokens: made (shown once), found by their hash, revoked.

A token is its own login-less user in the organisation's editors group, so
what it may do is what the organisation's editors may do."""

from __future__ import annotations

import hashlib
import secrets
import uuid

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from wagtail.models import GroupPagePermission, Page

from cms.institutions.models import InstitutionPage, RepresentationPage
from cms.institutions.permissions import (
    DEPARTMENT_MODERATORS,
    default_translation,
    editor_group_name,
    ensure_organisation_access,
    moderator_group_name,
)

from ..models import ApiToken

SECRET_PREFIX = "hubt_"


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def organisation_of(page: Page) -> Page:
    """The organisation as tokens hold it: its page in the default language."""
    return default_translation(page).specific


def editors_may_publish(organisation: Page) -> bool:
    """Whether the organisation's own editors publish (representations
    today); only then is the ``publish`` scope offered."""
    organisation = organisation_of(organisation)
    return GroupPagePermission.objects.filter(
        group__name=editor_group_name(organisation), page=organisation,
        permission__codename="publish_page").exists()


def may_manage_tokens(user: AbstractBaseUser) -> bool:
    """A cheap first check (the admin menu): superusers, and members of a
    moderators group; manageable_organisations() says which."""
    return user.is_active and (user.is_superuser or user.groups.filter(
        name__endswith=" moderators").exists())


def token_user_name(name: str) -> tuple[str, str]:
    """First and last name: the history shows "API token 'name'"."""
    return "API token", f"'{name}'"[:150]


@transaction.atomic
def create_token(organisation: Page, name: str, scope: str,
                 created_by: AbstractBaseUser | None) -> tuple[ApiToken, str]:
    """A new token and its secret, which is not stored (only its hash)."""
    organisation = organisation_of(organisation)
    if scope == ApiToken.Scope.PUBLISH and not editors_may_publish(organisation):
        raise ValueError("This organisation's editors cannot publish.")
    editors, _moderators = ensure_organisation_access(organisation)
    first, last = token_user_name(name)
    user = get_user_model().objects.create(
        username=f"api-token-{uuid.uuid4().hex[:16]}", first_name=first,
        last_name=last, email="", is_active=True)
    user.set_unusable_password()  # no login: the token is its only way in
    user.save(update_fields=["password"])
    user.groups.add(editors)
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        organisation=organisation, name=name, scope=scope, key_hash=digest(secret),
        prefix=secret[:12], user=user, created_by=created_by)
    return token, secret


def revoke(token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    token.user.is_active = False
    token.user.save(update_fields=["is_active"])


def find_token(secret: str) -> ApiToken | None:
    """The active token with this secret, or None."""
    if not secret.startswith(SECRET_PREFIX):
        return None
    token = (ApiToken.objects.select_related("user", "organisation")
             .filter(key_hash=digest(secret), revoked_at__isnull=True).first())
    if token is None or not token.user.is_active:
        return None
    return token


def manageable_organisations(user: AbstractBaseUser) -> list[Page]:
    """Organisations whose tokens ``user`` may see and manage: their own as a
    moderator; all for Department moderators and superusers."""
    if not user.is_authenticated or not user.is_active:
        return []
    pages = [organisation_of(p) for p in Page.objects.type(
        InstitutionPage, RepresentationPage).filter(alias_of__isnull=True)]
    unique = {p.pk: p for p in pages}.values()
    everything = user.is_superuser or user.groups.filter(
        name=DEPARTMENT_MODERATORS).exists()
    if everything:
        return sorted(unique, key=lambda p: p.title)
    names = set(user.groups.values_list("name", flat=True))
    return sorted((p for p in unique if moderator_group_name(p) in names),
                  key=lambda p: p.title)
