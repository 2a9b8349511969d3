from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    """Signed notifications to the organisations' own systems (docs/webhooks.md)."""

    name = "cms.webhooks"
    label = "webhooks"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Webhooks"
