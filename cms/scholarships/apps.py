from django.apps import AppConfig


class ScholarshipsConfig(AppConfig):
    name = "cms.scholarships"
    label = "scholarships"
    verbose_name = "Scholarships"

    def ready(self) -> None:
        from . import catalogue_type  # noqa: F401 - registers the type
