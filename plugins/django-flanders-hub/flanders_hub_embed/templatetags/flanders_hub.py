"""`{% load flanders_hub %}`: {% flanders_events ... %}, {% flanders_expertise
... %} and {% flanders_widgets_script %}.

Attributes are name=value pairs with the names of the hub's widget elements;
values may be literals or template variables. An unknown attribute name is a
template syntax error (a developer's mistake, found when the template is
compiled); a bad value is dropped at render time (it may come from an editor).
"""

from django import template
from django.template.base import FilterExpression, Parser, Token
from django.template.context import Context

from ..attributes import attribute_names
from ..rendering import render_widget, widgets_script

register = template.Library()


class WidgetNode(template.Node):
    def __init__(self, widget: str, attributes: dict[str, FilterExpression]) -> None:
        self.widget, self.attributes = widget, attributes

    def render(self, context: Context) -> str:
        values = {name: value.resolve(context)
                  for name, value in self.attributes.items()}
        return render_widget(self.widget, values)


def _compile(widget: str, parser: Parser, token: Token) -> WidgetNode:
    bits = token.split_contents()
    tag, rest = bits[0], bits[1:]
    attributes = template.base.token_kwargs(rest, parser, support_legacy=False)
    if rest:
        raise template.TemplateSyntaxError(
            f"{tag} takes name=value attributes only; got {rest[0]!r}.")
    unknown = sorted(set(attributes) - set(attribute_names(widget)))
    if unknown:
        raise template.TemplateSyntaxError(
            f"{tag}: unknown attribute {unknown[0]!r}; known: "
            f"{', '.join(attribute_names(widget))}.")
    return WidgetNode(widget, attributes)


@register.tag
def flanders_events(parser: Parser, token: Token) -> WidgetNode:
    """{% flanders_events organiser="ku-leuven" country="JP" limit=5 %}"""
    return _compile("events", parser, token)


@register.tag
def flanders_expertise(parser: Parser, token: Token) -> WidgetNode:
    """{% flanders_expertise institution="ku-leuven" discipline="1.2" %}"""
    return _compile("expertise", parser, token)


@register.simple_tag
def flanders_widgets_script() -> str:
    """<script src="<hub>/embed/v1/widgets.js" defer>, for FLANDERS_HUB["WIDGET"]."""
    return widgets_script()
