from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    name = "cms.editorial"
    label = "editorial"
    verbose_name = _("Editorial pages")

    def load_demo_data(self) -> str:
        """The demo's editorial pages: ``manage.py load_demo_data`` calls the
        ``load_demo_data()`` of every app that has one. Returns a summary."""
        from .demo_content import load_editorial_demo  # models are ready now

        return load_editorial_demo()
