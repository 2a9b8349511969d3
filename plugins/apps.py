from django.apps import AppConfig


class PluginsConfig(AppConfig):
    name = "plugins"
    label = "hub_plugins"
    verbose_name = "Plugins"

    def ready(self) -> None:
        from cms.core.generation import connect_public_content
        from cms.core.signals import generation_seen

        from . import checks  # noqa: F401  (registers the system checks)
        from .models import PluginState
        from .registry import generation_seen_receiver
        from .signals import register_periodic_tasks
        from .tasks import periodic_tasks

        # A plugin switched on or off changes widget types, API fields and
        # URLs: a new content generation, which every worker notices.
        connect_public_content((PluginState,))
        generation_seen.connect(generation_seen_receiver,
                                dispatch_uid="hub_plugins.generation_seen")

        # Runs of importers queued in the admin (plugins/tasks.py).
        register_periodic_tasks.connect(periodic_tasks,
                                        dispatch_uid="hub_plugins.import_runs")
