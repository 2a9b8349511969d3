from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    """Signed notifications to the organisations' own systems (docs/webhooks.md)."""

    name = "cms.webhooks"
    label = "webhooks"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Webhooks"

    def ready(self) -> None:
        from plugins.signals import register_periodic_tasks

        from . import changes  # noqa: F401 - connects the page signals
        from .tasks import periodic_tasks

        register_periodic_tasks.connect(periodic_tasks, dispatch_uid="hub_webhooks")
