"""/embed/ (mounted in cms/urls.py outside the language prefixes)."""

from django.urls import path, re_path

from . import views

app_name = "hub_widgets"
urlpatterns = [
    path("v1/widgets.js", views.widgets_js, name="script"),
    path("v1/theme.css", views.default_theme_css, name="default-theme"),
    path("v1/themes/<slug:name>.css", views.theme_css, name="theme"),
    re_path(r"^(?P<rest>.*)$", views.not_found, name="not-found"),
]
