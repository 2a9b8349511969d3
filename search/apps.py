from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    label = "hub_search"
    verbose_name = "Search"

    def ready(self) -> None:
        from plugins.signals import register_periodic_tasks

        from . import signals  # noqa: F401
        from .tasks import periodic_tasks

        register_periodic_tasks.connect(periodic_tasks, dispatch_uid="hub_search")
