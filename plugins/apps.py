from django.apps import AppConfig


class PluginsConfig(AppConfig):
    name = "plugins"
    label = "hub_plugins"
    verbose_name = "Plugins"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the system checks)
