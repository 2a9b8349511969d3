"""The receiver of the hub's webhooks: a signed delivery that something
changed ends the freshness of the cached answers, so the next render shows it.

The hub signs ``"<timestamp>.<body>"`` with HMAC-SHA256 and the endpoint's
secret (``Hub-Webhook-Signature: v1=<hex>``, several comma-separated values
while the hub replaces a secret) and sends the time in
``Hub-Webhook-Timestamp``; a timestamp more than five minutes away from now is
refused, so a recorded delivery cannot be played again later. The receiver
only marks answers stale (client.expire) and answers at once: it never
fetches from the hub while the hub waits for its answer.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time

from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import client
from .conf import HubSettings, get_settings

logger = logging.getLogger("flanders_hub_embed")

TOLERANCE_SECONDS = 300
ID_HEADER = "Hub-Webhook-Id"
TIMESTAMP_HEADER = "Hub-Webhook-Timestamp"
SIGNATURE_HEADER = "Hub-Webhook-Signature"
MAX_BODY = 1024 * 1024  # a delivery describes one item: far smaller
MAX_ID = 100
# The hub retries a delivery (same id) for 24 hours when it saw no 2xx; an id
# is remembered a little longer, so a retry after a lost answer is skipped.
REMEMBER_IDS_SECONDS = 25 * 3600


def signature(secret: str, timestamp: int, body: bytes) -> str:
    message = str(timestamp).encode() + b"." + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def verify(secret: str, body: bytes, timestamp: str, header: str,
           now: float | None = None) -> bool:
    """True when a ``v1=`` value of ``header`` signs ``body`` at
    ``timestamp`` and that time is within TOLERANCE_SECONDS of now."""
    try:
        sent = int(timestamp)
    except (TypeError, ValueError):
        return False
    if abs((time.time() if now is None else now) - sent) > TOLERANCE_SECONDS:
        return False
    expected = signature(secret, sent, body)
    values = [part.strip()[3:] for part in (header or "").split(",")
              if part.strip().startswith("v1=")]
    return any(hmac.compare_digest(expected, value) for value in values)


def resources_of(payload: object) -> tuple[str, ...]:
    """The lists a delivery concerns: its (signed) body's ``data.resource``
    (``events`` for event.updated, ...); every list for any other delivery
    (a ping, a type this version does not know)."""
    data = payload.get("data") if isinstance(payload, dict) else None
    resource = data.get("resource") if isinstance(data, dict) else None
    return (resource,) if resource in client.RESOURCES else client.RESOURCES


def _refuse(status: int, message: str) -> JsonResponse:
    logger.warning("Flanders hub webhook refused (%s): %s", status, message)
    return JsonResponse({"error": message}, status=status)


@csrf_exempt
@require_POST
def receive(request: HttpRequest) -> JsonResponse:
    """POST from the hub: 200 once the cached answers it concerns are stale,
    400 for a malformed delivery, 401 for a wrong signature or an old
    timestamp, 503 while this site has no WEBHOOK_SECRET."""
    try:
        conf = get_settings()
    except ImproperlyConfigured as error:
        logger.error("Flanders hub webhook: %s", error)
        return JsonResponse({"error": "receiver not configured"}, status=503)
    if not conf.webhook_secret:
        logger.error("Flanders hub webhook: FLANDERS_HUB['WEBHOOK_SECRET'] is not set")
        return JsonResponse({"error": "receiver not configured"}, status=503)
    delivery = request.headers.get(ID_HEADER, "").strip()
    timestamp = request.headers.get(TIMESTAMP_HEADER, "")
    signed = request.headers.get(SIGNATURE_HEADER, "")
    if not delivery or len(delivery) > MAX_ID or not timestamp or not signed:
        return _refuse(400, f"{ID_HEADER}, {TIMESTAMP_HEADER} and "
                            f"{SIGNATURE_HEADER} are required")
    try:
        length = int(request.headers.get("Content-Length") or 0)
    except ValueError:
        return _refuse(400, "bad Content-Length")
    if length > MAX_BODY:
        return _refuse(413, f"a delivery is at most {MAX_BODY} bytes")
    body = request.body
    if not verify(conf.webhook_secret, body, timestamp, signed):
        return _refuse(401, "wrong signature or a timestamp more than "
                            f"{TOLERANCE_SECONDS} seconds away")
    try:
        payload = json.loads(body)
    except ValueError:
        return _refuse(400, "the body is not JSON")
    return _expire_once(conf, delivery, resources_of(payload))


def _expire_once(conf: HubSettings, delivery: str,
                 resources: tuple[str, ...]) -> JsonResponse:
    cache = caches[conf.cache]
    seen_key = client.KEY_PREFIX + "delivery:" + hashlib.sha256(
        delivery.encode()).hexdigest()
    try:
        if cache.get(seen_key):
            return JsonResponse({"status": "duplicate"})
        client.expire(conf, resources)
        cache.set(seen_key, True, REMEMBER_IDS_SECONDS)
    except Exception:  # noqa: BLE001 - a cache outage: the hub retries later
        logger.exception("Flanders hub webhook: the cache failed")
        return JsonResponse({"error": "cache unavailable"}, status=503)
    logger.info("Flanders hub webhook %s: the cached %s lists are stale", delivery,
                " and ".join(resources))
    return JsonResponse({"status": "expired", "resources": list(resources)})
