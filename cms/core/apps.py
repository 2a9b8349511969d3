from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "cms.core"
    label = "core"
    verbose_name = "Hub core"

    def ready(self) -> None:
        from .absolute import sync_site_record

        # After every migrate (the demo and deployments run it when they
        # start): the Wagtail Site record follows HUB_BASE_URL.
        post_migrate.connect(sync_site_record, sender=self,
                             dispatch_uid="core.sync_site_record")
