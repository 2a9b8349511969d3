"""Every theme in a real browser (Debian's headless Chromium through
Selenium): the gallery renders every widget type of /embed/v1/widgets.js in
every theme, and every hub page sample; the test walks all visible text (in
the widgets' shadow roots too), computes its WCAG contrast from
getComputedStyle and fails below 4.5:1 (3:1 for large text). It repeats this
with prefers-color-scheme: dark (Chrome DevTools Emulation.setEmulatedMedia),
checks focus outlines (3:1) and prefers-reduced-motion, and saves screenshots
to test-artifacts/themes/.

Served by pytest-django's live_server with a transactional database, like
tests/search/test_search_browser.py; Chromium and chromedriver come from Debian
(scripts/test.sh installs them). If they cannot start, the tests fail.
"""

import base64
from pathlib import Path

import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser import chromium_fixture
from tests.factories import make_event, make_expertise, make_institution, publish
from themes.contrast import contrast_ratio
from themes.registry import available_themes

WAIT = 20
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "themes"
WIDGETS = ("flanders-events", "flanders-calendar", "flanders-expertise",
           "flanders-search")

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Walks the visible text of a subtree (crossing into open shadow roots) and
# returns every text run whose contrast with its effective background is
# below WCAG 2.1 AA. Backgrounds are composited from the element upwards
# (across shadow boundaries) until an opaque one is found.
CONTRAST_JS = r"""
const [scope] = arguments;
const problems = [];
let checked = 0;
function parse(value) {
  let m = value.match(/^rgba?\(([\d.]+),? ([\d.]+),? ([\d.]+)(?:,? \/? ?([\d.]+))?\)$/);
  if (m) return [+m[1], +m[2], +m[3], m[4] === undefined ? 1 : +m[4]];
  m = value.match(/^color\(srgb ([\d.e-]+) ([\d.e-]+) ([\d.e-]+)(?: \/ ([\d.]+))?\)$/);
  if (m) return [m[1] * 255, m[2] * 255, m[3] * 255, m[4] === undefined ? 1 : +m[4]];
  return null;
}
function over(top, bottom) {
  const a = top[3];
  return [0, 1, 2].map((i) => top[i] * a + bottom[i] * (1 - a)).concat([1]);
}
function up(el) {
  if (el.parentElement) return el.parentElement;
  const root = el.getRootNode();
  return root instanceof ShadowRoot ? root.host : null;
}
function background(el) {
  const layers = [];
  for (let e = el; e; e = up(e)) {
    const style = getComputedStyle(e);
    if (style.backgroundImage !== 'none') return {error: 'background image on ' + e.tagName};
    const colour = parse(style.backgroundColor);
    if (!colour) return {error: 'unparsed background ' + style.backgroundColor};
    if (colour[3] > 0) { layers.push(colour); if (colour[3] >= 1) break; }
  }
  let result = [255, 255, 255, 1];  // the canvas
  for (let i = layers.length - 1; i >= 0; i--) result = over(layers[i], result);
  return {colour: result};
}
function luminance(c) {
  const [r, g, b] = c.slice(0, 3).map((v) => {
    v = v / 255;
    return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
function ratio(a, b) {
  const [x, y] = [luminance(a), luminance(b)];
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
}
function visible(el) {
  const rect = el.getBoundingClientRect();
  if (rect.width <= 1 || rect.height <= 1) return false;  // visually hidden
  return el.checkVisibility({opacityProperty: true, visibilityProperty: true});
}
function check(el, text, colourValue, where) {
  const style = getComputedStyle(el);
  const bg = background(el);
  const fg = parse(colourValue);
  const label = where + ' <' + el.tagName.toLowerCase() + '> "' + text.slice(0, 40) + '"';
  if (bg.error || !fg) { problems.push(label + ': ' + (bg.error || 'unparsed colour ' + colourValue)); return; }
  const size = parseFloat(style.fontSize), weight = parseInt(style.fontWeight, 10);
  const large = size >= 24 || (size >= 18.66 && weight >= 700);
  const minimum = large ? 3 : 4.5;
  const value = ratio(over(fg, bg.colour), bg.colour);
  checked++;
  if (value < minimum) {
    problems.push(label + ': ' + value.toFixed(2) + ':1 < ' + minimum + ':1 (' +
      colourValue + ' on rgb(' + bg.colour.slice(0, 3).map(Math.round).join(', ') + '))');
  }
}
function walk(root, where) {
  for (const el of root.querySelectorAll('*')) {
    if (el.shadowRoot) walk(el.shadowRoot, where + ' ' + el.tagName.toLowerCase());
    if (['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT'].includes(el.tagName)) continue;
    if (!visible(el)) continue;
    const own = Array.from(el.childNodes).filter((n) => n.nodeType === 3)
      .map((n) => n.textContent).join('').trim();
    if (own) check(el, own, getComputedStyle(el).color, where);
    if ((el.tagName === 'INPUT' || el.tagName === 'TEXTAREA') && el.placeholder && !el.value) {
      check(el, el.placeholder, getComputedStyle(el, '::placeholder').color, where + ' placeholder');
    }
  }
}
walk(scope || document, scope && scope.host ? scope.host.tagName.toLowerCase() : 'page');
return {problems: problems, checked: checked};
"""

# The theme tokens a widget's shadow root actually uses, and its state.
WIDGET_STATE_JS = r"""
return Array.from(document.querySelectorAll(arguments[0])).map((el) => {
  const box = el.shadowRoot && el.shadowRoot.querySelector('.w');
  const style = box ? getComputedStyle(box) : null;
  return {element: el.tagName.toLowerCase(), theme: el.getAttribute('theme'),
          state: el.getAttribute('data-state'),
          accent: style ? style.getPropertyValue('--hub-color-accent').trim() : null,
          background: style ? style.getPropertyValue('--hub-color-background').trim() : null,
          motion: style ? style.getPropertyValue('--hub-motion-duration').trim() : null};
});
"""


# A browser of its own: the module emulates colour schemes and reduced motion,
# and its screenshots are taken at a device scale factor of 1.
browser = chromium_fixture(
    extra_flags=("--lang=nl", "--window-size=1280,900", "--force-device-scale-factor=1"),
    page_load_timeout=60)


@pytest.fixture
def catalogue(site_tree):
    """Content for the widgets to show: events and expertise of an
    institution whose pages use an institution theme."""
    leuven = make_institution("KU Leuven", "ku-leuven")
    leuven.default_theme = "kuleuven"
    publish(leuven)
    for n, status in enumerate(("scheduled", "cancelled", "moved-online")):
        make_event(leuven, title=f"Studeren in Vlaanderen {n}", slug=f"fair-{n}",
                   days_ahead=5 + n, status=status,
                   online_url="https://example.org/live" if n == 2 else "")
    for n in range(3):
        make_expertise(leuven, f"Robotica lab {n}", summary="Robots en sensoren.")
    return leuven


def _media(driver, **features):
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [
        {"name": name.replace("_", "-"), "value": value}
        for name, value in features.items()]})


def _wait(driver, condition, message: str):
    return WebDriverWait(driver, WAIT, ignored_exceptions=(
        StaleElementReferenceException,)).until(condition, message)


def _widgets_themed(driver, selector: str, expected: dict[str, str], key: str):
    """Wait until every widget finished loading and wears its theme."""
    def ready(d):
        states = d.execute_script(WIDGET_STATE_JS, selector)
        return states if states and all(
            s["state"] in ("ready", "error") and s[key] == expected[s["theme"]]
            for s in states) else False

    try:
        return _wait(driver, ready, "widgets did not load their themes")
    except Exception:  # noqa: BLE001 - show what the widgets looked like
        states = driver.execute_script(WIDGET_STATE_JS, selector)
        pytest.fail(f"widgets did not render with their theme: {states}")


def _save_full_page(driver, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True})
    (ARTIFACTS / f"{name}.png").write_bytes(base64.b64decode(shot["data"]))


def _contrast_problems(driver) -> tuple[list[str], int]:
    result = driver.execute_script(CONTRAST_JS, None)
    return result["problems"], result["checked"]


def _open_gallery(driver, live_server, variant: str) -> list[dict]:
    themes = available_themes()
    driver.get(f"{live_server.url}/nl/themes/")
    key = "accent"
    expected = {name: t.tokens["color-accent"] for name, t in themes.items()}
    if variant == "dark":
        key = "background"
        expected = {name: {**t.tokens, **t.dark_tokens}["color-background"]
                    for name, t in themes.items()}
    states = _widgets_themed(driver, ", ".join(WIDGETS), expected, key)
    shown = {(s["element"], s["theme"]) for s in states}
    assert shown == {(w, name) for w in WIDGETS for name in themes}
    assert not [s for s in states if s["state"] == "error"], states
    return states


@pytest.mark.parametrize("variant", ["light", "dark"])
def test_every_widget_in_every_theme_meets_aa_contrast(browser, live_server, catalogue,
                                                       variant):
    _media(browser, prefers_color_scheme=variant)
    try:
        _open_gallery(browser, live_server, variant)
        problems, checked = _contrast_problems(browser)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        for name in available_themes():
            section = browser.find_element("id", f"theme-{name}")
            section.screenshot(str(ARTIFACTS / f"gallery-{name}-{variant}.png"))
    finally:
        _media(browser)
    assert checked > 100, "the walker found too little text; did the widgets render?"
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("variant", ["light", "dark"])
def test_hub_pages_in_every_theme_meet_aa_contrast(browser, live_server, catalogue,
                                                   variant):
    _media(browser, prefers_color_scheme=variant)
    failures = []
    try:
        for name, theme in available_themes().items():
            browser.get(f"{live_server.url}/nl/themes/{name}/")
            tokens = {**theme.tokens, **(theme.dark_tokens if variant == "dark" else {})}
            _widgets_themed(browser, ", ".join(WIDGETS),
                            {name: tokens["color-background"]}, "background")
            # the theme colours the content block; the frame stays the hub's
            page_background = browser.execute_script(
                "return getComputedStyle(document.getElementById('main'))"
                ".backgroundColor")
            assert page_background == _rgb(tokens["color-background"]), name
            problems, checked = _contrast_problems(browser)
            assert checked > 40, name
            failures += [f"{name}: {p}" for p in problems]
            _save_full_page(browser, f"page-{name}-{variant}")
    finally:
        _media(browser)
    assert not failures, "\n".join(failures)


def _rgb(hex_colour: str) -> str:
    value = hex_colour.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    r, g, b = (int(value[i:i + 2], 16) for i in (0, 2, 4))
    return f"rgb({r}, {g}, {b})"


FOCUS_JS = r"""
const [selector] = arguments;
const results = [];
for (const host of document.querySelectorAll(selector)) {
  const target = host.shadowRoot && host.shadowRoot.querySelector('a[href], button, input');
  if (!target) continue;
  target.focus();
  const style = getComputedStyle(target);
  results.push({theme: host.getAttribute('theme'), element: host.tagName.toLowerCase(),
                focused: host.shadowRoot.activeElement === target,
                outline: style.outlineColor, width: parseFloat(style.outlineWidth),
                styleName: style.outlineStyle});
}
return results;
"""


def test_focus_outlines_reach_three_to_one(browser, live_server, catalogue):
    """Keyboard focus inside each widget shows an outline in the theme's
    focus colour, which the theme keeps at 3:1 against its backgrounds."""
    _open_gallery(browser, live_server, "light")
    ActionChains(browser).send_keys(Keys.TAB).perform()  # keyboard modality
    results = browser.execute_script(FOCUS_JS, ", ".join(WIDGETS))
    assert len(results) >= len(available_themes()) * 2
    themes = available_themes()
    for result in results:
        theme = themes[result["theme"]]
        assert result["focused"], result
        assert result["styleName"] != "none" and result["width"] >= 2, result
        assert result["outline"] == _rgb(theme.tokens["color-focus"]), result
        assert contrast_ratio(theme.tokens["color-focus"],
                              theme.tokens["color-background"]) >= 3


def test_reduced_motion_is_honoured(browser, live_server, catalogue):
    _media(browser, prefers_reduced_motion="reduce")
    try:
        browser.get(f"{live_server.url}/nl/themes/flanders/")
        _widgets_themed(browser, ", ".join(WIDGETS), {"flanders": "0ms"}, "motion")
        root = browser.execute_script(
            "return getComputedStyle(document.documentElement)"
            ".getPropertyValue('--hub-motion-duration').trim()")
        assert root == "0ms"
    finally:
        _media(browser)
    browser.get(f"{live_server.url}/nl/themes/flanders/")
    _widgets_themed(browser, ", ".join(WIDGETS), {"flanders": "150ms"}, "motion")


def test_the_contrast_check_catches_unreadable_text(browser, live_server, catalogue):
    """The walker itself: grey text on white inside a widget's shadow root,
    and in the page, is reported with its ratio."""
    browser.get(f"{live_server.url}/nl/themes/flanders/")
    _widgets_themed(browser, "flanders-events", {"flanders": "#ffe615"}, "accent")
    browser.execute_script(
        "const root = document.querySelector('flanders-events').shadowRoot;"
        "const p = document.createElement('p'); p.textContent = 'Barely readable';"
        "p.style.color = '#aaaaaa'; p.style.background = '#ffffff';"
        "root.querySelector('.w').append(p);"
        "const q = document.createElement('p'); q.textContent = 'Big and pale';"
        "q.style.cssText = 'color:#888;background:#fff;font-size:30px';"
        "document.querySelector('main').append(q);")
    problems, _checked = _contrast_problems(browser)
    assert any('"Barely readable"' in p and "2.32:1 < 4.5:1" in p for p in problems), \
        problems
    assert not any("Big and pale" in p for p in problems)  # large text: 3.54 >= 3
