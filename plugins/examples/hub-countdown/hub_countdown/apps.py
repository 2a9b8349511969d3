from django.apps import AppConfig


class CountdownApp(AppConfig):
    name = "hub_countdown"
    label = "hub_countdown"
    verbose_name = "Countdown widget"

    class HubPluginMeta:
        name = "Countdown widget"
        version = "1.0.0"
        author = "Flanders Academic Hub"
        description = ("<flanders-countdown>: the next event of a filter and the "
                       "days until it starts.")
        compatibility = ">=0.1,<1"
        default_enabled = False
        # Mounted by the hub under /plugins/hub_countdown/ (the default prefix).
        urls = "hub_countdown.urls"

    def ready(self) -> None:
        from plugins.signals import register_widget_types

        from .widget import widget_types

        register_widget_types.connect(widget_types, dispatch_uid="hub_countdown")
