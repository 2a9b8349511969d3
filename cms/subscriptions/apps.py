from django.apps import AppConfig


class SubscriptionsConfig(AppConfig):
    """Visitors' e-mail digests of new events (docs/subscriptions.md)."""

    name = "cms.subscriptions"
    label = "subscriptions"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Subscriptions"
