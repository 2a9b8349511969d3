"""A visitor's subscription to e-mail digests of new events (docs/subscriptions.md).

Only what the feature needs is stored: the address, the filter, the language,
the frequency, the opt-in time, the token of the links in the mails and the
bounce state, plus when the row was made (unconfirmed rows expire) and when
the last digest covered up to. No IP address, no user agent, no opens or
clicks."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _


def new_token() -> str:
    """An unguessable token (256 bits): the only key to a subscription."""
    return secrets.token_urlsafe(32)


class Frequency(models.TextChoices):
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")


PERIODS = {Frequency.DAILY: timedelta(days=1), Frequency.WEEKLY: timedelta(days=7)}


class SubscriptionQuerySet(models.QuerySet):
    def active(self) -> SubscriptionQuerySet:
        """Confirmed and not bounced: the ones that get digests."""
        return self.filter(confirmed_at__isnull=False, bounced_at__isnull=True)


class Subscription(models.Model):
    email = models.EmailField(_("e-mail address"), max_length=254)
    # The events filter set's parameters (cms/events/filters.py), as given.
    filter = models.JSONField(default=dict, blank=True)
    language = models.CharField(max_length=8)
    frequency = models.CharField(max_length=8, choices=Frequency.choices,
                                 default=Frequency.WEEKLY)
    token = models.CharField(max_length=64, unique=True, default=new_token,
                             editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)  # the opt-in
    # Digests cover the events published after this moment.
    last_digest_at = models.DateTimeField(null=True, blank=True)
    # Set by a permanent SMTP refusal: nothing is sent to the address again.
    bounced_at = models.DateTimeField(null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["email"])]

    def __str__(self) -> str:
        return f"{self.email} ({self.frequency}, {self.language})"

    @property
    def period(self) -> timedelta:
        return PERIODS[Frequency(self.frequency)]
