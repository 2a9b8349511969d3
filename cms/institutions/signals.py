"""Every organisation page gets its own editor and moderator groups, with
permissions on its subtree (in every locale), and institutions get a review
workflow. Idempotent: runs on each save of an organisation page."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import InstitutionPage, RepresentationPage
from .permissions import ensure_organisation_access


@receiver(post_save, sender=InstitutionPage)
@receiver(post_save, sender=RepresentationPage)
def organisation_saved(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        ensure_organisation_access(instance)
