"""What a plugin says about itself.

A plugin is a Django app whose AppConfig has an inner ``HubPluginMeta`` class
(the same convention for built-in and third-party plugins)::

    class CsvExportApp(AppConfig):
        name = "hub_csv_export"

        class HubPluginMeta:
            name = "CSV export"
            version = "1.0.0"
            author = "Example University"
            description = "Download events as CSV."
            compatibility = ">=0.1,<1"     # hub versions (PEP 440 specifier)
            default_enabled = False         # third-party plugins start disabled
            urls = "hub_csv_export.urls"    # optional: mounted by plugins/mount.py
            url_prefix = "plugins/hub_csv_export/"  # optional; this is the default
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import Version

from cms.core.version import HUB_VERSION

REQUIRED = ("name", "version", "author", "description", "compatibility")
PREFIX = re.compile(r"^[a-z0-9][a-z0-9_-]*/([a-z0-9][a-z0-9_-]*/)*$")
# First path segments the hub answers itself: a plugin cannot take them over.
RESERVED = frozenset({
    "admin", "api", "documents", "events", "export", "feeds", "i18n", "oembed",
    "healthz", "readyz", "metrics", "theme-css", "static", "media", "search",
    "themes", "nl", "en", "fr", "de",
})


@dataclass(frozen=True)
class PluginMeta:
    app_label: str
    module: str
    name: str
    version: str
    author: str
    description: str
    compatibility: str
    default_enabled: bool = False
    builtin: bool = False
    urls: str = ""  # module of the plugin's URLconf, mounted under url_prefix
    url_prefix: str = ""


class PluginMetaError(ValueError):
    pass


def hub_version() -> Version:
    return Version(HUB_VERSION)


def read_meta(app_config_class: type, app_label: str, module: str) -> PluginMeta:
    """The metadata of an AppConfig class; PluginMetaError when it is missing,
    incomplete or declares a hub version range this hub is not in."""
    meta = getattr(app_config_class, "HubPluginMeta", None)
    if meta is None:
        raise PluginMetaError(f"{module}: the AppConfig has no HubPluginMeta class.")
    missing = [key for key in REQUIRED if not getattr(meta, key, "")]
    if missing:
        raise PluginMetaError(
            f"{module}: HubPluginMeta lacks {', '.join(missing)}.")
    try:
        compatible = hub_version() in SpecifierSet(meta.compatibility)
    except InvalidSpecifier:
        raise PluginMetaError(
            f"{module}: compatibility {meta.compatibility!r} is not a version "
            "specifier such as '>=0.1,<1'.") from None
    if not compatible:
        raise PluginMetaError(
            f"{module} {meta.version} needs hub {meta.compatibility}; this hub is "
            f"{HUB_VERSION}. Install a version of the plugin made for it.")
    urls, prefix = _urls(meta, app_label, module)
    return PluginMeta(
        app_label=app_label, module=module, name=str(meta.name),
        version=str(meta.version), author=str(meta.author),
        description=str(meta.description), compatibility=str(meta.compatibility),
        default_enabled=bool(getattr(meta, "default_enabled", False)),
        builtin=module.startswith("plugins."), urls=urls, url_prefix=prefix,
    )


def _urls(meta: type, app_label: str, module: str) -> tuple[str, str]:
    """The URLconf module and its prefix; ("", "") without one."""
    urls = str(getattr(meta, "urls", "") or "")
    if not urls:
        return "", ""
    prefix = str(getattr(meta, "url_prefix", "") or f"plugins/{app_label}/")
    if not PREFIX.match(prefix):
        raise PluginMetaError(
            f"{module}: url_prefix {prefix!r} must be a path such as "
            f"'plugins/{app_label}/' (lower-case segments, ending in '/').")
    if prefix.split("/", 1)[0] in RESERVED:
        raise PluginMetaError(
            f"{module}: url_prefix {prefix!r} is a path of the hub itself; leave it "
            f"out to get 'plugins/{app_label}/'.")
    return urls, prefix
