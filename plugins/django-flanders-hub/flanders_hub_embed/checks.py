"""`manage.py check` tells the site's developers about a wrong FLANDERS_HUB
setting; at render time the tags only log it (a page must not break).
Registered by the app's ready(), not on import."""

from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from .conf import DEFAULTS, get_settings, unknown_keys


def flanders_hub_settings(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    messages: list[checks.CheckMessage] = []
    try:
        get_settings()
    except ImproperlyConfigured as error:
        messages.append(checks.Error(
            str(error), id="flanders_hub_embed.E001",
            hint='FLANDERS_HUB = {"URL": "https://hub.example"}'))
    if unknown := unknown_keys():
        messages.append(checks.Warning(
            f"Unknown FLANDERS_HUB keys (ignored): {', '.join(unknown)}.",
            id="flanders_hub_embed.W001", hint=f"Known: {', '.join(DEFAULTS)}."))
    return messages
