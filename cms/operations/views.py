"""/healthz, /readyz and /metrics: outside the language prefixes, never
cached, and (with SECURE_REDIRECT_EXEMPT) answered over plain HTTP so that a
load balancer or Prometheus on the machine can ask gunicorn directly."""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse, HttpResponseNotFound
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe
from prometheus_client import CONTENT_TYPE_LATEST

from . import health
from .metrics import exposition, may_scrape

JSON = "application/json"


@csrf_exempt
@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """The process answers. Touches no database, cache or cluster."""
    return HttpResponse('{"status": "ok"}', content_type=JSON)


@csrf_exempt
@never_cache
@require_safe
def readyz(request: HttpRequest) -> HttpResponse:
    """Every part this deployment needs (see health.py); 503 when a required
    one is down."""
    status, body = health.readiness()
    return HttpResponse(json.dumps(body, indent=1), status=status, content_type=JSON)


@csrf_exempt
@never_cache
@require_safe
def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus text format, for localhost or HUB_METRICS_TOKEN; a plain
    404 for anyone else (not a redirect to a language, not a hint)."""
    if not may_scrape(request):
        return HttpResponseNotFound("Not found.", content_type="text/plain")
    return HttpResponse(exposition(), content_type=CONTENT_TYPE_LATEST)
