"""The site's name as visitors see it: one per page language."""

from django.conf import settings
from django.utils import translation


def site_name(language: str | None = None) -> str:
    """The name in ``language`` (default: the active one) from HUB_SITE_NAMES,
    else WAGTAIL_SITE_NAME (which the admin keeps showing)."""
    code = (language or translation.get_language() or settings.LANGUAGE_CODE)[:2]
    names = getattr(settings, "HUB_SITE_NAMES", {})
    return names.get(code) or settings.WAGTAIL_SITE_NAME
