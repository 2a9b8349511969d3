"""The WordPress plugin (plugins/wordpress/flanders-hub/).

* every PHP file passes ``php -l``;
* its PHP unit tests (tests/run-tests.php on stand-ins of the WordPress
  functions it calls) pass, and fail when escaping or cleaning is removed;
* the translation template holds every translatable string, and the nl, fr
  and de translations are complete and compiled (.mo, editor .json);
* the zip of scripts/package_wordpress_plugin.sh installs as one folder;
* end to end on Debian's ``wordpress`` package with a private MariaDB and
  ``php -S`` (tests/plugins/wordpress_site.py): pages with shortcodes and the block,
  the settings form, the admin in Dutch, the block renderer of the REST API,
  the block editor in headless Chromium, and uninstalling.

PHP, WordPress and MariaDB come from Debian's packages (scripts/test.sh
installs them). When they are missing the tests fail; they are never skipped.
"""

import json
import re
import shutil
import subprocess
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser import quit_chromium, start_chromium
from tests.plugins.wordpress_site import Browser, WordPressSite, missing_requirements

ROOT = Path(__file__).resolve().parents[2]
PLUGIN = ROOT / "plugins/wordpress/flanders-hub"
HUB = "https://hub.example"
XSS = '"><script>alert(1)</script>'
WIDGETS_JS = f"{HUB}/embed/v1/widgets.js"


def _php() -> str:
    php = shutil.which("php")
    if not php:
        pytest.fail("php is missing: apt-get install -y php-cli (scripts/test.sh does this)")
    return php


def _run_unit_tests(plugin_dir: Path) -> subprocess.CompletedProcess:
    return subprocess.run([_php(), str(plugin_dir / "tests/run-tests.php")],
                          capture_output=True, text=True, timeout=120)


# --- PHP -------------------------------------------------------------------


def test_every_php_file_passes_php_lint():
    files = sorted(PLUGIN.rglob("*.php"))
    assert len(files) >= 8, files
    errors = []
    for path in files:
        result = subprocess.run([_php(), "-l", str(path)], capture_output=True, text=True)
        if result.returncode or "No syntax errors" not in result.stdout:
            errors.append(f"{path.relative_to(ROOT)}: {result.stdout}{result.stderr}")
    assert not errors, "\n".join(errors)


def test_php_unit_tests_of_the_output_pass():
    result = _run_unit_tests(PLUGIN)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "not ok" not in result.stdout
    passed = re.search(r"^all (\d+) tests passed$", result.stdout, re.M)
    assert passed and int(passed.group(1)) >= 18, result.stdout


# Each change breaks one promise of the plugin; the unit tests must notice.
MUTATIONS = {
    "attributes not escaped": (
        "includes/class-flanders-hub-widgets.php",
        "'=\"' . esc_attr( $value ) . '\"'", "'=\"' . $value . '\"'"),
    "link not escaped": (
        "includes/class-flanders-hub-widgets.php",
        "esc_url( $url, array( 'http', 'https' ) )", "$url"),
    "limit not clamped": (
        "includes/class-flanders-hub-widgets.php",
        "max( self::LIMIT_MIN, min( self::LIMIT_MAX, (int) $value ) )", "$value"),
    "unknown attributes kept": (
        "includes/class-flanders-hub-widgets.php",
        "foreach ( self::attribute_names( $widget ) as $name ) {",
        "foreach ( array_merge( self::attribute_names( $widget ), "
        "array_diff( array_keys( $atts ), self::attribute_names( $widget ) ) ) as $name ) {"),
    "script not deferred": (
        "includes/class-flanders-hub-widgets.php", "'strategy'  => 'defer',", ""),
    "no script": (
        "includes/class-flanders-hub-widgets.php",
        "self::enqueue_script( null !== $site_hub ? $site_hub : $clean['hub'] );", ""),
    "empty output": (
        "includes/class-flanders-hub-widgets.php", "\t\treturn $html;", "\t\treturn '';"),
    "uninstall keeps the option": (
        "uninstall.php", "delete_option( 'flanders_hub_settings' );\n\nif", "if"),
}


@pytest.mark.parametrize("mutation", sorted(MUTATIONS))
def test_unit_tests_catch_a_broken_plugin(mutation, tmp_path):
    copy = tmp_path / "flanders-hub"
    shutil.copytree(PLUGIN, copy)
    relative, old, new = MUTATIONS[mutation]
    source = (copy / relative).read_text()
    assert source.count(old) == 1, f"{old!r} not found once in {relative}"
    (copy / relative).write_text(source.replace(old, new))
    result = _run_unit_tests(copy)
    assert result.returncode != 0, f"{mutation} went unnoticed:\n{result.stdout}"
    assert "not ok" in result.stdout, result.stdout + result.stderr


# --- translations and packaging ------------------------------------------

CALL = re.compile(r"\b(?:__|_e|esc_html__|esc_html_e|esc_attr__|esc_attr_e)\(\s*"
                  r"'((?:[^'\\]|\\.)*)'\s*,\s*'([^']*)'\s*\)")


def _po_entries(path: Path) -> dict[tuple[str, str], polib.POEntry]:
    """(context, msgid) -> entry of a .po or .pot file."""
    return {(entry.msgctxt or "", entry.msgid): entry for entry in polib.pofile(str(path))}


def test_translation_template_has_every_string():
    sources = [p for p in PLUGIN.rglob("*.php") if "tests" not in p.parts]
    sources += [PLUGIN / "blocks/widget/editor.js"]
    strings = []
    for path in sources:
        text = path.read_text()
        calls = CALL.findall(text)
        # Every call has a literal text and the text domain as second argument.
        bare = len(re.findall(r"\b(?:__|_e|esc_html__|esc_html_e|esc_attr__|esc_attr_e)\(",
                              text))
        assert bare == len(calls), f"{path.name}: a translation call without a literal text"
        strings += [(path.name, msgid.replace("\\'", "'"), domain) for msgid, domain in calls]
    assert len(strings) > 40
    assert {domain for _, _, domain in strings} == {"flanders-hub"}
    pot = {msgid for _, msgid in _po_entries(PLUGIN / "languages/flanders-hub.pot")}
    missing = sorted({f"{name}: {msgid}" for name, msgid, _ in strings if msgid not in pot})
    assert not missing, "run plugins/wordpress/flanders-hub/tools/update-translations.sh:\n" \
        + "\n".join(missing)
    block = json.loads((PLUGIN / "blocks/widget/block.json").read_text())
    assert {block["title"], block["description"], *block["keywords"]} <= pot


@pytest.mark.parametrize("lang", ["nl", "fr", "de"])
def test_translations_are_complete_and_compiled(lang):
    languages = PLUGIN / "languages"
    template = _po_entries(languages / "flanders-hub.pot")
    po = _po_entries(languages / f"flanders-hub-{lang}.po")
    assert set(po) == set(template), "run tools/update-translations.sh"
    assert not [key for key, entry in po.items() if not entry.msgstr or entry.fuzzy]
    # The compiled files are what WordPress reads: they must match the .po.
    mo = polib.mofile(str(languages / f"flanders-hub-{lang}.mo"))
    assert {(entry.msgctxt or "", entry.msgid): entry.msgstr for entry in mo} == {
        key: entry.msgstr for key, entry in po.items()}, "run tools/update-translations.sh"
    editor = json.loads((languages / f"flanders-hub-{lang}-editor.json").read_text())
    messages = editor["locale_data"]["messages"]
    assert messages.pop("") == {"domain": "messages", "lang": lang}
    assert messages == {msgid: [entry.msgstr] for (_, msgid), entry in po.items()
                        if any(path.endswith("editor.js") for path, _ in entry.occurrences)}
    assert len(messages) > 30


def test_package_script_builds_an_installable_zip(tmp_path):
    result = subprocess.run(["bash", str(ROOT / "scripts/package_wordpress_plugin.sh"),
                             str(tmp_path)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    archive = tmp_path / "flanders-hub-1.0.0.zip"
    assert result.stdout.strip() == str(archive)
    names = set(zipfile.ZipFile(archive).namelist())
    assert {"flanders-hub/flanders-hub.php", "flanders-hub/readme.txt",
            "flanders-hub/README.md", "flanders-hub/uninstall.php",
            "flanders-hub/blocks/widget/block.json", "flanders-hub/blocks/widget/editor.js",
            "flanders-hub/blocks/widget/editor.asset.php",
            "flanders-hub/languages/flanders-hub.pot",
            "flanders-hub/languages/flanders-hub-nl.mo",
            "flanders-hub/languages/flanders-hub-nl-editor.json"} <= names
    assert all(name.startswith("flanders-hub/") for name in names)
    assert not [name for name in names if "/tests/" in name or "/tools/" in name]


# --- end to end on WordPress ----------------------------------------------


@pytest.fixture(scope="module")
def wordpress():
    _php()
    missing = missing_requirements()
    if missing:
        pytest.fail(f"missing Debian packages for the WordPress test: {' '.join(missing)} "
                    "(apt-get install -y; scripts/test.sh does this)")
    site = WordPressSite.start()
    try:
        site.set_option("flanders_hub_settings", {"hub_url": HUB, "lang": "", "theme": ""})
        yield site
    finally:
        site.stop()


class _Elements(HTMLParser):
    """The widget elements, their fallback links and the script tags of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.widgets: list[dict] = []
        self.scripts: list[dict] = []
        self._open: dict | None = None

    def handle_starttag(self, tag, attrs):
        if tag.startswith("flanders-"):
            self._open = {"tag": tag, "attrs": dict(attrs), "links": []}
            self.widgets.append(self._open)
        elif tag == "a" and self._open is not None:
            self._open["links"].append({"attrs": dict(attrs), "text": ""})
        elif tag == "script":
            self.scripts.append(dict(attrs))

    def handle_data(self, data):
        if self._open is not None and self._open["links"]:
            self._open["links"][-1]["text"] += data

    def handle_endtag(self, tag):
        if tag.startswith("flanders-"):
            self._open = None


def _parse(html: str) -> _Elements:
    parser = _Elements()
    parser.feed(html)
    return parser


def _fetch(site: WordPressSite, url: str) -> str:
    answer = Browser(site.url).request(url.removeprefix(site.url))
    assert answer.status == 200, answer.text[:2000]
    return answer.text


def test_wordpress_page_with_shortcodes_and_block(wordpress):
    # WordPress itself drops shortcode attributes holding markup; a quote gets
    # through, and block attributes (JSON) may hold anything.
    content = (
        "[flanders_events country=\"jp\" limit=\"500\" onclick=\"alert(1)\" "
        "organiser=\"x' onmouseover='alert(1)\"]\n\n"
        "[flanders_calendar lang=\"nl\" time-zone=\"visitor\"]\n\n"
        '<!-- wp:flanders-hub/widget {"widget":"expertise","institution":"vub",'
        '"discipline":"1.2","layout":"cards"} /-->\n\n'
        '<!-- wp:flanders-hub/widget {"organiser":"\\u0022\\u003e\\u003cscript\\u003e'
        'alert(1)\\u003c/script\\u003e","limit":3} /-->\n\n'
        "[flanders_search lang=\"de\"]"
    )
    html = _fetch(wordpress, wordpress.add_page("Widgets", content))
    page = _parse(html)
    assert [widget["tag"] for widget in page.widgets] == [
        "flanders-events", "flanders-calendar", "flanders-expertise", "flanders-events",
        "flanders-search"]
    events, calendar, expertise, block_events, search = page.widgets

    assert events["attrs"] == {"hub": HUB, "lang": "en", "organiser": "x' onmouseover='alert(1)",
                               "country": "JP", "limit": "100"}
    assert "onclick" not in html
    assert "' onmouseover" not in html
    link = events["links"][0]
    assert link["attrs"]["href"] == (
        f"{HUB}/en/events/?organiser=x%27%20onmouseover%3D%27alert%281%29&country=JP")
    assert link["text"] == "Events on the Flanders Academic Hub"

    assert block_events["attrs"] == {"hub": HUB, "lang": "en", "organiser": XSS,
                                     "limit": "3"}
    assert "<script>alert(1)" not in html
    assert block_events["links"][0]["attrs"]["href"] == (
        f"{HUB}/en/events/?organiser=%22%3E%3Cscript%3Ealert%281%29%3C%2Fscript%3E")

    assert calendar["attrs"] == {"hub": HUB, "lang": "nl", "time-zone": "visitor"}
    assert calendar["links"][0]["attrs"]["href"] == f"{HUB}/nl/events/"
    assert expertise["attrs"] == {"hub": HUB, "lang": "en", "institution": "vub",
                                  "discipline": "1.2", "layout": "cards"}
    assert expertise["links"][0]["attrs"]["href"] == \
        f"{HUB}/en/expertise/?institution=vub&discipline=1.2"
    assert search["links"][0]["text"] == "Im Akademischen Hub Flandern suchen"

    hub_scripts = [s for s in page.scripts if s.get("src", "").startswith(HUB)]
    assert len(hub_scripts) == 1, page.scripts
    assert hub_scripts[0]["src"] == WIDGETS_JS
    assert "defer" in hub_scripts[0]
    assert html.count("widgets.js") == 1
    # In the footer, after the content.
    assert html.index("widgets.js") > html.index("</flanders-search>")
    assert wordpress.plugin_log_lines() == []


def test_wordpress_page_without_widgets_loads_no_script(wordpress):
    html = _fetch(wordpress, wordpress.add_page("Plain", "Nothing to embed here."))
    assert "Nothing to embed here." in html
    assert "flanders" not in html.lower()


def test_wordpress_settings_form_sanitises(wordpress):
    browser = wordpress.login()
    page = browser.request("/wp-admin/options-general.php?page=flanders-hub")
    assert page.status == 200, page.text[:2000]
    assert 'name="flanders_hub_settings[hub_url]"' in page.text
    assert f'value="{HUB}"' in page.text
    nonce = re.search(r'name="_wpnonce" value="([^"]+)"', page.text).group(1)

    def save(hub_url: str, lang: str, theme: str):
        return browser.request("/wp-admin/options.php", {
            "option_page": "flanders_hub", "action": "update", "_wpnonce": nonce,
            "_wp_http_referer": "/wp-admin/options-general.php?page=flanders-hub",
            "flanders_hub_settings[hub_url]": hub_url,
            "flanders_hub_settings[lang]": lang,
            "flanders_hub_settings[theme]": theme})

    answer = save(f" {HUB}/ ", "fr", "Flanders")
    assert answer.status == 302, answer.text[:2000]
    assert wordpress.option("flanders_hub_settings") == {
        "hub_url": HUB, "lang": "fr", "theme": "flanders"}
    answer = save("javascript:alert(1)", "xx", "not a theme")
    assert answer.status == 302
    assert wordpress.option("flanders_hub_settings") == {
        "hub_url": HUB, "lang": "", "theme": "flanders"}
    shown = browser.request(answer.headers["Location"].removeprefix(wordpress.url))
    assert "The hub URL must be an http or https address" in shown.text
    save(HUB, "", "")
    assert wordpress.option("flanders_hub_settings") == {
        "hub_url": HUB, "lang": "", "theme": ""}


def test_wordpress_admin_in_dutch(wordpress):
    wordpress.command("user-locale", "nl_BE")  # no nl_BE file: the nl one serves it
    try:
        page = wordpress.login().request("/wp-admin/options-general.php?page=flanders-hub")
    finally:
        wordpress.command("user-locale", "")
    assert page.status == 200
    assert "<h2>Verbinding met de hub</h2>" in page.text
    assert '<label for="flanders_hub_hub_url">URL van de hub</label>' in page.text


def test_wordpress_block_renderer_validates_block_json(wordpress):
    browser = wordpress.login()
    nonce = browser.request("/wp-admin/admin-ajax.php?action=rest-nonce").text.strip()
    assert re.fullmatch(r"[0-9a-f]{10}", nonce), nonce
    route = "/?rest_route=/wp/v2/block-renderer/flanders-hub/widget&context=edit"
    answer = browser.request(
        route + "&attributes[widget]=search&attributes[lang]=fr&attributes[limit]=3",
        headers={"X-WP-Nonce": nonce})
    assert answer.status == 200, answer.text
    rendered = json.loads(answer.text)["rendered"]
    assert rendered.startswith(f'<flanders-search hub="{HUB}" lang="fr" limit="3">')
    assert "Rechercher dans le Hub académique de Flandre" in rendered
    answer = browser.request(route + "&attributes[layout]=grid",
                             headers={"X-WP-Nonce": nonce})
    assert answer.status == 400, answer.text


def test_wordpress_block_editor_loads_the_block(wordpress):
    # In Dutch: the block's title comes translated from PHP (block.json), the
    # sidebar's strings from languages/flanders-hub-nl-editor.json.
    wordpress.command("user-locale", "nl_BE")
    driver = start_chromium(extra_flags=("--window-size=1280,900",))
    driver.set_page_load_timeout(60)
    try:
        wait = WebDriverWait(driver, 60)
        driver.get(f"{wordpress.url}/wp-login.php")
        driver.find_element(By.ID, "user_login").send_keys("admin")
        driver.find_element(By.ID, "user_pass").send_keys("hub-test-password")
        driver.find_element(By.ID, "wp-submit").click()
        wait.until(lambda d: "/wp-admin/" in d.current_url)
        driver.get(f"{wordpress.url}/wp-admin/post-new.php?post_type=page")
        wait.until(lambda d: d.execute_script(
            "return !!(window.wp && wp.blocks && wp.data && "
            "wp.blocks.getBlockType('flanders-hub/widget'))"),
            "the block is not registered in the editor")
        block = driver.execute_script(
            "var t = wp.blocks.getBlockType('flanders-hub/widget');"
            "return {title: t.title, edit: typeof t.edit, widget: t.attributes.widget.default,"
            " label: wp.i18n.__('Number of items', 'flanders-hub')};")
        assert block == {"title": "Vlaamse academische hub", "edit": "function",
                         "widget": "events", "label": "Aantal items"}
        driver.execute_script(
            "wp.data.dispatch('core/block-editor').insertBlocks("
            "wp.blocks.createBlock('flanders-hub/widget', {widget: 'search', lang: 'nl'}));")
        link = wait.until(lambda d: d.find_elements(
            By.CSS_SELECTOR, "flanders-search a.flanders-hub-fallback"),
            "the block preview did not render")
        assert link[0].get_attribute("href") == f"{HUB}/nl/search/"
        errors = [entry for entry in driver.get_log("browser")
                  if entry["level"] == "SEVERE" and "editor.js" in entry["message"]]
        assert not errors, errors
    finally:
        quit_chromium(driver)
        wordpress.command("user-locale", "")


def test_wordpress_uninstall_removes_the_settings(wordpress):
    # Last in this module: afterwards the site has no hub URL.
    assert wordpress.option("flanders_hub_settings")["hub_url"] == HUB
    assert wordpress.command("uninstall").strip() == "null"
    assert wordpress.plugin_log_lines() == []
