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
"""

from __future__ import annotations

from dataclasses import dataclass

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import Version

import cms

REQUIRED = ("name", "version", "author", "description", "compatibility")


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


class PluginMetaError(ValueError):
    pass


def hub_version() -> Version:
    return Version(cms.__version__)


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
            f"{cms.__version__}. Install a version of the plugin made for it.")
    return PluginMeta(
        app_label=app_label, module=module, name=str(meta.name),
        version=str(meta.version), author=str(meta.author),
        description=str(meta.description), compatibility=str(meta.compatibility),
        default_enabled=bool(getattr(meta, "default_enabled", False)),
        builtin=module.startswith("plugins."),
    )
