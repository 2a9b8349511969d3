"""Admin: the widget builder (menu item "Widget builder"), shown while the
plugin is enabled."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from plugins.admin import PluginMenuItem, admin_urls

from .builder import WidgetBuilderView
from .views import APP_LABEL


@hooks.register("register_admin_urls")
def widget_builder_urls():
    return admin_urls(APP_LABEL, [path("widget-builder/", WidgetBuilderView.as_view(),
                                       name="hub_widgets_builder")])


@hooks.register("register_admin_menu_item")
def widget_builder_menu_item():
    return PluginMenuItem(APP_LABEL, _("Widget builder"), reverse("hub_widgets_builder"),
                          name="widget-builder", icon_name="code", order=850)
