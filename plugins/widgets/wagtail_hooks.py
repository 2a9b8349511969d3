"""Admin: the widget builder (menu item "Widget builder"), shown while the
plugin is enabled."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from plugins import registry

from .builder import WidgetBuilderView
from .views import APP_LABEL


class WidgetBuilderMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return registry.is_enabled(APP_LABEL)


@hooks.register("register_admin_urls")
def widget_builder_urls():
    return [path("widget-builder/", WidgetBuilderView.as_view(),
                 name="hub_widgets_builder")]


@hooks.register("register_admin_menu_item")
def widget_builder_menu_item():
    return WidgetBuilderMenuItem(_("Widget builder"), reverse("hub_widgets_builder"),
                                 name="widget-builder", icon_name="code", order=850)
