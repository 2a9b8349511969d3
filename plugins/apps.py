from django.apps import AppConfig


class PluginsConfig(AppConfig):
    name = "plugins"
    label = "hub_plugins"
    verbose_name = "Plugins"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the system checks)
        from .signals import register_periodic_tasks
        from .tasks import periodic_tasks

        # Runs of importers queued in the admin (plugins/tasks.py).
        register_periodic_tasks.connect(periodic_tasks,
                                        dispatch_uid="hub_plugins.import_runs")
