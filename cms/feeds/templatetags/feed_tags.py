"""Links to the public feeds (/feeds/…) with a page's current filters."""

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from cms.core.absolute import absolute_url
from cms.feeds.common import with_query

register = template.Library()


@register.simple_tag(takes_context=True)
def feed_url(context, name: str, filters: dict | None = None, scheme: str = "",
             **extra: str) -> str:
    """Absolute URL of the feed ``name`` for ``filters`` (plus keyword
    filters) in the page's language; ``scheme="webcal"`` gives the link that
    calendar applications subscribe to."""
    language = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
    query = {k: str(v) for k, v in {**(filters or {}), **extra}.items() if v}
    path = with_query(reverse(name), {**query, "lang": language})
    request = context.get("request")
    url = absolute_url(path, request)
    if scheme == "webcal" and "://" in url:
        url = "webcal://" + url.split("://", 1)[1]
    return url
