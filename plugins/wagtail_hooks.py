from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import AdminOnlyMenuItem

from .views import PluginListView


@hooks.register("register_admin_urls")
def plugin_admin_urls():
    urls = [path("", PluginListView.as_view(), name="list")]
    return [path("plugins/", include((urls, "hub_plugins"), namespace="hub_plugins"))]


@hooks.register("register_settings_menu_item")
def plugin_menu_item():
    return AdminOnlyMenuItem(_("Plugins"), reverse("hub_plugins:list"),
                             icon_name="cogs", order=900)
