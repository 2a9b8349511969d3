from django.apps import AppConfig


class FeedsConfig(AppConfig):
    name = "cms.feeds"
    label = "hub_feeds"
    verbose_name = "Calendar and news feeds"
