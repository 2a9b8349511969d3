"""The theme of the hub's own pages as an external stylesheet.

The Content-Security-Policy of public pages allows no inline style, so a
page links its theme: ``/theme-css/<name>/<digest>.css``, where the digest
is a hash of the CSS itself. The URL changes whenever the theme does (a
custom theme published in the admin, a new version of a built-in one), so
the stylesheet is cached for a year as immutable, and a page cached whole
keeps pointing at the CSS it was rendered with.

Rendered stylesheets are kept in the shared cache (Redis in production) by
digest: any worker answers for a digest another worker wrote into a page,
even before its own theme registry has seen the change.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.urls import reverse

from .registry import OVERRIDE_SCOPES, Theme, available_themes, get_theme

# The content block of a hub page (<main id="main">): where an organisation's
# theme applies. The frame around it keeps the hub's own theme.
BLOCK = OVERRIDE_SCOPES[":root"]
CACHE_PREFIX = "hub_theme_css:"
CACHE_SECONDS = 7 * 24 * 3600
GALLERY = "_gallery"  # cannot be a theme name (they start with a letter)
_stored: set[str] = set()  # digests this process has put in the cache


def page_css(theme: Theme) -> str:
    """The CSS of a hub page shown in ``theme``. The hub's own theme is on
    :root, so the header, navigation and footer always look like the hub;
    an organisation's theme colours only its content block (BLOCK): visitors
    see they are still on the hub (docs/themes.md "The hub's frame")."""
    hub = get_theme(None)
    if theme.name == hub.name:
        return theme.stylesheet(":root")
    return "\n".join((hub.stylesheet(":root", overrides=False),
                      theme.stylesheet(BLOCK)))


def is_hub_theme(theme: Theme) -> bool:
    """Whether a page in ``theme`` looks like the hub everywhere."""
    return theme.name == get_theme(None).name


def gallery_css(themes: list[Theme] | None = None) -> str:
    """Every theme's tokens on its own backdrop in the public gallery."""
    if themes is None:
        themes = list(available_themes().values())
    return "\n".join(theme.stylesheet(f'[data-theme-backdrop="{theme.name}"]',
                                      overrides=False) for theme in themes)


def digest(css: str) -> str:
    return hashlib.sha256(css.encode("utf-8")).hexdigest()[:20]


def remember(css: str) -> str:
    """Keep ``css`` under its digest in the shared cache; returns the digest."""
    key = digest(css)
    if key not in _stored:
        cache.set(CACHE_PREFIX + key, css, CACHE_SECONDS)
        _stored.add(key)
    return key


def recall(key: str) -> str | None:
    return cache.get(CACHE_PREFIX + key)


def stylesheet_url(name: str, css: str) -> str:
    return reverse("theme-page-css", kwargs={"name": name, "digest": remember(css)})


def current_css(name: str) -> str | None:
    """What ``name`` looks like now (None: no such theme)."""
    if name == GALLERY:
        return gallery_css()
    theme = available_themes().get(name)
    return None if theme is None else page_css(theme)
