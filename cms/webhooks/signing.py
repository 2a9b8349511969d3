"""The signature of a webhook delivery: the contract receivers verify
(docs/webhooks.md has the Python and PHP checks).

Headers of every delivery::

    Hub-Webhook-Id: <delivery id, a UUID; the same on every attempt>
    Hub-Webhook-Event: event.published
    Hub-Webhook-Timestamp: <Unix seconds of this attempt>
    Hub-Webhook-Signature: v1=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>

The timestamp is part of what is signed, so a receiver that refuses
timestamps older than ``TOLERANCE_SECONDS`` cannot be fed an old delivery
again. Several ``v1=`` values (comma-separated) may appear while a secret is
being replaced; one matching value is enough.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time

TOLERANCE_SECONDS = 300
SECRET_PREFIX = "whsec_"
ID_HEADER = "Hub-Webhook-Id"
EVENT_HEADER = "Hub-Webhook-Event"
TIMESTAMP_HEADER = "Hub-Webhook-Timestamp"
SIGNATURE_HEADER = "Hub-Webhook-Signature"


def new_secret() -> str:
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def signature(secret: str, timestamp: int, body: bytes) -> str:
    message = str(timestamp).encode() + b"." + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signed_headers(secret: str, body: bytes, delivery_id: str, event: str,
                   now: float | None = None) -> dict[str, str]:
    """The headers of one attempt (a new timestamp each time)."""
    timestamp = int(time.time() if now is None else now)
    return {
        "Content-Type": "application/json",
        ID_HEADER: delivery_id,
        EVENT_HEADER: event,
        TIMESTAMP_HEADER: str(timestamp),
        SIGNATURE_HEADER: "v1=" + signature(secret, timestamp, body),
    }


def verify(secret: str, body: bytes, timestamp: str, header: str,
           now: float | None = None, tolerance: int = TOLERANCE_SECONDS) -> bool:
    """True when one v1 value of ``header`` signs ``body`` at ``timestamp``
    and that timestamp is within ``tolerance`` seconds of now."""
    try:
        sent = int(timestamp)
    except (TypeError, ValueError):
        return False
    if abs((time.time() if now is None else now) - sent) > tolerance:
        return False
    expected = signature(secret, sent, body)
    values = [part.strip()[3:] for part in (header or "").split(",")
              if part.strip().startswith("v1=")]
    return any(hmac.compare_digest(expected, value) for value in values)
