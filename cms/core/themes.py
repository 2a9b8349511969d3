"""The themes an organisation may choose as its default widget theme.

Themes are a service (themes/), above the content apps; an organisation's
page still has to offer and check its choice. The themes app installs its
provider here in its ready() (:func:`install_theme_choices`), so the content
apps ask the kernel and never import themes. Without a provider there is no
theme to choose.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db.models import Model

ThemeChoices = Callable[[str | None], list[tuple[str, str]]]
_provider: list[ThemeChoices] = []


def install_theme_choices(provider: ThemeChoices) -> None:
    """``provider(owner)`` returns (name, label) of the themes the organisation
    whose translation key is ``owner`` may choose (None: any organisation)."""
    _provider[:] = [provider]


def theme_choices(owner: str | None = None) -> list[tuple[str, str]]:
    """(name, label) of the themes the organisation ``owner`` (translation
    key) may choose: built-in and plugin themes, and its own custom themes."""
    return _provider[0](owner) if _provider else []


def validate_default_theme(page: Model) -> None:
    """An organisation's default_theme must name a theme it may use (built-in,
    plugin, or its own published custom theme). A value the organisation
    already has (stored before themes were validated, or a plugin theme since
    switched off) is kept: it renders in the hub's default theme until an
    editor picks another one, so existing pages and translations still save."""
    name = page.default_theme
    if not name:
        return
    choices = dict(theme_choices(page.translation_key))
    if name in choices:
        return
    if type(page).objects.filter(translation_key=page.translation_key,
                                 default_theme=name).exists():
        return
    raise ValidationError({"default_theme": (
        f"{name!r} is not a theme this organisation can use; choose one of: "
        f"{', '.join(sorted(choices))}.")})
