"""The embeddable widgets plugin (plugins/widgets/) over HTTP: the widget
script (ETag/304, caching, gzip, CORS, size), the theme stylesheets, the
extension point it is built from, the plugin switch, and the admin's widget
builder. The widgets themselves run in a real browser in
tests/plugins/test_widgets_browser.py."""

import gzip
import json
import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.template import Engine
from flanders_hub_embed.attributes import attribute_names
from wagtail.users.models import UserProfile

from plugins import registry
from plugins.extension import WidgetType
from plugins.signals import register_widget_types
from plugins.widgets import build
from plugins.widgets.snippets import TEMPLATE_TAGS
from plugins.widgets.themes import DEFAULTS, contrast, contrast_failures
from tests.factories import make_event, make_institution, make_representation
from themes.registry import available_themes

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = "/embed/v1/widgets.js"
BUDGET = 15 * 1024  # bytes, gzipped
ELEMENTS = ["flanders-events", "flanders-calendar", "flanders-expertise",
            "flanders-search"]

pytestmark = pytest.mark.django_db


def script_config(body: bytes) -> dict:
    """The configuration the hub wrote into the script."""
    text = body.decode("utf-8")
    start = text.index("const C=") + len("const C=")
    config, _end = json.JSONDecoder().raw_decode(text[start:])
    return config


@pytest.fixture
def widgets_disabled():
    registry.set_enabled("hub_widgets", False)
    yield
    registry.set_enabled("hub_widgets", True)
    registry.forget_states()


def make_admin(username: str = "root"):
    """A superuser whose admin is in English (the hub's default is Dutch)."""
    user = get_user_model().objects.create_superuser(username, f"{username}@example.org",
                                                     "pw")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


@pytest.fixture
def admin_client(client):
    client.force_login(make_admin())
    return client


# --- the plugin and its extension point --------------------------------------


def test_widgets_are_a_builtin_plugin_enabled_by_default():
    meta = registry.installed_plugins()["hub_widgets"]
    assert meta.builtin and meta.default_enabled
    assert meta.module == "plugins.widgets"
    assert registry.is_enabled("hub_widgets")
    types = [t for t in register_widget_types.collect() if isinstance(t, WidgetType)]
    assert [t.element for t in types] == ELEMENTS
    for widget_type in types:
        assert {"lang", "theme", "hub"} <= set(widget_type.attributes)


def test_the_script_defines_the_registered_widget_types(client):
    config = script_config(client.get(SCRIPT).content)
    assert [t["element"] for t in config["types"]] == ELEMENTS
    events = config["types"][0]
    # Filter attributes are the read API's parameter names, 1:1.
    assert {"organiser", "country", "discipline", "type", "when"} <= set(
        events["filters"])
    assert not {"lang", "theme", "layout", "limit", "time-zone"} & set(events["filters"])
    assert "time-zone" in events["attributes"]


def test_a_plugins_widget_type_reaches_the_script_and_the_builder(client):
    def scholarships(sender, **kwargs):
        return [WidgetType(name="scholarships", element="flanders-scholarships",
                           title="Scholarships",
                           attributes={"discipline": "Discipline code.",
                                       "deadline-before": "A date."})]

    register_widget_types.connect(scholarships, dispatch_uid="test_scholarships")
    try:
        config = script_config(client.get(SCRIPT).content)
        assert "flanders-scholarships" in [t["element"] for t in config["types"]]
        client.force_login(make_admin())
        html = client.get("/admin/widget-builder/",
                          {"widget": "scholarships"}).content.decode()
        assert "&lt;flanders-scholarships&gt;" in html
        assert 'name="deadline-before"' in html
    finally:
        register_widget_types.disconnect(dispatch_uid="test_scholarships")
    config = script_config(client.get(SCRIPT).content)
    assert "flanders-scholarships" not in [t["element"] for t in config["types"]]


def test_the_script_carries_ui_strings_in_four_languages(client):
    config = script_config(client.get(SCRIPT).content)
    assert set(config["strings"]) == {"nl", "en", "fr", "de"}
    assert config["strings"]["en"]["loading"] == "Loading…"
    assert config["strings"]["nl"]["link_events"] == (
        "Evenementen op de Vlaamse academische hub")
    assert config["strings"]["fr"]["search"] == "Rechercher"
    assert config["strings"]["de"]["next_month"] == "Nächster Monat"
    for language in ("nl", "fr", "de"):
        same = [key for key, text in config["strings"][language].items()
                if text == config["strings"]["en"][key]
                and key not in ("online", "label_expertise", "disciplines", "suggestions")]
        assert not same, f"{language}: untranslated {same}"
        assert config["labels"][language]["event_type"]["education-fair"] != (
            config["labels"]["en"]["event_type"]["education-fair"])


# --- the script over HTTP ---------------------------------------------------------


def test_script_is_cached_with_an_etag_and_cors(client):
    response = client.get(SCRIPT)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Cross-Origin-Resource-Policy"] == "cross-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "max-age=86400" in response["Cache-Control"]
    assert response["Cache-Control"].startswith("public")
    assert "Accept-Encoding" in response["Vary"]
    etag = response["ETag"]
    assert re.fullmatch(r'"[0-9a-f]{32}"', etag)
    again = client.get(SCRIPT, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag and "max-age=86400" in again["Cache-Control"]
    assert client.get(SCRIPT, HTTP_IF_NONE_MATCH='"other"').status_code == 200
    # Built once: the same bytes and ETag on every request.
    assert client.get(SCRIPT).content == response.content


def test_script_is_served_gzipped_to_clients_that_accept_it(client):
    plain = client.get(SCRIPT)
    zipped = client.get(SCRIPT, HTTP_ACCEPT_ENCODING="br, gzip;q=0.8")
    assert zipped["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.content) == plain.content
    assert zipped["ETag"] != plain["ETag"]
    assert client.get(SCRIPT, HTTP_ACCEPT_ENCODING="gzip",
                      HTTP_IF_NONE_MATCH=zipped["ETag"]).status_code == 304
    refused = client.get(SCRIPT, HTTP_ACCEPT_ENCODING="gzip;q=0, identity")
    assert "Content-Encoding" not in refused


def test_a_versioned_script_url_is_immutable(client):
    version = build.widget_script().version
    response = client.get(SCRIPT, {"v": version})
    assert "immutable" in response["Cache-Control"]
    assert "max-age=31536000" in response["Cache-Control"]
    assert "immutable" not in client.get(SCRIPT, {"v": "old"})["Cache-Control"]


def test_script_methods(client):
    assert client.head(SCRIPT).status_code == 200
    preflight = client.options(SCRIPT)
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "*"
    posted = client.post(SCRIPT)
    assert posted.status_code == 405
    assert posted.json()["error"]["code"] == "method_not_allowed"


def test_script_is_under_15_kb_gzipped_and_the_docs_say_how_big(client):
    body = client.get(SCRIPT).content
    size = len(gzip.compress(body, compresslevel=9))
    print(f"\nwidgets.js: {len(body)} bytes, {size} bytes gzipped "
          f"({size / 1024:.1f} KB of the {BUDGET // 1024} KB budget)")
    assert size < BUDGET
    documented = re.search(r"([0-9.]+) KB gzipped",
                           (ROOT / "docs/widgets.md").read_text(encoding="utf-8"))
    assert documented, "docs/widgets.md states the gzipped size as 'N.N KB gzipped'"
    assert abs(float(documented.group(1)) * 1024 - size) < 512, (
        f"docs/widgets.md says {documented.group(1)} KB; it is {size / 1024:.1f} KB")


def test_script_source_is_es2019_without_a_framework():
    source = (ROOT / "plugins/widgets/src/widgets.js").read_text(encoding="utf-8")
    for newer in ("?.", "??", "static ", "import(", "require("):
        assert newer not in source.replace("static get", ""), newer
    assert "innerHTML" not in source and "insertAdjacentHTML" not in source
    assert "document.write" not in source and "eval(" not in source


# --- plugin switch and unknown paths ------------------------------------------------


def test_disabled_plugin_answers_404_everywhere(client, widgets_disabled):
    for url in (SCRIPT, "/embed/v1/themes/flanders.css", "/embed/v1/theme.css"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.json()["error"]["code"] == "not_found"
    client.force_login(make_admin())
    assert client.get("/admin/widget-builder/").status_code == 404
    assert "Widget builder" not in client.get("/admin/").content.decode()


def test_unknown_embed_paths_are_json_404s_not_redirects(client):
    for url in ("/embed/", "/embed/v2/widgets.js", "/embed/v1/themes/"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.json()["error"]["code"] == "not_found"


# --- themes -----------------------------------------------------------------------------


def test_named_theme_stylesheet(client):
    response = client.get("/embed/v1/themes/flanders.css")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/css; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    css = response.content.decode()
    tokens = available_themes()["flanders"].tokens
    assert ":host{" in css
    assert f"--hub-color-text:{tokens['color-text']}" in css
    assert "</style" not in css.lower()
    assert client.get("/embed/v1/themes/flanders.css",
                      HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    missing = client.get("/embed/v1/themes/no-such-theme.css")
    assert missing.status_code == 404
    assert "no-such-theme" in missing.json()["error"]["message"]


def test_default_theme_follows_the_organisation(client, site_tree, settings):
    default = settings.HUB_DEFAULT_THEME
    other = next((name for name in sorted(available_themes()) if name != default), None)
    plain = make_institution("Plain University", "plain")
    themed = make_institution("Themed University", "themed",
                              default_theme=other or "not-installed")
    hub_css = client.get("/embed/v1/theme.css")
    assert hub_css.status_code == 200
    assert f"theme: {default} */" in hub_css.content.decode()
    assert "max-age=300" in hub_css["Cache-Control"]
    assert client.get("/embed/v1/theme.css",
                      {"organiser": "plain"}).content == hub_css.content
    by_id = client.get("/embed/v1/theme.css",
                       {"organiser": str(themed.translation_key)}).content.decode()
    by_slug = client.get("/embed/v1/theme.css", {"organiser": "themed"}).content
    assert by_slug.decode() == by_id
    assert f"theme: {other or default} */" in by_id
    assert plain.default_theme == ""


def test_default_theme_bad_input(client, site_tree):
    unknown = client.get("/embed/v1/theme.css", {"organiser": "nobody"})
    assert unknown.status_code == 400
    assert unknown.json()["error"] == {"code": "unknown_value", "param": "organiser",
                                       "message": "No organiser 'nobody'."}
    extra = client.get("/embed/v1/theme.css", {"colour": "red"})
    assert extra.status_code == 400
    assert extra.json()["error"]["code"] == "unknown_parameter"
    long = client.get("/embed/v1/theme.css", {"organiser": "x" * 500})
    assert long.status_code == 400


def test_every_theme_meets_wcag_aa_in_the_widgets():
    failures = [f for theme in available_themes().values()
                for f in contrast_failures(theme)]
    assert not failures, "\n".join(failures)
    assert contrast("#1d1d1b", "#ffffff") > 15  # the check itself works
    assert contrast("#777777", "#ffffff") < 4.5


def test_widget_css_fallbacks_are_the_default_theme():
    css = (ROOT / "plugins/widgets/src/widgets.css").read_text(encoding="utf-8")
    fallbacks = dict(re.findall(r"var\(--hub-(color-[a-z-]+),\s*(#[0-9a-fA-F]+)\)", css))
    assert fallbacks, "widgets.css reads colours through var(--hub-…, fallback)"
    assert fallbacks == {k: v for k, v in DEFAULTS.items() if k in fallbacks}
    default = available_themes()["flanders"].tokens
    assert {k: v for k, v in DEFAULTS.items() if k in default} == {
        k: default[k] for k in DEFAULTS if k in default}


# --- the widget builder --------------------------------------------------------------


def test_builder_needs_an_admin_login(client):
    response = client.get("/admin/widget-builder/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    nobody = get_user_model().objects.create_user("visitor", "v@example.org", "pw")
    client.force_login(nobody)
    assert client.get("/admin/widget-builder/").status_code in (302, 403)


def test_builder_page_renders_every_widget_type(admin_client, site_tree):
    home = admin_client.get("/admin/").content.decode()
    assert "Widget builder" in home
    for widget in ("events", "calendar", "expertise", "search"):
        response = admin_client.get("/admin/widget-builder/", {"widget": widget})
        assert response.status_code == 200
        html = response.content.decode()
        assert f"<flanders-{widget} " in html
        assert 'src="http://testserver/embed/v1/widgets.js"' in html
        assert f"[flanders_{widget} " in html
        assert "{% load flanders_hub %}" in html


def test_builder_writes_snippets_for_a_configuration(admin_client, site_tree):
    japan = make_representation()
    make_event(japan)
    query = {"widget": "events", "organiser": str(japan.translation_key),
             "country": "JP", "limit": "3", "layout": "cards", "lang": "fr",
             "time-zone": "visitor", "format": "json"}
    data = admin_client.get("/admin/widget-builder/", query).json()
    assert data["valid"] and data["element"] == "flanders-events"
    assert data["attributes"] == {
        "organiser": str(japan.translation_key), "country": "JP", "limit": "3",
        "layout": "cards", "time-zone": "visitor", "lang": "fr"}
    # The fallback link uses the listing page's own filters (slugs).
    assert data["fallback_url"] == (
        "http://testserver/fr/events/?organiser=japan&country=JP")
    assert data["fallback_text"] == "Événements sur le Hub académique de Flandre"
    assert data["html"].startswith(
        '<script src="http://testserver/embed/v1/widgets.js" defer></script>\n'
        f'<flanders-events organiser="{japan.translation_key}" country="JP"')
    assert '<a href="http://testserver/fr/events/?organiser=japan&amp;country=JP">' in (
        data["html"])
    assert data["shortcode"] == (
        f'[flanders_events organiser="{japan.translation_key}" country="JP" '
        'limit="3" layout="cards" time-zone="visitor" lang="fr"]')
    assert data["wagtail"] == (
        "{% load flanders_hub %}\n"
        f'{{% flanders_events organiser="{japan.translation_key}" country="JP" '
        'limit="3" layout="cards" lang="fr" %}')
    assert data["wagtail_dropped"] == ["time-zone"]


def test_builder_refuses_bad_values_and_escapes_text(admin_client, site_tree):
    data = admin_client.get("/admin/widget-builder/", {
        "widget": "events", "limit": "500", "country": "XX", "format": "json"}).json()
    assert not data["valid"]
    assert set(data["errors"]) == {"limit", "country"}
    assert "limit" not in data["attributes"] and "country" not in data["attributes"]
    hostile = '"><script>alert(1)</script>[x]'
    data = admin_client.get("/admin/widget-builder/", {
        "widget": "search", "q": hostile, "format": "json"}).json()
    assert "<script>alert" not in data["html"]
    assert "&quot;&gt;&lt;script&gt;" in data["html"]
    assert '"' not in data["shortcode"].split('q="')[1].split('"')[0]
    assert "[x]" not in data["shortcode"]
    assert "{% flanders_widgets_script %}" in data["wagtail"]
    page = admin_client.get("/admin/widget-builder/", {"widget": "search", "q": hostile})
    assert "<script>alert(1)" not in page.content.decode()


def test_builder_without_javascript_is_a_get_form(admin_client, site_tree):
    html = admin_client.get("/admin/widget-builder/", {"widget": "calendar",
                                                        "month": "2027-02"}).content
    html = html.decode()
    assert 'method="get"' in html
    assert '<flanders-calendar month="2027-02"' in html
    assert "Update preview" in html
    cache.clear()


def test_builder_template_code_compiles_with_the_django_package(admin_client, site_tree):
    """The Wagtail/Django code the builder hands out is valid for the
    django-flanders-hub package (an unknown attribute would be a template
    syntax error on the institution's site)."""
    for widget, names in TEMPLATE_TAGS.items():
        assert set(names) == set(attribute_names(widget)), widget
    engine = Engine(libraries={
        "flanders_hub": "flanders_hub_embed.templatetags.flanders_hub"})
    japan = make_representation()
    cases = [({"widget": "events", "organiser": str(japan.translation_key),
               "country": "JP", "layout": "compact", "time-zone": "visitor",
               "heading-level": "2", "sort": "-start", "status": "cancelled"},
              {"time-zone", "heading-level", "sort", "status"}),
             ({"widget": "expertise", "kind": "lab", "limit": "7"}, set())]
    for query, dropped in cases:
        data = admin_client.get("/admin/widget-builder/",
                                {**query, "format": "json"}).json()
        engine.from_string(data["wagtail"])  # raises TemplateSyntaxError if not
        assert set(data["wagtail_dropped"]) == dropped
        assert set(data["attributes"]) - dropped - {"widget"} <= set(
            attribute_names(query["widget"]))
