"""Security headers on every response: the Content-Security-Policy, and
framing rules that let the embed endpoints be framed anywhere and nothing
else of the hub.

* Public pages get ``HUB_CONTENT_SECURITY_POLICY``: no inline script or
  style, no per-request nonce (pages are cached whole). The few inline
  ``<style>`` blocks of self-contained pages (the 500 page, the API
  documentation) are allowed by their SHA-256 hashes, computed from the
  templates named in ``HUB_CSP_INLINE_STYLE_TEMPLATES``.
* The Wagtail admin (``HUB_ADMIN_PATHS``) gets
  ``HUB_ADMIN_CONTENT_SECURITY_POLICY``, which allows inline script and
  style: Wagtail's own templates need them.
* ``frame-ancestors`` follows X-Frame-Options (Django's DENY everywhere,
  Wagtail's SAMEORIGIN on its previews; DENY when a response has none), so
  the two never disagree; under ``HUB_EMBEDDABLE_PATHS`` (oEmbed, /embed/)
  both allow any site.

Referrer-Policy, X-Content-Type-Options and Cross-Origin-Opener-Policy come
from Django's SecurityMiddleware (SECURE_* settings).
"""

from __future__ import annotations

import base64
import hashlib
import logging
import re
from functools import cache

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.template import TemplateDoesNotExist
from django.template.loader import get_template

logger = logging.getLogger(__name__)
HEADER = "Content-Security-Policy"
STYLE_BLOCK = re.compile(r"<style>(.*?)</style>", re.DOTALL)


def _hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


@cache
def inline_style_hashes() -> tuple[str, ...]:
    """Hashes of the literal <style> blocks of the listed templates (a block
    holding template syntax cannot be hashed in advance and is reported)."""
    hashes = []
    for name in getattr(settings, "HUB_CSP_INLINE_STYLE_TEMPLATES", ()):
        try:
            source = get_template(name).template.source
        except TemplateDoesNotExist:
            logger.error("HUB_CSP_INLINE_STYLE_TEMPLATES: no template %s.", name)
            continue
        for block in STYLE_BLOCK.findall(source):
            if "{{" in block or "{%" in block:
                logger.error("The <style> of %s holds template syntax: it cannot be "
                             "allowed by a hash; move it to a static file.", name)
                continue
            hashes.append(_hash(block))
    return tuple(hashes)


def _serialise(directives: dict[str, list[str]]) -> str:
    return "; ".join(" ".join([name, *values]) for name, values in directives.items())


@cache
def _policies() -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    public = {k: list(v) for k, v in settings.HUB_CONTENT_SECURITY_POLICY.items()}
    public.setdefault("style-src", ["'self'"]).extend(inline_style_hashes())
    admin = {k: list(v) for k, v in settings.HUB_ADMIN_CONTENT_SECURITY_POLICY.items()}
    return public, admin


def policy_for(path: str, frame_ancestors: str | None) -> str:
    public, admin = _policies()
    directives = dict(admin if path.startswith(tuple(settings.HUB_ADMIN_PATHS))
                      else public)
    if frame_ancestors:
        directives["frame-ancestors"] = [frame_ancestors]
    return _serialise(directives)


def is_embeddable(path: str) -> bool:
    return path.startswith(tuple(settings.HUB_EMBEDDABLE_PATHS))


class SecurityHeadersMiddleware:
    """Sits above Django's XFrameOptionsMiddleware (so it sees the header
    that one wrote) and below nothing that adds content."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if settings.DEBUG and response.status_code >= 500:
            return response  # Django's technical error page is all inline
        path = request.path_info
        if is_embeddable(path):
            if "X-Frame-Options" in response:
                del response["X-Frame-Options"]
            ancestors: str | None = "*"
        else:
            # Nothing else may be framed by another site: a response without
            # X-Frame-Options (a view marked exempt, an answer from a cache
            # above Django's middleware) is denied too; a view that must be
            # embeddable belongs under HUB_EMBEDDABLE_PATHS.
            response.setdefault("X-Frame-Options", "DENY")
            same_origin = response["X-Frame-Options"].upper() == "SAMEORIGIN"
            ancestors = "'self'" if same_origin else "'none'"
        if HEADER not in response:
            response[HEADER] = policy_for(path, ancestors)
        return response


@receiver(setting_changed)
def _reset(*, setting: str, **kwargs) -> None:
    if setting in ("HUB_CONTENT_SECURITY_POLICY", "HUB_ADMIN_CONTENT_SECURITY_POLICY",
                   "HUB_CSP_INLINE_STYLE_TEMPLATES", "TEMPLATES"):
        inline_style_hashes.cache_clear()
        _policies.cache_clear()
