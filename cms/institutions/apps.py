from django.apps import AppConfig


class InstitutionsConfig(AppConfig):
    name = "cms.institutions"
    label = "institutions"
    verbose_name = "Institutions, representations and disciplines"

    def ready(self) -> None:
        from cms.core.generation import connect_public_content

        from . import catalogue_type, signals, visibility  # noqa: F401
        from .models import Discipline

        # Discipline labels (snippets) show in public pages and answers.
        connect_public_content((Discipline,))
