from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import AdminOnlyMenuItem

from .views import CatalogueView, PluginListView


@hooks.register("register_admin_urls")
def plugin_admin_urls():
    urls = [path("", PluginListView.as_view(), name="list"),
            path("catalogue/", CatalogueView.as_view(), name="catalogue")]
    return [path("plugins/", include((urls, "hub_plugins"), namespace="hub_plugins"))]


@hooks.register("register_settings_menu_item")
def plugin_menu_item():
    return AdminOnlyMenuItem(_("Plugins"), reverse("hub_plugins:list"),
                             icon_name="cogs", order=900)


@hooks.register("register_settings_menu_item")
def catalogue_menu_item():
    return AdminOnlyMenuItem(_("Importers and exporters"),
                             reverse("hub_plugins:catalogue"),
                             icon_name="download", order=905)
