"""The `FLANDERS_HUB` setting, read on every use so that tests and
`override_settings` see changes."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import translation

LANGUAGES = ("nl", "en", "fr", "de")

DEFAULTS = {
    "URL": "",
    "TIMEOUT": 3,
    "CACHE_SECONDS": 300,
    # Last good answers outlive freshness by far: they are what visitors see
    # while the hub is down. None keeps them until the cache evicts them.
    "STALE_SECONDS": 30 * 24 * 3600,
    # After a failure the hub is left alone for this long, so that a down hub
    # costs the host site one timeout, not one per page view.
    "RETRY_SECONDS": 30,
    "LANG": None,
    "THEME": "",
    "WIDGET": False,
    "CACHE": "default",
    # The secret of the hub's webhook endpoint for this site ("whsec_..."):
    # the receiver (flanders_hub_embed.urls) refuses every delivery without it.
    "WEBHOOK_SECRET": "",
}


@dataclass(frozen=True)
class HubSettings:
    url: str
    timeout: float
    cache_seconds: int
    stale_seconds: int | None
    retry_seconds: int
    lang: str | None
    theme: str
    widget: bool
    cache: str
    webhook_secret: str = ""

    def language(self, requested: str = "") -> str:
        """The tag's `lang`, else the setting, else the active language of
        the host page when the hub has it, else English."""
        for candidate in (requested, self.lang or "", translation.get_language() or ""):
            code = candidate.lower().split("-")[0].split("_")[0]
            if code in LANGUAGES:
                return code
        return "en"


def hub_url(value: object) -> str:
    """The hub's base address: http(s), no query or fragment, no trailing slash."""
    url = str(value or "").strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ImproperlyConfigured(
            "FLANDERS_HUB['URL'] must be the hub's http(s) address, "
            f"e.g. https://hub.example (got {value!r}).")
    if parts.query or parts.fragment:
        raise ImproperlyConfigured("FLANDERS_HUB['URL'] must not have a query.")
    return url


def unknown_keys() -> list[str]:
    return sorted(set(getattr(settings, "FLANDERS_HUB", None) or {}) - set(DEFAULTS))


def get_settings() -> HubSettings:
    """The validated settings; ImproperlyConfigured names what is wrong."""
    given = getattr(settings, "FLANDERS_HUB", None) or {}
    values = {**DEFAULTS, **given}  # unknown keys: a warning of the checks
    try:
        timeout = float(values["TIMEOUT"])
        cache_seconds = int(values["CACHE_SECONDS"])
        retry_seconds = int(values["RETRY_SECONDS"])
        stale = values["STALE_SECONDS"]
        stale_seconds = None if stale is None else int(stale)
    except (TypeError, ValueError) as error:
        raise ImproperlyConfigured(f"FLANDERS_HUB: {error}") from None
    if timeout <= 0 or cache_seconds < 0 or retry_seconds < 0:
        raise ImproperlyConfigured(
            "FLANDERS_HUB: TIMEOUT must be positive, CACHE_SECONDS and "
            "RETRY_SECONDS zero or more.")
    lang = values["LANG"] or None
    if lang is not None and lang not in LANGUAGES:
        raise ImproperlyConfigured(
            f"FLANDERS_HUB['LANG'] must be one of {', '.join(LANGUAGES)} or None.")
    secret = values["WEBHOOK_SECRET"] or ""
    if not isinstance(secret, str):
        raise ImproperlyConfigured("FLANDERS_HUB['WEBHOOK_SECRET'] must be a string.")
    return HubSettings(
        url=hub_url(values["URL"]), timeout=timeout, cache_seconds=cache_seconds,
        stale_seconds=stale_seconds, retry_seconds=retry_seconds, lang=lang,
        theme=str(values["THEME"] or ""), widget=bool(values["WIDGET"]),
        cache=str(values["CACHE"]), webhook_secret=secret.strip(),
    )
