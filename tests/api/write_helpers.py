"""Shared pieces of the write API tests: tokens, bodies, a JSON client."""

from __future__ import annotations

import json

from cms.api.write.tokens import create_token


def token_for(organisation, scope: str = "publish", name: str = "Events system"):
    return create_token(organisation, name, scope, None)


def event_body(**fields) -> dict:
    body = {
        "external_id": "ev-1",
        "title": {"nl": "Open dag", "en": "Open day"},
        "summary": {"en": "Meet us."},
        "event_type": "education-fair",
        "start": "2031-05-04T10:00:00+09:00",
        "end": "2031-05-04T16:00:00+09:00",
        "time_zone": "Asia/Tokyo",
        "venue": {"name": {"en": "Tokyo Big Sight"}, "city": "Tokyo",
                  "country": "JP"},
    }
    body.update(fields)
    return body


def send(client, method: str, path: str, secret: str | None, body=None,
         **headers):
    """A write through Django's test client, as a server would send it."""
    extra = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()}
    if secret is not None:
        extra["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    data = body if isinstance(body, (str, bytes)) else (
        "" if body is None else json.dumps(body))
    return getattr(client, method.lower())(
        path, data=data, content_type="application/json", **extra)
