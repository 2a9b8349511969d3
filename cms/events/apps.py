from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "cms.events"
    label = "events"
    verbose_name = "Outreach events"

    def ready(self) -> None:
        from . import catalogue_type  # noqa: F401 - registers the type
