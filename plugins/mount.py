"""Plugins' own URLs, mounted in one place and switched off with the plugin.

A plugin names its URLconf in ``HubPluginMeta.urls`` (and may choose
``url_prefix``, default ``plugins/<app label>/``); cms/urls.py adds
:func:`plugin_urlpatterns` once. Each plugin's URLs sit behind a
:class:`PluginResolver`: while the plugin is disabled every path under its
prefix that its URLconf knows answers a JSON 404 (with CORS, since plugin
URLs are often fetched by widgets on other sites). Views never check whether
their plugin is enabled themselves.
"""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse
from django.urls import URLResolver, include, re_path
from django.urls.resolvers import ResolverMatch, RoutePattern

from cms.core.http import allow_any_origin, json_error

from . import registry

logger = logging.getLogger(__name__)


def not_found(message: str) -> HttpResponse:
    """The JSON 404 of the public endpoints; being resolved, it is not
    redirected to /<language>/plugins/... (cms.core.middleware)."""
    response = allow_any_origin(json_error(404, "not_found", message))
    response["Cache-Control"] = "no-cache"
    return response


def disabled(request: HttpRequest, *args, plugin: str = "", **kwargs) -> HttpResponse:
    return not_found(f"The plugin {plugin} is disabled on this hub.")


disabled.csrf_exempt = True  # a POST to a disabled plugin is a 404, not a 403


class PluginResolver(URLResolver):
    """A URLResolver that answers :func:`disabled` instead of the plugin's
    view while the plugin is switched off."""

    def __init__(self, *args, plugin: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.plugin = plugin

    def resolve(self, path: str) -> ResolverMatch:
        match = super().resolve(path)  # Resolver404 when the plugin has no such URL
        if registry.is_enabled(self.plugin):
            return match
        return ResolverMatch(disabled, (), {"plugin": self.plugin},
                             url_name=match.url_name, app_names=match.app_names,
                             namespaces=match.namespaces, route=match.route,
                             captured_kwargs={}, extra_kwargs={"plugin": self.plugin})


def plugin_resolver(label: str, urls: str, prefix: str) -> PluginResolver:
    urlconf, app_name, namespace = include(urls)
    return PluginResolver(RoutePattern(prefix), urlconf, app_name=app_name,
                          namespace=namespace, plugin=label)


def unknown(request: HttpRequest, rest: str = "") -> HttpResponse:
    return not_found(f"Nothing at /plugins/{rest}.")


unknown.csrf_exempt = True


def plugin_urlpatterns() -> list:
    """One resolver per installed plugin with URLs (enabled or not: switching
    a plugin must not need a restart). A plugin whose URLconf cannot be
    imported, or whose prefix another plugin took first, is logged and left
    without URLs; the hub starts anyway."""
    patterns, taken = [], {}
    for label, meta in sorted(registry.installed_plugins().items()):
        if not meta.urls:
            continue
        if meta.url_prefix in taken:
            logger.error("Plugin %s: url_prefix %r is taken by %s; its URLs are "
                         "not mounted.", label, meta.url_prefix, taken[meta.url_prefix])
            continue
        try:
            patterns.append(plugin_resolver(label, meta.urls, meta.url_prefix))
        except Exception:  # noqa: BLE001 - a broken plugin must not stop the hub
            logger.exception("Plugin %s: its URLconf %s cannot be loaded.", label,
                             meta.urls)
            continue
        taken[meta.url_prefix] = label
    # Anything else under /plugins/ (an unknown or uninstalled plugin): a JSON
    # 404 rather than a redirect to a page of the site.
    patterns.append(re_path(r"^plugins/(?P<rest>.*)$", unknown, name="hub-plugins-unknown"))
    return patterns
