from django.apps import AppConfig


class ExpertiseConfig(AppConfig):
    name = "cms.expertise"
    label = "expertise"
    verbose_name = "Research expertise"

    def ready(self) -> None:
        from . import catalogue_type  # noqa: F401 - registers the type
