"""Security headers of the hub's responses (cms/operations/security.py) and the
theme stylesheets that replaced inline styles (themes/stylesheets.py)."""

from __future__ import annotations

import base64
import hashlib
import re

import pytest
from django.test import Client
from django.urls import path

from tests.factories import (
    make_institution,
    make_page_of_every_type,
    publish,
)
from themes.models import CustomTheme

pytestmark = pytest.mark.django_db

CSP = "Content-Security-Policy"
THEME_LINK = re.compile(r'<link rel="stylesheet" href="(/theme-css/[^"]+)" '
                        r'data-theme="([^"]+)">')


def directives(header: str) -> dict[str, list[str]]:
    found = {}
    for part in header.split(";"):
        name, *values = part.split()
        found[name] = values
    return found


@pytest.fixture
def pages(site_tree) -> dict[str, str]:
    """A URL of every public page type."""
    return make_page_of_every_type("nl") | {"api docs": "/api/v1/docs"}


def test_every_public_page_has_a_strict_policy_and_no_inline_code(client, pages):
    for kind, url in pages.items():
        response = client.get(url)
        assert response.status_code in (200, 404), (kind, response.status_code)
        policy = directives(response[CSP])
        for name in ("script-src", "style-src", "default-src"):
            assert "'unsafe-inline'" not in policy[name], (kind, name)
            assert "'unsafe-eval'" not in policy[name], (kind, name)
            assert not any(v.startswith("'nonce-") for v in policy[name]), kind
        assert policy["frame-ancestors"] == ["'none'"], kind
        assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'self'"]
        assert response["X-Frame-Options"] == "DENY", kind
        assert response["X-Content-Type-Options"] == "nosniff", kind
        assert response["Referrer-Policy"] == "same-origin", kind
        html = response.content.decode()
        # Every script is a file, or JSON-LD (data, which CSP does not run).
        for attributes in re.findall(r"<script\b([^>]*)>", html):
            assert "src=" in attributes or 'type="application/ld+json"' in attributes, (
                kind, attributes)
        assert not re.search(r"\son[a-z]+\s*=", html), kind  # no handler attributes
        assert not re.search(r"<[a-z][^>]*\sstyle=", html), kind
        styles = re.findall(r"<style>(.*?)</style>", html, re.S)
        for css in styles:  # only the self-contained pages, allowed by hash
            digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
            assert f"'sha256-{digest}'" in policy["style-src"], kind
        assert not styles or kind == "api docs", kind


def test_pages_link_their_theme_as_an_immutable_stylesheet(client, pages):
    html = client.get(pages["institution"]).content.decode()
    href, name = THEME_LINK.search(html).groups()
    assert name == "kuleuven"
    css = client.get(href)
    assert css.status_code == 200 and css["Content-Type"] == "text/css; charset=utf-8"
    assert css["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "--hub-color-accent:#00407a" in css.content.decode()
    assert client.get(href, HTTP_IF_NONE_MATCH=css["ETag"]).status_code == 304
    home = THEME_LINK.search(client.get(pages["home"]).content.decode()).groups()
    assert home[1] == "flanders" and home[0] != href


def test_a_changed_custom_theme_gets_a_new_url_and_the_old_one_keeps_working(
        client, pages):
    kul = make_institution("Ghent University", "ugent")
    custom = CustomTheme.objects.create(name="ugent-own", label="UGent own",
                                        organisation=kul, custom_css=".a{color:red}")
    custom.save_revision().publish()
    kul.default_theme = "ugent-own"
    publish(kul)
    old_href = THEME_LINK.search(client.get(kul.url).content.decode())[1]
    custom.custom_css = ".a{color:blue}"
    custom.save()
    custom.save_revision().publish()
    new_href = THEME_LINK.search(client.get(kul.url).content.decode())[1]
    assert new_href != old_href
    assert ".a{color:blue}" in client.get(new_href).content.decode()
    # A page cached whole still points at the old URL: it answers what it
    # promised (the shared cache keeps stylesheets by digest).
    old = client.get(old_href)
    assert ".a{color:red}" in old.content.decode()
    assert old["Cache-Control"].endswith("immutable")
    # A digest nobody wrote: today's CSS, briefly cacheable.
    unknown = client.get("/theme-css/ugent-own/0123456789abcdef0123.css")
    assert unknown.status_code == 200 and ".a{color:blue}" in unknown.content.decode()
    assert unknown["Cache-Control"] == "public, max-age=300"
    missing = client.get("/theme-css/no-such-theme/0123456789abcdef0123.css")
    assert missing.status_code == 404  # a plain 404, not a redirect to /nl/


def test_embed_endpoints_may_be_framed_anywhere_and_nothing_else(client, pages):
    for url in ("/embed/v1/widgets.js", "/embed/v1/theme.css",
                f"/oembed?url=http://testserver{pages['event']}&format=json"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert directives(response[CSP])["frame-ancestors"] == ["*"], url
        assert "X-Frame-Options" not in response, url
        assert response["X-Content-Type-Options"] == "nosniff"
    for url in ("/api/v1/events/", "/feeds/events.ics", "/healthz"):
        response = client.get(url)
        assert directives(response[CSP])["frame-ancestors"] == ["'none'"], url


def test_the_admin_has_its_own_looser_policy(client, admin_user):
    login = client.get("/admin/login/")
    policy = directives(login[CSP])
    assert "'unsafe-inline'" in policy["script-src"]  # Wagtail's templates need it
    assert policy["frame-ancestors"] == ["'none'"]
    client.force_login(admin_user)
    dashboard = client.get("/admin/")
    assert directives(dashboard[CSP])["form-action"] == ["'self'"]


def test_session_and_csrf_cookies_are_httponly_and_samesite(client, admin_user):
    answer = client.get("/admin/login/")
    csrf = answer.cookies["csrftoken"]
    assert csrf["httponly"] and csrf["samesite"] == "Lax"
    form = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"',
                     answer.content.decode())[1]
    strict = Client(enforce_csrf_checks=True)
    strict.cookies["csrftoken"] = csrf.value
    logged_in = strict.post("/admin/login/", {
        "username": admin_user.username, "password": "password",
        "csrfmiddlewaretoken": form})
    assert logged_in.status_code == 302
    session = logged_in.cookies["sessionid"]
    assert session["httponly"] and session["samesite"] == "Lax"


def _broken(request):
    raise RuntimeError("boom")


urlpatterns = [path("broken/", _broken)]
handler500 = "cms.core.views.server_error"


def test_the_server_error_page_is_styled_by_an_allowed_hash(settings):
    settings.ROOT_URLCONF = __name__
    response = Client(raise_request_exception=False).get("/broken/")
    assert response.status_code == 500
    html = response.content.decode()
    css = re.search(r"<style>(.*?)</style>", html, re.S)[1]
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    policy = directives(response[CSP])
    assert f"'sha256-{digest}'" in policy["style-src"]
    assert "'unsafe-inline'" not in policy["style-src"]
