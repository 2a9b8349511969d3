"""One attempt of a delivery: a signed POST to a checked address, recorded
in the delivery log, and what happens next (delivered, a retry later, or
failed when the retry schedule is used up).

The endpoint's host name is resolved and every address checked at each
attempt (DNS can change after the endpoint was saved); the connection goes
to a checked address, and only then does TLS start. Redirects are not
followed: a 3xx answer is a failed attempt."""

from __future__ import annotations

import http.client
import socket
import ssl
import time
import uuid
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.core import outbound
from cms.core.version import HUB_VERSION

from . import signing
from .models import Attempt, Delivery, DeliveryStatus, Endpoint

USER_AGENT = f"FlandersAcademicHub/{HUB_VERSION} (webhooks)"
EXCERPT_BYTES = 1024
EXCERPT_CHARS = 200
ERROR_CHARS = 300


class DeliveryError(Exception):
    """An attempt that could not be made or got no answer; says why."""


# -- what may be reached ------------------------------------------------------------
def allow_loopback() -> bool:
    """The test-only switch (never on in production settings)."""
    return bool(getattr(settings, "HUB_WEBHOOK_ALLOW_LOOPBACK", False))


def allow_http() -> bool:
    return bool(settings.DEBUG) or allow_loopback()


def url_problem(url: str) -> str | None:
    """Why ``url`` cannot be an endpoint, without looking it up; None if fine."""
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 - raises on a port that is no number
    except ValueError:
        return _("This is not a valid URL.")
    if parts.scheme not in (("https", "http") if allow_http() else ("https",)):
        return _("The URL must start with https://.")
    if not parts.hostname:
        return _("The URL has no host name.")
    if parts.username or parts.password:
        return _("Leave user names and passwords out of the URL.")
    return None


def address_problem(url: str) -> str | None:
    """Why the host of ``url`` must not be reached (a private or local
    address, or none at all); None if it may."""
    parts = urlsplit(url.strip())
    try:
        addresses = outbound.resolve(_ascii_host(parts.hostname or ""),
                                     _port(parts), timeout())
    except (outbound.ResolveError, outbound.ResolveTimeout, DeliveryError):
        return _("The host name %(host)s cannot be resolved.") % {
            "host": parts.hostname}
    refused = outbound.refused_addresses(addresses, allow_loopback=allow_loopback())
    if refused:
        return _("%(host)s resolves to %(address)s, a private or local address: "
                 "webhooks are only sent to the public internet.") % {
                     "host": parts.hostname, "address": refused[0]}
    return None


def timeout() -> float:
    return float(getattr(settings, "HUB_WEBHOOK_TIMEOUT", 10.0))


def _ascii_host(host: str) -> str:
    if ":" in host:  # IPv6 literals need no IDNA
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        raise DeliveryError("The host name is not valid.") from None


def _port(parts) -> int:
    return parts.port or (443 if parts.scheme == "https" else 80)


# -- the POST ---------------------------------------------------------------------
def _connect(host: str, port: int, https: bool) -> socket.socket:
    try:
        addresses = outbound.resolve(host, port, timeout())
    except (outbound.ResolveError, outbound.ResolveTimeout) as exc:
        raise DeliveryError(str(exc)) from None
    refused = outbound.refused_addresses(addresses, allow_loopback=allow_loopback())
    if refused:  # one bad answer refuses the name: no connection at all
        raise DeliveryError(f"{host} resolves to {refused[0]}, a private or local "
                            "address: refused.")
    error: OSError | None = None
    for family, sockaddr in addresses:
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.settimeout(timeout())
        try:
            sock.connect(sockaddr)
        except OSError as exc:  # refused or unreachable: try the next address
            sock.close()
            error = exc
            continue
        if https:
            try:
                return ssl.create_default_context().wrap_socket(
                    sock, server_hostname=host)
            except OSError:
                sock.close()
                raise
        return sock
    raise error or DeliveryError(f"Cannot connect to {host}.")


def post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, str]:
    """POST ``body`` to ``url``: (HTTP status, the start of the answer)."""
    if problem := url_problem(url):
        raise DeliveryError(problem)
    parts = urlsplit(url.strip())
    host, port = _ascii_host(parts.hostname), _port(parts)
    sock = _connect(host, port, parts.scheme == "https")
    connection = http.client.HTTPConnection(host, port, timeout=timeout())
    if parts.scheme == "https":
        connection.default_port = 443  # so the Host header omits :443
    connection.sock = sock  # never resolved again by http.client
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request("POST", target, body=body, headers={
            **headers, "User-Agent": USER_AGENT, "Accept-Encoding": "identity"})
        response = connection.getresponse()
        excerpt = response.read(EXCERPT_BYTES).decode("utf-8", "replace")
        return response.status, _printable(excerpt)[:EXCERPT_CHARS]
    finally:
        connection.close()
        sock.close()


def _printable(text: str) -> str:
    return "".join(ch if ch.isprintable() else " " for ch in text).strip()


def _describe(exc: BaseException) -> str:
    if isinstance(exc, TimeoutError | socket.timeout):
        return f"No answer within {timeout():g} seconds."
    if isinstance(exc, ssl.SSLError):
        return f"TLS failed: {exc.reason or exc}"
    return str(exc) or exc.__class__.__name__


def signed_headers(endpoint: Endpoint, delivery: Delivery, body: bytes) -> dict:
    """signing.signed_headers, with a second ``v1=`` value while the previous
    secret is still valid (docs/webhooks.md, rolling the secret)."""
    secrets = endpoint.signing_secrets()
    headers = signing.signed_headers(secrets[0], body, str(delivery.pk),
                                     delivery.event)
    timestamp = int(headers[signing.TIMESTAMP_HEADER])
    for secret in secrets[1:]:
        headers[signing.SIGNATURE_HEADER] += ",v1=" + signing.signature(
            secret, timestamp, body)
    return headers


# -- one attempt -------------------------------------------------------------------
def retry_schedule() -> list[float]:
    return [float(s) for s in getattr(settings, "HUB_WEBHOOK_RETRY_SCHEDULE", [])]


def lease() -> timedelta:
    """How long a queued or running attempt holds its delivery; a lost one
    (a worker stopped) is picked up by the periodic task after it."""
    return timedelta(seconds=4 * timeout() + 60)


def claim(delivery_id, *, force: bool = False) -> str | None:
    """Take a delivery for one attempt: a token, or None when it is not due
    (or another attempt holds it). ``force``: a redelivery, due or not."""
    now, token = timezone.now(), uuid.uuid4().hex
    deliveries = Delivery.objects.filter(pk=delivery_id)
    if not force:
        deliveries = deliveries.filter(status=DeliveryStatus.PENDING,
                                       next_attempt_at__lte=now)
    taken = deliveries.update(claim=token, next_attempt_at=now + lease())
    return token if taken else None


def attempt(delivery: Delivery, *, manual: bool = False) -> Attempt:
    """POST the delivery now and record the attempt and its consequence."""
    endpoint = delivery.endpoint
    body = delivery.body.encode()
    at, started = timezone.now(), time.monotonic()
    status_code, excerpt, error = None, "", ""
    if not endpoint.active and not manual:
        error = "The endpoint is disabled."
    else:
        try:
            status_code, excerpt = post(endpoint.url, body,
                                        signed_headers(endpoint, delivery, body))
        except DeliveryError as exc:
            error = str(exc)
        except (OSError, http.client.HTTPException) as exc:
            error = _describe(exc)
    record = Attempt.objects.create(
        delivery=delivery, at=at, status_code=status_code, error=error[:ERROR_CHARS],
        duration_ms=int((time.monotonic() - started) * 1000),
        response_excerpt=excerpt, manual=manual)
    _after(delivery, record, disabled=not endpoint.active and not manual)
    return record


def _after(delivery: Delivery, record: Attempt, *, disabled: bool) -> None:
    delivery.attempts += 1
    delivery.last_attempt_at = record.at
    delivery.claim = ""
    if record.succeeded:
        delivery.status, delivery.next_attempt_at = DeliveryStatus.DELIVERED, None
        delivery.last_error = ""
    else:
        delivery.last_error = (record.error or f"HTTP {record.status_code}")[
            :ERROR_CHARS]
        schedule = retry_schedule()
        if delivery.status != DeliveryStatus.PENDING:
            delivery.next_attempt_at = None  # a redelivery does not restart retries
        elif disabled or delivery.attempts > len(schedule):
            delivery.status, delivery.next_attempt_at = DeliveryStatus.FAILED, None
        else:
            delivery.next_attempt_at = record.at + timedelta(
                seconds=schedule[delivery.attempts - 1])
    delivery.save(update_fields=["attempts", "last_attempt_at", "claim", "status",
                                 "next_attempt_at", "last_error"])
