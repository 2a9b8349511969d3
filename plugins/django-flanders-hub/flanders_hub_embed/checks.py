"""`manage.py check` tells the site's developers about a wrong FLANDERS_HUB
setting; at render time the tags only log it (a page must not break).
Registered by the app's ready(), not on import."""

from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from .conf import DEFAULTS, get_settings, unknown_keys


def flanders_hub_settings(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    messages: list[checks.CheckMessage] = []
    try:
        conf = get_settings()
    except ImproperlyConfigured as error:
        conf = None
        messages.append(checks.Error(
            str(error), id="flanders_hub_embed.E001",
            hint='FLANDERS_HUB = {"URL": "https://hub.example"}'))
    if conf and not conf.webhook_secret and _receiver_mounted():
        messages.append(checks.Warning(
            "The webhook receiver is in the URLconf but FLANDERS_HUB has no "
            "WEBHOOK_SECRET: it refuses every delivery (503).",
            id="flanders_hub_embed.W002",
            hint="The secret is shown once when the endpoint is registered on the hub."))
    if unknown := unknown_keys():
        messages.append(checks.Warning(
            f"Unknown FLANDERS_HUB keys (ignored): {', '.join(unknown)}.",
            id="flanders_hub_embed.W001", hint=f"Known: {', '.join(DEFAULTS)}."))
    return messages


def _receiver_mounted() -> bool:
    try:
        reverse("flanders_hub_embed:webhook")
    except Exception:  # noqa: BLE001 - not mounted; a broken URLconf is Django's check
        return False
    return True
