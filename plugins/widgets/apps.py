from django.apps import AppConfig


class WidgetsConfig(AppConfig):
    name = "plugins.widgets"
    label = "hub_widgets"
    verbose_name = "Embeddable widgets"

    class HubPluginMeta:
        name = "Embeddable widgets"
        version = "1.0.0"
        author = "Flanders Academic Hub"
        description = ("/embed/v1/widgets.js: events, calendar, expertise and search "
                       "widgets for other web sites, and the widget builder.")
        compatibility = ">=0.1,<1"
        default_enabled = True
        urls = "plugins.widgets.urls"
        url_prefix = "embed/"  # /embed/v1/widgets.js is a public contract

    def ready(self) -> None:
        from plugins.signals import register_widget_types

        from .types import builtin_widget_types

        register_widget_types.connect(builtin_widget_types, dispatch_uid="hub_widgets")
