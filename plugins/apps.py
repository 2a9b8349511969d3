from django.apps import AppConfig


class PluginsConfig(AppConfig):
    name = "plugins"
    label = "hub_plugins"
    verbose_name = "Plugins"
