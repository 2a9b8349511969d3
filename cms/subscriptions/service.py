"""Subscribing: one row per address, filter and language, and the rate
limit on confirmation mails to one address."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.utils import timezone

from cms.core import counters

from .models import Subscription
from .tasks import send_confirmation

DAY = 24 * 3600


def _counter_key(email: str) -> str:
    # Keyed by a keyed hash: the cache never holds the address itself.
    digest = hmac.new(settings.SECRET_KEY.encode(), email.lower().encode(),
                      hashlib.sha256).hexdigest()
    return f"subscriptions:confirmations:{timezone.now():%Y%m%d}:{digest}"


def may_confirm(email: str) -> bool:
    """Count one confirmation mail to ``email``; False once today's
    allowance (HUB_SUBSCRIPTION_CONFIRMATIONS_PER_DAY) is used up."""
    sent = counters.count(_counter_key(email), DAY)
    return sent <= settings.HUB_SUBSCRIPTION_CONFIRMATIONS_PER_DAY


def subscribe(email: str, filter_: dict, language: str, frequency: str) -> bool:
    """Ask ``email`` to confirm a subscription (a new one, or the one it
    already has for this filter and language); False when the address had
    its confirmation mails for today. The visitor sees the same page
    either way."""
    if not may_confirm(email):
        return False
    subscription = Subscription.objects.filter(
        email__iexact=email, language=language, filter=filter_).first()
    if subscription is None:
        subscription = Subscription.objects.create(
            email=email, filter=filter_, language=language, frequency=frequency)
    elif subscription.confirmed_at is None:
        subscription.frequency = frequency
        subscription.save(update_fields=["frequency"])
    send_confirmation.enqueue(subscription.pk)
    return True


def confirm(subscription: Subscription) -> None:
    """The opt-in: digests start from now (a bounced address that confirms
    again is taken back)."""
    if subscription.confirmed_at is not None and subscription.bounced_at is None:
        return
    now = timezone.now()
    subscription.confirmed_at = subscription.last_digest_at = now
    subscription.bounced_at = None
    subscription.save(update_fields=["confirmed_at", "last_digest_at", "bounced_at"])
