from django.apps import AppConfig


class InstitutionsConfig(AppConfig):
    name = "cms.institutions"
    label = "institutions"
    verbose_name = "Institutions, representations and disciplines"

    def ready(self) -> None:
        from . import signals, visibility  # noqa: F401
