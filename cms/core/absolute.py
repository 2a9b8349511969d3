"""Absolute URLs: the one place that decides the hub's scheme and host.

Pages, the read API, feeds, oEmbed, JSON-LD and the widget builder all build
their absolute links here, so they agree. ``HUB_BASE_URL`` (e.g.
``https://hub.example.org``, no path) wins whenever it is set: behind a proxy
the request's own host and scheme are whatever the proxy sent, and a cached
answer must not carry another client's view of them. Without it (tests, a
bare ``runserver``) the request decides, and without a request
``WAGTAILADMIN_BASE_URL`` does.

Wagtail's ``Page.get_full_url`` reads the Site record instead; the record is
kept in step with ``HUB_BASE_URL`` (:func:`sync_site_record`) so Wagtail's own
absolute URLs (sitemaps, admin previews, the v2 API) match."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest
from wagtail.models import Site


def configured_base_url() -> str:
    """``HUB_BASE_URL`` without a trailing slash, or "" when it is not set."""
    return (getattr(settings, "HUB_BASE_URL", "") or "").strip().rstrip("/")


def base_url(request: HttpRequest | None = None) -> str:
    """``scheme://host[:port]`` of the hub, without a trailing slash."""
    configured = configured_base_url()
    if configured:
        return configured
    if request is not None:
        return f"{request.scheme}://{request.get_host()}"
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def absolute_url(path: str, request: HttpRequest | None = None) -> str:
    """``path`` (a path, with or without a query) on the hub's base URL; an
    already absolute http(s) URL (e.g. a file on a storage service) is kept."""
    if not path:
        return ""
    if path.startswith(("http://", "https://")):
        return path
    if path.startswith("//"):  # scheme-relative: a storage or CDN host
        return f"{urlsplit(base_url(request)).scheme}:{path}"
    return base_url(request) + ("" if path.startswith("/") else "/") + path


def page_url(page, request: HttpRequest | None = None) -> str:
    """The absolute URL of a Wagtail page, or "" when it has none (not
    routable, or outside every site)."""
    parts = page.get_url_parts(request)
    if parts is None:
        return ""
    _site_id, _root_url, path = parts
    return absolute_url(path, request) if path else ""


def current_url(request: HttpRequest) -> str:
    """The absolute URL of the request itself, query string included."""
    return absolute_url(request.get_full_path(), request)


def sync_site_record(**kwargs) -> None:
    """Point the default Wagtail Site at ``HUB_BASE_URL`` (hostname and port),
    so Wagtail's own absolute URLs agree with the hub's. Run after every
    ``migrate`` (the demo and deployments run it at start) and by
    ``ensure_site_tree``; one query when nothing changed, none without
    ``HUB_BASE_URL``."""
    configured = configured_base_url()
    if not configured:
        return
    parts = urlsplit(configured)
    if not parts.hostname:
        return
    port = parts.port or (443 if parts.scheme == "https" else 80)
    sites = Site.objects.using(kwargs.get("using") or "default")
    try:
        site = sites.filter(is_default_site=True).first()
    except DatabaseError:  # wagtailcore not migrated yet
        return
    if site is None or (site.hostname, site.port) == (parts.hostname, port):
        return
    site.hostname, site.port = parts.hostname, port
    site.save(update_fields=["hostname", "port"], using=sites.db)
