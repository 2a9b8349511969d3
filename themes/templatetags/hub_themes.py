"""Template tags for the hub's pages: the theme's stylesheet link and
template slots a folder theme may override."""

from __future__ import annotations

from django import template
from django.template import engines
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from ..pages import page_theme
from ..registry import Theme
from ..stylesheets import page_css, stylesheet_url

register = template.Library()
SLOTS = ("footer",)  # overridable parts of base.html (docs/themes.md)


def _theme(context) -> Theme:
    theme = context.get("page_theme")
    if not isinstance(theme, Theme):
        theme = page_theme(context.get("page"), context.get("request"))
        context["page_theme"] = theme
    return theme


@register.simple_tag(takes_context=True)
def theme_style(context) -> str:
    """The page's theme: tokens, dark variant, reduced motion and CSS
    overrides, as a <link> to its stylesheet (/theme-css/<name>/<digest>.css,
    themes/stylesheets.py): the public pages' Content-Security-Policy allows
    no inline style. Only the admin's preview of an unsaved theme, which no
    URL serves, gets a <style> element (the admin's policy allows it)."""
    theme = _theme(context)
    css = page_css(theme)
    if not context.get("is_preview"):
        return format_html('<link rel="stylesheet" href="{}" data-theme="{}">',
                           stylesheet_url(theme.name, css), theme.name)
    # Token values and CSS were validated and sanitised when the theme was
    # built; refuse anything that could still end the element.
    if "<" in css:
        css = ""
    return format_html('<style data-theme="{}">{}</style>', theme.name,
                       mark_safe(css))  # noqa: S308 - validated, sanitised, no "<"


@register.tag
def theme_slot(parser, token):
    """{% theme_slot "footer" %}default markup{% endtheme_slot %}: the theme's
    templates/<slot>.html when it has one, else the default markup."""
    bits = token.split_contents()
    if len(bits) != 2 or bits[1].strip("\"'") not in SLOTS:
        raise template.TemplateSyntaxError(f"theme_slot takes one of {SLOTS}")
    nodelist = parser.parse(("endtheme_slot",))
    parser.delete_first_token()
    return ThemeSlotNode(bits[1].strip("\"'"), nodelist)


class ThemeSlotNode(template.Node):
    def __init__(self, slot: str, nodelist):
        self.slot, self.nodelist = slot, nodelist

    def render(self, context) -> str:
        theme = _theme(context)
        override = theme.templates / f"{self.slot}.html" if theme.templates else None
        if override is None or not override.is_file():
            return self.nodelist.render(context)
        compiled = engines["django"].from_string(override.read_text(encoding="utf-8"))
        return compiled.render(context.flatten(), context.get("request"))
