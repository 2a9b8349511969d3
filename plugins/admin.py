"""A plugin's admin screens, switched off with the plugin in one place (as
its public URLs are, plugins/mount.py): the admin URLs answer 404 and the
menu item is hidden while the plugin is disabled, so no view checks the
switch itself."""

from __future__ import annotations

from functools import wraps

from django.http import Http404
from django.urls import URLPattern, URLResolver
from wagtail.admin.menu import MenuItem

from . import registry


def only_while_enabled(plugin: str, view):
    @wraps(view)
    def gated(request, *args, **kwargs):
        if not registry.is_enabled(plugin):
            # answered as is, not redirected to /nl/admin/...
            # (cms.core.middleware.LanguageFreeNotFoundMiddleware)
            raise Http404(f"The plugin {plugin} is disabled on this hub.")
        return view(request, *args, **kwargs)
    return gated


def admin_urls(plugin: str, patterns: list) -> list:
    """The URL patterns of a plugin's admin screens (``register_admin_urls``
    or a viewset's ``get_urlpatterns()``), each answering 404 while the
    plugin is disabled."""
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback = only_while_enabled(plugin, pattern.callback)
        elif isinstance(pattern, URLResolver):
            admin_urls(plugin, pattern.url_patterns)
    return patterns


class PluginMenuItem(MenuItem):
    """A menu item of a plugin's admin screen, shown while it is enabled."""

    def __init__(self, plugin: str, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.plugin = plugin

    def is_shown(self, request) -> bool:
        return registry.is_enabled(self.plugin) and super().is_shown(request)


def plugin_menu_item_class(plugin: str, base: type[MenuItem]) -> type[MenuItem]:
    """A viewset's menu item class, hidden while the plugin is disabled."""

    def is_shown(item, request) -> bool:
        return registry.is_enabled(plugin) and base.is_shown(item, request)

    return type(f"{base.__name__}While{plugin.title()}", (base,), {"is_shown": is_shown})
