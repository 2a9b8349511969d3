"""Which change of a catalogue page is which event, and the deliveries it
makes (cms/webhooks/__init__.py lists the entry points).

Wagtail's ``page_published`` and ``page_unpublished`` signals name the
change (Wagtail also sends ``page_unpublished`` when a live page is deleted,
with its descendants). The deliveries are written in the
same transaction as the change (a rolled-back publication sends nothing)
and queued for the task worker once it commits. The payload and the filter
are evaluated at once, so a deleted page is still described as it was."""

from __future__ import annotations

import uuid

from django.dispatch import receiver
from django.utils import timezone
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

from cms.core.registry import CatalogueType, type_of

from . import events, filters
from .models import Delivery, Endpoint, PageState
from .tasks import queue_after_commit


def webhook_type(page) -> CatalogueType | None:
    kind = type_of(page)
    return kind if kind is not None and kind.name in events.RESOURCES else None


def publication_action(kind: CatalogueType, page) -> str:
    """published (the page becomes live: first publication, or again after an
    unpublish), cancelled (its status became cancelled) or updated."""
    state = PageState.objects.filter(page_id=page.pk).first()
    if state is None:  # published before webhooks existed, or never
        was_live = page.first_published_at != page.last_published_at
        old_status = ""
    else:
        was_live, old_status = state.live, state.status
    status = getattr(page, "status", "") or ""
    actions = events.RESOURCES[kind.name][1]
    if not was_live:
        return events.PUBLISHED
    if (events.CANCELLED in actions and status == events.CANCELLED_STATUS
            and old_status != events.CANCELLED_STATUS):
        return events.CANCELLED
    return events.UPDATED


def remember(page, live: bool) -> None:
    PageState.objects.update_or_create(
        page_id=page.pk,
        defaults={"live": live, "status": getattr(page, "status", "") or ""})


def announce(kind: CatalogueType, page, action: str) -> list[Delivery]:
    """A delivery for every active endpoint the change concerns."""
    event = events.event_name(kind, action)
    endpoints = [e for e in Endpoint.objects.filter(active=True) if e.wants(event)]
    if not endpoints:
        return []
    data = events.page_data(kind, page, action)
    public = filters.visible()
    made = []
    for endpoint in endpoints:
        if filters.matches(endpoint.query, kind, page, public):
            made.append(create_delivery(endpoint, event, data))
    return made


def create_delivery(endpoint: Endpoint, event: str, data: dict) -> Delivery:
    """A pending delivery, attempted by the task worker after the commit."""
    delivery_id = uuid.uuid4()
    delivery = Delivery.objects.create(
        id=delivery_id, endpoint=endpoint, event=event,
        body=events.body(event, data, delivery_id), next_attempt_at=timezone.now())
    queue_after_commit(delivery)
    return delivery


@receiver(page_published)
def page_was_published(sender, instance: Page, **kwargs) -> None:
    kind = webhook_type(instance)
    # Wagtail also sends page_published for a publication scheduled for later
    # (the page stays as it was): the event comes when it goes live.
    if kind is None or not instance.live:
        return
    action = publication_action(kind, instance)
    remember(instance, live=True)
    announce(kind, instance, action)


@receiver(page_unpublished)
def page_was_unpublished(sender, instance: Page, **kwargs) -> None:
    """An unpublish, or the deletion of a live page (Wagtail unpublishes it
    in pre_delete, so the row still holds its last published state)."""
    kind = webhook_type(instance)
    if kind is None:
        return
    remember(instance, live=False)
    announce(kind, instance, events.UNPUBLISHED)


def ping(endpoint: Endpoint) -> Delivery:
    """A test delivery (event ``ping``) to one endpoint, whatever it wants."""
    return create_delivery(endpoint, events.PING, {
        "message": "A test delivery from the Flanders Academic Hub."})
