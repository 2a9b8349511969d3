"""`manage.py check` (and every start-up) reports plugins that were left out
or whose metadata is wrong."""

from django.apps import apps
from django.core import checks

from .metadata import PluginMetaError, read_meta
from .registry import problems


@checks.register()
def plugin_problems(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    found = [
        checks.Warning(problem.message, obj=problem.entry_point,
                       hint="Fix or uninstall the plugin; the hub runs without it.",
                       id="hub_plugins.W001")
        for problem in problems()
    ]
    for config in apps.get_app_configs():
        if hasattr(type(config), "HubPluginMeta"):
            try:
                read_meta(type(config), config.label, config.name)
            except PluginMetaError as error:
                found.append(checks.Error(str(error), obj=config.name,
                                          id="hub_plugins.E001"))
    return found
