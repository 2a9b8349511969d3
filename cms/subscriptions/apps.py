from django.apps import AppConfig


class SubscriptionsConfig(AppConfig):
    """Visitors' e-mail digests of new events (docs/subscriptions.md)."""

    name = "cms.subscriptions"
    label = "subscriptions"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Subscriptions"

    def ready(self) -> None:
        from plugins.signals import register_periodic_tasks

        from .tasks import periodic_tasks

        register_periodic_tasks.connect(periodic_tasks,
                                        dispatch_uid="subscriptions.periodic")
