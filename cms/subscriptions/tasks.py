"""The subscriptions' work on the task worker: the confirmation mail, the
digests when they are due, and forgetting unconfirmed subscriptions."""

from __future__ import annotations

import logging
import smtplib
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_tasks import task

from cms.core import timefmt
from cms.core.absolute import page_url
from cms.core.filters import InvalidParameter
from cms.core.sitename import site_name

from . import mail
from .filters import changed_events, describe
from .models import PERIODS, Subscription

logger = logging.getLogger(__name__)


@task()
def send_confirmation(subscription_id: int) -> str:
    """The double opt-in mail: the only mail an unconfirmed address gets. A
    bounced address gets it too: someone asked again (rate-limited), and
    confirming takes it back."""
    subscription = Subscription.objects.filter(pk=subscription_id).first()
    if subscription is None:
        return "gone"
    with translation.override(subscription.language):
        message = mail.build(
            subscription, "confirm", gettext("Confirm your subscription to %(site)s")
            % {"site": site_name(subscription.language)},
            {"confirm_url": mail.link("confirm", subscription),
             "filter": describe(subscription.filter, subscription.language),
             "expires_days": settings.HUB_SUBSCRIPTION_UNCONFIRMED_DAYS})
    try:
        mail.send(subscription, message)
    except mail.Bounced:
        return "bounced"
    return "sent"


def event_lines(events: list, since: datetime, language: str) -> list[dict]:
    """What a digest says of each event, in the subscriber's language."""
    lines = []
    for event in events:
        with translation.override(language):
            lines.append({
                "title": event.title, "url": page_url(event),
                "when": timefmt.event_when(event, language),
                "place": ", ".join(part for part in (event.venue_city, str(
                    event.venue_country.name if event.venue_country else ""))
                    if part),
                "cancelled": event.status == "cancelled",
                "notice": timefmt.status_notice(event, language),
                "new": event.first_published_at is not None
                and event.first_published_at > since,
            })
    return lines


@task()
def send_digest(subscription_id: int) -> str:
    """One subscriber's digest of the events new or changed since the last
    one; nothing is sent when nothing matches. The period is claimed before
    sending (a digest queued twice goes out once) and given back when the
    SMTP server fails for now: the next run tries again."""
    subscription = Subscription.objects.active().filter(pk=subscription_id).first()
    if subscription is None:
        return "gone"
    since, until = subscription.last_digest_at, timezone.now()
    if since is None or since > until - subscription.period:
        return "not due"
    mine = Subscription.objects.filter(pk=subscription.pk, last_digest_at=since)
    if not mine.update(last_digest_at=until):
        return "taken by another run"
    try:
        events = changed_events(subscription.filter, subscription.language,
                                since, until)
    except InvalidParameter as error:
        logger.warning("Subscription %s: its filter no longer holds (%s).",
                       subscription.pk, error.message)
        return "filter no longer holds"
    if not events:
        return "nothing new"
    language = subscription.language
    with translation.override(language):
        message = mail.build(
            subscription, "digest", gettext("New events on %(site)s")
            % {"site": site_name(language)},
            {"events": event_lines(events, since, language),
             "filter": describe(subscription.filter, language)})
    try:
        mail.send(subscription, message)
    except mail.Bounced:
        return "bounced"
    except (smtplib.SMTPException, OSError) as error:
        Subscription.objects.filter(pk=subscription.pk, last_digest_at=until).update(
            last_digest_at=since)
        logger.warning("Digest of subscription %s not sent, retried next time: %r",
                       subscription.pk, error)
        return "retry"
    return f"sent {len(events)}"


def due_subscriptions(now=None) -> list[int]:
    """The active subscriptions whose period has passed since their last digest."""
    now = now or timezone.now()
    due = []
    for frequency, period in PERIODS.items():
        due += Subscription.objects.active().filter(
            frequency=frequency, last_digest_at__lte=now - period).values_list(
            "pk", flat=True)
    return sorted(due)


@task()
def send_due_digests() -> int:
    """Periodic: queue a digest for every subscription that is due."""
    due = due_subscriptions()
    for pk in due:
        send_digest.enqueue(pk)
    return len(due)


@task()
def forget_unconfirmed() -> int:
    """Periodic: delete subscriptions nobody confirmed in time."""
    cutoff = timezone.now() - timedelta(days=settings.HUB_SUBSCRIPTION_UNCONFIRMED_DAYS)
    return Subscription.objects.filter(confirmed_at__isnull=True,
                                       created_at__lt=cutoff).delete()[0]


def periodic_tasks(sender=None, **kwargs) -> list[tuple[object, float]]:
    """Receiver of plugins.signals.register_periodic_tasks."""
    return [(send_due_digests, float(settings.HUB_SUBSCRIPTION_DIGEST_CHECK_SECONDS)),
            (forget_unconfirmed, 3600.0)]
