"""Themes: design tokens that become CSS custom properties for the hub's
pages and the embeddable widgets (docs/themes.md)."""
from django.apps import AppConfig


class ThemesConfig(AppConfig):
    name = "themes"
    label = "themes"
    verbose_name = "Themes"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from .signals import connect

        connect(self)
