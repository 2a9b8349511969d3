from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IcalImporterConfig(AppConfig):
    name = "plugins.ical_importer"
    label = "hub_ical_importer"
    verbose_name = _("iCalendar importer")
    default_auto_field = "django.db.models.BigAutoField"

    class HubPluginMeta:
        name = "iCalendar importer"
        version = "1.0.0"
        author = "Flanders Academic Hub"
        description = ("Harvests iCalendar (.ics) feeds into the events catalogue: "
                       "manage.py import_events and scheduled feeds.")
        compatibility = ">=0.1,<1"
        default_enabled = True

    def ready(self) -> None:
        from plugins.signals import register_importers, register_periodic_tasks

        from .importer import register
        from .tasks import periodic_tasks

        register_importers.connect(register, dispatch_uid="hub_ical_importer")
        register_periodic_tasks.connect(periodic_tasks,
                                        dispatch_uid="hub_ical_importer.periodic")
