"""Keeps the theme registry and the web-team groups up to date."""

from __future__ import annotations

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import post_delete, post_migrate, post_save
from wagtail.signals import published, unpublished
from wagtail.snippets.models import create_extra_permissions

from cms.core.generation import connect_public_content
from cms.core.signals import generation_seen
from cms.core.themes import install_theme_choices
from cms.institutions.models import InstitutionPage, RepresentationPage
from plugins.models import PluginState
from plugins.signals import register_themes

from .models import CustomTheme
from .permissions import ensure_web_team
from .registry import builtin_theme_folders, forget_themes, theme_choices


def _forget(sender=None, **kwargs) -> None:
    forget_themes()


def _organisation_saved(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        ensure_web_team(instance)


def ensure_all_web_teams(app_config=None, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    """After migrate: the theme permissions (Wagtail's publish/lock/unlock
    ones too, which would otherwise only come after this app's turn) and a
    web team for every existing organisation."""
    create_permissions(app_config, verbosity=0, using=using, apps=global_apps)
    create_extra_permissions(app_config, using=using, apps=global_apps)
    for model in (InstitutionPage, RepresentationPage):
        for page in model.objects.using(using).all():
            ensure_web_team(page)


def _generation_seen(changed: bool = False, **kwargs) -> None:
    """A new content generation read by this process: a custom theme may have
    been published through another worker, so the next page renders with it
    (the registry otherwise catches up within seconds)."""
    if changed:
        forget_themes()


def connect(app_config) -> None:
    register_themes.connect(builtin_theme_folders, dispatch_uid="themes.builtin")
    # The organisations' pages offer and check their theme through the kernel.
    install_theme_choices(theme_choices)
    # Custom themes style public pages and widgets.
    connect_public_content((CustomTheme,), (published, unpublished, post_delete))
    generation_seen.connect(_generation_seen, dispatch_uid="themes.generation_seen")
    for signal in (published, unpublished, post_delete):
        signal.connect(_forget, sender=CustomTheme, dispatch_uid=f"themes.forget.{id(signal)}")
    # A plugin switched on or off (plugins.registry.set_enabled) may add or
    # remove themes.
    post_save.connect(_forget, sender=PluginState, dispatch_uid="themes.forget.plugins")
    post_delete.connect(_forget, sender=PluginState,
                        dispatch_uid="themes.forget.plugins.delete")
    for model in (InstitutionPage, RepresentationPage):
        post_save.connect(_organisation_saved, sender=model,
                          dispatch_uid=f"themes.web_team.{model.__name__}")
    post_migrate.connect(ensure_all_web_teams, sender=app_config,
                         dispatch_uid="themes.web_teams")
