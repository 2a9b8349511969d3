from django.apps import AppConfig


class HubApiConfig(AppConfig):
    name = "cms.api"
    label = "hub_api"
    verbose_name = "Public read API"

    def ready(self) -> None:
        from . import cache  # connects the invalidation signals

        cache.connect_other_public_content()
