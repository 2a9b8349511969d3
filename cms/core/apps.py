from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate, pre_save


class CoreConfig(AppConfig):
    name = "cms.core"
    label = "core"
    verbose_name = "Hub core"

    def ready(self) -> None:
        from taggit.models import ItemBase

        from .absolute import sync_site_record
        from .generation import connect_page_signals
        from .signals import clean_keyword_tag  # and connects strip_bidi_controls

        # Publishing, moving, deleting pages starts a new content generation.
        connect_page_signals()
        # After every migrate (the demo and deployments run it when they
        # start): the Wagtail Site record follows HUB_BASE_URL.
        post_migrate.connect(sync_site_record, sender=self,
                             dispatch_uid="core.sync_site_record")
        # Tags (expertise keywords, image tags) reach pages through their
        # tagged-item rows: those point at a tag without bidi controls.
        for model in apps.get_models():
            if issubclass(model, ItemBase):
                pre_save.connect(clean_keyword_tag, sender=model,
                                 dispatch_uid=f"core.clean_tag.{model._meta.label_lower}")
