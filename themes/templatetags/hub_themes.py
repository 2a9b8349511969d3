"""Template tags for the hub's pages: the theme's stylesheet link, the
content block an organisation's theme colours, and template slots a folder
theme may override."""

from __future__ import annotations

from django import template
from django.template import engines
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from ..pages import page_theme
from ..registry import Theme, get_theme
from ..stylesheets import is_hub_theme, page_css, stylesheet_url

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


@register.simple_tag(takes_context=True)
def theme_block(context) -> str:
    """The name of the organisation's theme that colours the page's content
    block (<main>), or "" on a page in the hub's own theme."""
    theme = _theme(context)
    return "" if is_hub_theme(theme) else theme.name


def _override(theme: Theme, slot: str, context) -> str | None:
    """The theme's templates/<slot>.html rendered, or None without one."""
    override = theme.templates / f"{slot}.html" if theme.templates else None
    if override is None or not override.is_file():
        return None
    compiled = engines["django"].from_string(override.read_text(encoding="utf-8"))
    return compiled.render(context.flatten(), context.get("request"))


@register.simple_tag(takes_context=True)
def theme_block_footer(context) -> str:
    """An organisation's theme's footer slot, at the end of its content block:
    the hub's footer stays the hub's."""
    theme = _theme(context)
    if is_hub_theme(theme):
        return ""
    return _override(theme, "footer", context) or ""


@register.tag
def theme_slot(parser, token):
    """{% theme_slot "footer" %}default markup{% endtheme_slot %}: the hub's
    theme's templates/<slot>.html when it has one, else the default markup.
    The slots are in the frame, which always wears the hub's theme."""
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
        rendered = _override(get_theme(None), self.slot, context)
        return self.nodelist.render(context) if rendered is None else rendered
