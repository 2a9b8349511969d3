import logging

from django.apps import AppConfig
from django.conf import settings


class OperationsConfig(AppConfig):
    name = "cms.operations"
    label = "operations"
    verbose_name = "Operations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.core.signals import request_finished
        from django_tasks.signals import task_finished

        from plugins.signals import register_periodic_tasks

        from . import checks  # noqa: F401 - registers the system checks
        from .logs import forget_request_id
        from .metrics import count_finished_task
        from .tasks import hub_periodic_tasks

        task_finished.connect(count_finished_task, dispatch_uid="operations.tasks")
        request_finished.connect(forget_request_id, dispatch_uid="operations.request_id")
        register_periodic_tasks.connect(hub_periodic_tasks,
                                        dispatch_uid="operations.periodic")
        if getattr(settings, "HUB_SHARED_CACHE", None) is False:
            logging.getLogger(__name__).warning(
                "No REDIS_URL: the cache and the API rate limit are per process "
                "(docs/operations.md, Redis).")
