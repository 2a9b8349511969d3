from django.apps import AppConfig
from django.core import checks


class FlandersHubEmbedConfig(AppConfig):
    name = "flanders_hub_embed"
    label = "flanders_hub_embed"
    verbose_name = "Flanders Academic Hub"

    def ready(self) -> None:
        from .checks import flanders_hub_settings

        checks.register(flanders_hub_settings)
