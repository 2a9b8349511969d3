"""The subscription mails: built in the subscriber's language, themed with
the hub's default theme (inline CSS, no images), each with RFC 8058's
one-click unsubscribe headers, and sent through Django's e-mail backend
(SMTP in production) by the task worker.

A permanent refusal of the address (a 5xx answer to RCPT) marks the
subscription bounced, and nothing is sent to it again; anything else (a 4xx,
the server down) is temporary and raised, so the caller tries again later."""

from __future__ import annotations

import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from cms.core.absolute import absolute_url
from cms.core.sitename import site_name
from themes.registry import get_theme

from .models import Subscription

logger = logging.getLogger(__name__)


class Bounced(Exception):
    """The SMTP server refused the address for good."""


def link(name: str, subscription: Subscription) -> str:
    """An absolute link to one of the subscription's pages, in its language
    (the hub's configured base URL: never a request's Host header)."""
    with translation.override(subscription.language):
        path = reverse(f"subscriptions:{name}", args=[subscription.token])
    return absolute_url(path)


def theme_colours() -> dict[str, str]:
    """The default theme's colours for the mails' inline styles."""
    tokens = get_theme(None).tokens
    keys = ("text", "text-muted", "background", "surface", "accent", "on-accent",
            "link", "border", "danger")
    return {key.replace("-", "_"): tokens.get(f"color-{key}", "") for key in keys}


def build(subscription: Subscription, template: str, subject: str,
          context: dict) -> EmailMultiAlternatives:
    """A mail from ``subscriptions/mail/<template>.txt`` and ``.html``, rendered
    in the subscriber's language (call inside translation.override)."""
    unsubscribe = link("unsubscribe", subscription)
    context = {**context, "subscription": subscription, "unsubscribe_url": unsubscribe,
               "manage_url": link("manage", subscription), "colours": theme_colours(),
               "site_name": site_name(subscription.language),
               "LANGUAGE_CODE": subscription.language}
    message = EmailMultiAlternatives(
        subject=subject, body=render_to_string(f"subscriptions/mail/{template}.txt",
                                               context),
        from_email=settings.DEFAULT_FROM_EMAIL, to=[subscription.email],
        headers={"List-Unsubscribe": f"<{unsubscribe}>",
                 "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                 "Auto-Submitted": "auto-generated",
                 "Content-Language": subscription.language})
    message.attach_alternative(
        render_to_string(f"subscriptions/mail/{template}.html", context), "text/html")
    return message


def send(subscription: Subscription, message: EmailMultiAlternatives) -> None:
    """Send one mail; a permanent refusal of the address marks the
    subscription bounced and raises Bounced."""
    try:
        message.send(fail_silently=False)
    except smtplib.SMTPRecipientsRefused as error:
        codes = [code for code, _text in error.recipients.values()]
        if codes and all(500 <= code < 600 for code in codes):
            Subscription.objects.filter(pk=subscription.pk).update(
                bounced_at=timezone.now())
            logger.warning("Subscription %s bounced (%s): no more mails to it.",
                           subscription.pk, codes)
            raise Bounced(str(codes)) from None
        raise
