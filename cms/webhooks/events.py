"""The events endpoints hear of, and the JSON body of a delivery.

Only catalogue types (cms.core.registry) with a webhook name below send
events; the models come from the registry, never from here."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from cms.core.absolute import absolute_url, page_url
from cms.core.registry import CatalogueType, catalogue_types

PUBLISHED, UPDATED, CANCELLED, UNPUBLISHED = (
    "published", "updated", "cancelled", "unpublished")
PING = "ping"
CANCELLED_STATUS = "cancelled"
#: resource (registry name) -> the singular of its event names, and the
#: actions it has (only types with a status are cancelled).
RESOURCES: dict[str, tuple[str, tuple[str, ...]]] = {
    "events": ("event", (PUBLISHED, UPDATED, CANCELLED, UNPUBLISHED)),
    "expertise": ("expertise", (PUBLISHED, UPDATED, UNPUBLISHED)),
}
RESOURCE_LABELS = {"events": _("Events"), "expertise": _("Expertise")}
ACTION_LABELS = {
    PUBLISHED: _("published"), UPDATED: _("updated"), CANCELLED: _("cancelled"),
    UNPUBLISHED: _("unpublished"),
}


def webhook_types() -> list[CatalogueType]:
    """The registered catalogue types that send webhook events."""
    return [kind for kind in catalogue_types() if kind.name in RESOURCES]


def event_name(kind: CatalogueType, action: str) -> str:
    return f"{RESOURCES[kind.name][0]}.{action}"


def resource_of(event: str) -> str | None:
    """The resource (``events``) an event name (``event.updated``) is about."""
    prefix = event.split(".", 1)[0]
    return next((name for name, (singular, _a) in RESOURCES.items()
                 if singular == prefix), None)


def event_choices() -> list[tuple[str, str]]:
    """Every event an endpoint may choose, with its label in the admin."""
    return [(event_name(kind, action),
             f"{RESOURCE_LABELS[kind.name]}: {ACTION_LABELS[action]} "
             f"({event_name(kind, action)})")
            for kind in webhook_types() for action in RESOURCES[kind.name][1]]


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def page_data(kind: CatalogueType, page, action: str) -> dict:
    """What a delivery says of a page: no personal data, only what the read
    API publishes anyway, and where to read the rest."""
    language = page.locale.language_code
    path = reverse("hub_api:detail", kwargs={"resource": kind.name,
                                             "public_id": page.public_id})
    path = path if path.endswith("/") else f"{path}/"  # as docs/api.md writes it
    return {
        "resource": kind.name,
        "id": page.public_id,
        "language": language,
        "title": page.title,
        "status": getattr(page, "status", None),
        "url": absolute_url(f"{path}?{urlencode({'lang': language})}"),
        "page_url": None if action == UNPUBLISHED else (page_url(page) or None),
    }


def body(event: str, data: dict, delivery_id: uuid.UUID) -> str:
    """The JSON a delivery posts (the same bytes on every attempt)."""
    return json.dumps({"id": str(delivery_id), "type": event,
                       "created_at": now_iso(), "data": data},
                      ensure_ascii=False, separators=(",", ":"))
