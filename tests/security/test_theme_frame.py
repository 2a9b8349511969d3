"""Themes cannot hide or distort the hub's frame (issue 11, defect 9).

A custom theme's CSS is confined to the content (``#main``) on the hub's
pages and to the widget's box in a shadow root: every selector is prefixed
with the scope, ``html``/``body``/``:root``/``:host`` rules apply to the
scope itself, and the header and footer are painted above the content. The
browser test loads an organisation page in a hostile theme in Chromium and
reads the computed styles of the header, navigation and footer; the same
theme's ordinary rules must still style the content and a widget."""

from __future__ import annotations

import pytest

from tests.browser import open_page, wait_for
from tests.factories import make_event, make_institution, publish
from themes.models import CustomTheme
from themes.registry import OVERRIDE_SCOPES, forget_themes
from themes.sanitiser import apply_scope, sanitise_css

# Allowed properties only: the attack is *where* they apply.
HOSTILE = """
header, footer, nav, .site-header, .site-footer, .main-nav, .lang-switcher
  { display: none !important; visibility: hidden !important; opacity: 0 !important }
html, body { filter: invert(1) !important; transform: rotate(180deg) !important }
:root { filter: blur(8px) }
* { transform: scale(0.5); }
body > header, body > footer { display: none }
body { margin-top: -400px !important; }
@media (min-width: 1px) { .site-header { visibility: hidden } }
"""
LEGIT = """
h1 { color: #010203; letter-spacing: 3px }
.t { color: #040506 }
"""
FRAME = (".site-header", ".main-nav", ".site-footer")


# -- the sanitiser's scoping ------------------------------------------------------------
@pytest.mark.parametrize(("css", "expected"), [
    ("body{display:none}", "#main{display:none}"),
    ("html, body{filter:invert(1)}", "#main{filter:invert(1)}"),
    (":root{color:red}", "#main{color:red}"),
    ("*{transform:scale(2)}", "#main *{transform:scale(2)}"),
    (".site-header{display:none}", "#main .site-header{display:none}"),
    ("body > header{display:none}", "#main > header{display:none}"),
    ("header, .card:hover{color:red}", "#main header,#main .card:hover{color:red}"),
    ("@media (min-width:1px){nav{display:none}}",
     "@media (min-width:1px){#main nav{display:none}}"),
])
def test_every_selector_is_confined_to_the_content(css, expected):
    result = sanitise_css(css)
    assert result.ok, result.problems
    assert apply_scope(result.css, OVERRIDE_SCOPES[":root"]) == expected


@pytest.mark.parametrize("css", [
    "~ footer{display:none}", "+ footer{display:none}", "body.dark .x{color:red}",
    "html[lang] .x{color:red}", ":host(.x){color:red}", ":host-context(body){color:red}",
    ":hub-scope{color:red}",
])
def test_selectors_that_reach_outside_the_content_are_refused(css):
    result = sanitise_css(css)
    assert not result.ok and result.css == ""


def test_widgets_confine_overrides_to_their_box():
    css = sanitise_css(":host{font-style:italic} .t{color:red}").css
    assert apply_scope(css, OVERRIDE_SCOPES[":host"]) == (
        ".w{font-style:italic}.w .t{color:red}")
    theme_css = CustomTheme(name="x", label="x", custom_css=":host{font-style:italic}"
                            ).as_theme().stylesheet(":host")
    assert ".w{font-style:italic}" in theme_css and ":host{font-style" not in theme_css


# -- in Chromium ------------------------------------------------------------------------
FRAME_STYLES = """
const out = {};
for (const sel of arguments[0]) {
  const el = document.querySelector(sel);
  if (!el) { out[sel] = null; continue; }
  el.scrollIntoView({block: 'center'});
  const cs = getComputedStyle(el), r = el.getBoundingClientRect();
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + Math.min(r.height / 2, 10));
  out[sel] = {display: cs.display, visibility: cs.visibility, opacity: cs.opacity,
              filter: cs.filter, transform: cs.transform, height: r.height,
              on_top: !!(hit && hit.closest(sel))};
}
for (const sel of ['html', 'body']) {
  const cs = getComputedStyle(document.querySelector(sel));
  out[sel] = {filter: cs.filter, transform: cs.transform, opacity: cs.opacity};
}
return out;
"""


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_hostile_theme_leaves_the_frame_visible(chromium, live_server, host_site,
                                                  site_tree):
    kul = make_institution("KU Leuven", "ku-leuven")
    make_event(kul, "Leuven fair")
    # a name of its own: the session's browser caches theme stylesheets by URL
    theme = CustomTheme.objects.create(name="frame-hostile", label="Hostile",
                                       organisation=kul, custom_css=HOSTILE + LEGIT)
    theme.save_revision().publish()
    forget_themes()
    kul.default_theme = "frame-hostile"
    publish(kul)

    open_page(chromium, live_server.url + kul.url)
    styles = chromium.execute_script(FRAME_STYLES, list(FRAME))
    for selector in FRAME:
        style = styles[selector]
        assert style is not None, f"{selector} is missing from the page"
        assert style["display"] != "none" and style["visibility"] == "visible", style
        assert float(style["opacity"]) == 1 and style["height"] > 0, (selector, style)
        assert style["filter"] == "none" and style["transform"] == "none", (selector, style)
        assert style["on_top"], f"{selector} is covered by the content: {style}"
    for selector in ("html", "body"):
        assert styles[selector] == {"filter": "none", "transform": "none", "opacity": "1"}
    content = chromium.execute_script(
        "const h = document.querySelector('#main h1'), m = document.querySelector('#main');"
        "return [getComputedStyle(h).color, getComputedStyle(h).letterSpacing,"
        " getComputedStyle(m).filter];")
    # the theme is loaded: its ordinary rules style the content, and its
    # rules for the whole page were applied to the content only
    assert content[:2] == ["rgb(1, 2, 3)", "3px"], content
    assert "invert(1)" in content[2], content

    body = (f'<header id="host-header">Host</header><flanders-events id="events" '
            f'theme="frame-hostile" organiser="ku-leuven" hub="{live_server.url}">'
            f'</flanders-events><footer id="host-footer">Host footer</footer>'
            f'<script src="{live_server.url}/embed/v1/widgets.js" defer></script>')
    open_page(chromium, host_site.page("/hostile-theme.html", body))
    wait_for(chromium, lambda d: d.execute_script(
        "const e = document.querySelector('#events');"
        "return e.getAttribute('data-state') === 'ready' &&"
        " e.shadowRoot.querySelector('.t') &&"
        " getComputedStyle(e.shadowRoot.querySelector('.t')).color === 'rgb(4, 5, 6)'"),
        "the widget did not render in the hostile theme")
    host = chromium.execute_script(FRAME_STYLES, ["#host-header", "#host-footer"])
    for selector in ("#host-header", "#host-footer"):
        assert host[selector]["display"] != "none" and host[selector]["on_top"], host
    assert host["html"]["filter"] == "none" and host["body"]["filter"] == "none"
