from django.apps import AppConfig


class CsvExportApp(AppConfig):
    name = "hub_csv_export"
    label = "hub_csv_export"
    verbose_name = "CSV export"

    class HubPluginMeta:
        name = "CSV export"
        version = "1.0.0"
        author = "Flanders Academic Hub"
        description = "Download any event selection as a CSV file."
        compatibility = ">=0.1,<1"
        default_enabled = False

    def ready(self) -> None:
        from plugins.signals import api_item_fields, register_exporters

        from .exporter import api_fields, register

        register_exporters.connect(register, dispatch_uid="hub_csv_export")
        api_item_fields.connect(api_fields, dispatch_uid="hub_csv_export_api")
