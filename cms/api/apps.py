from django.apps import AppConfig


class HubApiConfig(AppConfig):
    """The read and write APIs. The app also keeps the migrations of the
    content generation table, whose model now lives in cms.core
    (cms/core/generation.py)."""

    name = "cms.api"
    label = "hub_api"
    verbose_name = "Public API"

    def ready(self) -> None:
        from django.contrib.auth import get_user_model
        from django.db.models.signals import pre_save

        from .write.signals import keep_token_users_passwordless

        pre_save.connect(keep_token_users_passwordless, sender=get_user_model(),
                         dispatch_uid="hub_api_token_users_passwordless")
