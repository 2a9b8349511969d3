"""Page life-cycle events that change what visitors may find."""

import threading

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from .indexing import affected_pages, sync_pages

_pending = threading.local()


def _sync_later(page_ids: set[int]) -> None:
    """Sync after the commit, once for all the pages a transaction changed (an
    import publishes hundreds in one transaction): the first callback takes the
    whole set, the later ones find it empty. After a rollback the ids simply
    wait for the next commit; syncing a page twice is harmless."""
    if not hasattr(_pending, "ids"):
        _pending.ids = set()
    _pending.ids.update(page_ids)
    transaction.on_commit(_flush_pending)


def _flush_pending() -> None:
    ids, _pending.ids = _pending.ids, set()
    if ids:
        sync_pages(ids)


@receiver(page_published)
@receiver(page_unpublished)
def page_changed(sender, instance: Page, **kwargs) -> None:
    _sync_later(affected_pages(instance))


@receiver(post_page_move)
def page_moved(sender, instance: Page, **kwargs) -> None:
    ids = set(Page.objects.descendant_of(instance, inclusive=True)
              .values_list("pk", flat=True))
    _sync_later(ids | affected_pages(instance))


@receiver(post_delete)
def page_deleted(sender, instance, **kwargs) -> None:
    if isinstance(instance, Page) and type(instance) is Page:
        _sync_later({instance.pk})


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def privacy_changed(sender, instance: PageViewRestriction, **kwargs) -> None:
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        _sync_later(set(Page.objects.descendant_of(page, inclusive=True)
                        .values_list("pk", flat=True)))
