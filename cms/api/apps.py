from django.apps import AppConfig


class HubApiConfig(AppConfig):
    """The read API. Its app keeps the migrations of the content generation
    table, whose model now lives in cms.core (cms/core/generation.py)."""

    name = "cms.api"
    label = "hub_api"
    verbose_name = "Public read API"
