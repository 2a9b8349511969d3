"""The Themes admin's listing: the organisation's custom themes (the snippet
listing) and, below them, the themes the hub ships and its plugins add, which
every organisation may use but nobody edits here, with a link to the
gallery that shows them all."""

from __future__ import annotations

from django.urls import reverse
from wagtail.snippets.views.snippets import IndexView

from .registry import Theme, available_themes


def installed_themes() -> list[Theme]:
    """The built-in and plugin themes, by label."""
    return sorted((theme for theme in available_themes().values()
                   if theme.source != "custom"), key=lambda theme: theme.label.lower())


class ThemeIndexView(IndexView):
    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        context["installed_themes"] = [
            {"theme": theme, "sample_url": reverse("theme-sample", args=[theme.name])}
            for theme in installed_themes()]
        context["gallery_url"] = reverse("theme-gallery")
        return context
