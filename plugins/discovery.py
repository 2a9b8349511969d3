"""Finding the installed plugins, before Django starts.

Third-party plugins announce themselves with a Python entry point in the group
``flanders_hub.plugins``; the value is the module of the Django app::

    [project.entry-points."flanders_hub.plugins"]
    csv_export = "hub_csv_export"

The settings call :func:`discover` and add the apps it returns to
INSTALLED_APPS. A plugin that fails to import, has no metadata or declares an
incompatible hub version is left out and reported (log, ``manage.py check``,
the admin's Plugins page) instead of taking the hub down.
"""

from __future__ import annotations

import importlib
import inspect
import logging
import traceback
from dataclasses import dataclass, field
from importlib.metadata import entry_points

from django.apps import AppConfig

from .metadata import PluginMetaError, read_meta

ENTRY_POINT_GROUP = "flanders_hub.plugins"
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PluginProblem:
    entry_point: str
    module: str
    message: str
    detail: str = ""


@dataclass
class Discovery:
    apps: list[str] = field(default_factory=list)
    problems: list[PluginProblem] = field(default_factory=list)


def plugin_app_config(module: str):
    """The AppConfig class of a plugin module (``<module>.apps``)."""
    apps_module = importlib.import_module(f"{module}.apps")
    found = [cls for _name, cls in inspect.getmembers(apps_module, inspect.isclass)
             if issubclass(cls, AppConfig) and cls is not AppConfig
             and getattr(cls, "name", None) == module]
    if not found:
        raise PluginMetaError(f"{module}.apps defines no AppConfig for {module}.")
    return found[0]


def discover(group: str = ENTRY_POINT_GROUP) -> Discovery:
    result = Discovery()
    for entry_point in sorted(entry_points(group=group), key=lambda e: e.name):
        module = entry_point.value.split(":")[0].strip()
        try:
            importlib.import_module(module)
            config = plugin_app_config(module)
            read_meta(config, getattr(config, "label", "") or module.rpartition(".")[2],
                      module)
        except PluginMetaError as error:
            result.problems.append(PluginProblem(entry_point.name, module, str(error)))
            continue
        except Exception as error:  # noqa: BLE001 - any import failure is reported
            result.problems.append(PluginProblem(
                entry_point.name, module,
                f"{module} cannot be imported: {type(error).__name__}: {error}",
                traceback.format_exc(limit=5)))
            continue
        if module not in result.apps:
            result.apps.append(module)
    for problem in result.problems:
        logger.error("Plugin %s left out: %s", problem.entry_point, problem.message)
    return result
