"""Webhook endpoints of organisations, the deliveries made to them and every
attempt of each delivery (docs/webhooks.md)."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import signing

#: While a secret is being replaced the old one also signs, for this long.
PREVIOUS_SECRET_GRACE = timedelta(hours=24)


class Endpoint(models.Model):
    """A URL of an organisation's own system that hears of catalogue changes."""

    organisation = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+",
        verbose_name=_("organisation"),
        help_text=_("The institution or representation that manages this endpoint."))
    name = models.CharField(_("name"), max_length=100)
    url = models.CharField(_("URL"), max_length=1000)
    secret = models.CharField(max_length=100, editable=False)
    previous_secret = models.CharField(max_length=100, blank=True, editable=False)
    previous_secret_until = models.DateTimeField(null=True, blank=True,
                                                 editable=False)
    # The events API's query string (country=JP&discipline=1.2); empty: all.
    query = models.CharField(_("filter"), max_length=1000, blank=True)
    # Event names (event.published, ...); empty: all of them.
    event_types = models.JSONField(_("events"), default=list, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.secret:
            self.secret = signing.new_secret()
        super().save(*args, **kwargs)

    def roll_secret(self) -> str:
        """A new secret; the old one keeps signing for PREVIOUS_SECRET_GRACE
        (two ``v1=`` values), so receivers can be switched without a gap."""
        self.previous_secret = self.secret
        self.previous_secret_until = timezone.now() + PREVIOUS_SECRET_GRACE
        self.secret = signing.new_secret()
        self.save(update_fields=["secret", "previous_secret", "previous_secret_until"])
        return self.secret

    def signing_secrets(self) -> list[str]:
        secrets = [self.secret]
        if (self.previous_secret and self.previous_secret_until
                and self.previous_secret_until > timezone.now()):
            secrets.append(self.previous_secret)
        return secrets

    def wants(self, event: str) -> bool:
        return not self.event_types or event in self.event_types


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    DELIVERED = "delivered", _("delivered")
    FAILED = "failed", _("failed")


class Delivery(models.Model):
    """One event for one endpoint; its id and body stay the same on every
    attempt (each attempt is signed anew)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE,
                                 related_name="deliveries")
    event = models.CharField(_("event"), max_length=40)
    body = models.TextField()
    status = models.CharField(_("status"), max_length=10,
                              choices=DeliveryStatus.choices,
                              default=DeliveryStatus.PENDING)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # When the next automatic attempt is due; while an attempt is queued or
    # running, the end of its lease (a lost one is picked up after it).
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    # Who holds the current lease (see cms/webhooks/delivery.py).
    claim = models.CharField(max_length=32, blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "next_attempt_at"],
                                name="webhooks_due")]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")

    def __str__(self) -> str:
        return f"{self.event} {self.pk}"


class Attempt(models.Model):
    """One POST of a delivery, as the delivery log shows it."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE,
                                 related_name="attempt_log")
    at = models.DateTimeField(_("time"), default=timezone.now)
    status_code = models.PositiveSmallIntegerField(_("HTTP status"), null=True,
                                                   blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)
    response_excerpt = models.CharField(_("answer"), max_length=300, blank=True)
    manual = models.BooleanField(_("redelivery"), default=False)

    class Meta:
        ordering = ["-at", "-pk"]

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


class PageState(models.Model):
    """What subscribers last heard of a catalogue page (live, status), so a
    publication can be told apart: published, updated or cancelled."""

    page_id = models.PositiveBigIntegerField(primary_key=True)  # survives deletion
    live = models.BooleanField(default=False)
    status = models.CharField(max_length=40, blank=True)
