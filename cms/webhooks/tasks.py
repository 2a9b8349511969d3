"""Deliveries on the task worker: one task per attempt, and a periodic task
that picks up what is due (retries, and attempts lost with a stopped
worker), so nothing depends on a process staying up."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from .delivery import attempt, claim
from .models import Delivery, DeliveryStatus

#: Deliveries the periodic task queues per run; the rest wait a minute.
BATCH = 200
RETRY_INTERVAL = 60.0  # seconds
PRUNE_INTERVAL = 24 * 3600.0


@task()
def deliver_webhook(delivery_id: str, token: str, manual: bool = False) -> str:
    """One attempt of a delivery this task was given the claim of."""
    delivery = Delivery.objects.select_related("endpoint").filter(
        pk=delivery_id, claim=token).first()
    if delivery is None:
        return "not claimed"  # another attempt took it meanwhile
    record = attempt(delivery, manual=manual)
    return "delivered" if record.succeeded else (record.error or
                                                 f"HTTP {record.status_code}")


def queue(delivery_id, *, manual: bool = False) -> bool:
    """Claim the delivery and queue one attempt; False when it is not due."""
    token = claim(delivery_id, force=manual)
    if token is None:
        return False
    deliver_webhook.enqueue(str(delivery_id), token, manual)
    return True


def queue_after_commit(delivery: Delivery, *, manual: bool = False) -> None:
    transaction.on_commit(lambda: queue(delivery.pk, manual=manual))


@task()
def retry_due_webhooks() -> int:
    """Queue an attempt of every pending delivery that is due."""
    due = list(Delivery.objects.filter(
        status=DeliveryStatus.PENDING, next_attempt_at__lte=timezone.now())
        .order_by("next_attempt_at").values_list("pk", flat=True)[:BATCH])
    return sum(queue(pk) for pk in due)


@task()
def prune_webhook_deliveries() -> int:
    """Forget deliveries (and their attempts) older than HUB_WEBHOOK_LOG_DAYS,
    except pending ones."""
    cutoff = timezone.now() - timedelta(days=settings.HUB_WEBHOOK_LOG_DAYS)
    return Delivery.objects.filter(created_at__lt=cutoff).exclude(
        status=DeliveryStatus.PENDING).delete()[0]


def periodic_tasks(sender=None, **kwargs) -> list:
    """Receiver of plugins.signals.register_periodic_tasks."""
    return [(retry_due_webhooks, RETRY_INTERVAL),
            (prune_webhook_deliveries, PRUNE_INTERVAL)]
