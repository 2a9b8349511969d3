"""/embed/: mounted by plugins/mount.py (HubPluginMeta.urls of the widgets
plugin), outside the language prefixes; 404 while the plugin is disabled."""

from django.urls import path, re_path

from . import views

app_name = "hub_widgets"
urlpatterns = [
    path("v1/widgets.js", views.widgets_js, name="script"),
    path("v1/types/<slug:element>.js", views.type_script_js, name="type-script"),
    path("v1/theme.css", views.default_theme_css, name="default-theme"),
    path("v1/themes/<slug:name>.css", views.theme_css, name="theme"),
    re_path(r"^(?P<rest>.*)$", views.not_found, name="not-found"),
]
