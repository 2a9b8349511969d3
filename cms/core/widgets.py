"""Admin form widgets shared by the content types.

``SearchableCheckboxSelectMultiple`` is a plain list of checkboxes, sorted
by label, that works without JavaScript; hub/admin/chooser.js turns it into
a filter box with the chosen items as removable chips and a spoken count."""

import unicodedata
from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _


def label_sort_key(label: object) -> str:
    """Case- and accent-insensitive order ("Écosse" next to "Ecuador")."""
    decomposed = unicodedata.normalize("NFKD", str(label))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


class SearchableCheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    """Rendered in Python, not through a template per option: an event form
    has some 300 options, and Django's per-option templates took most of the
    form's rendering time."""

    class Media:
        js = ["hub/admin/chooser.js"]
        css = {"all": ["hub/admin/chooser.css"]}

    def optgroups(self, name: str, value: list[Any], attrs: dict | None = None):
        """The options ordered by their label in the active language (choices
        such as language names are translated, so their order is too)."""
        groups = super().optgroups(name, value, attrs)
        return sorted(groups, key=lambda group: label_sort_key(
            group[1][0]["label"] if group[1] else group[0]))

    def render(self, name: str, value: Any, attrs: dict | None = None,
               renderer: Any = None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "", "<div><label{}><input{}> {}</label></div>",
            (
                (flatatt({"for": option["attrs"].get("id")}),
                 flatatt({"type": option["type"], "name": option["name"],
                          "value": option["value"], **option["attrs"]}),
                 option["label"])
                for _group, group_options, _index in widget["optgroups"]
                for option in group_options
            ),
        )
        text = {
            "data-text-filter": _("Filter %(field)s"),
            "data-text-chosen": _("Chosen"),
            "data-text-remove": _("Remove %(item)s"),
            "data-text-count": _("%(chosen)s chosen; %(shown)s of %(total)s shown"),
            "data-text-none": _("Nothing matches the filter."),
        }
        return format_html(
            '<div class="hub-chooser" data-hub-chooser{}><div{}>{}</div></div>',
            flatatt(text), flatatt({"id": widget["attrs"].get("id")}), options)


class LongSelect(forms.Select):
    """A single choice among hundreds (time zones, countries), its options
    rendered in Python: through Django's template per option, the time zone
    list alone took a tenth of a second to render."""

    def render(self, name: str, value: Any, attrs: dict | None = None,
               renderer: Any = None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]

        def option_html(option: dict) -> SafeString:
            # a chosen option's attrs carry selected=True
            return format_html("<option{}>{}</option>", flatatt({
                "value": option["value"], **option["attrs"]}), option["label"])

        groups = []
        for group, options, _index in widget["optgroups"]:
            inner = SafeString("".join(option_html(option) for option in options))
            groups.append(format_html('<optgroup label="{}">{}</optgroup>', group, inner)
                          if group else inner)
        return format_html("<select{}>{}</select>", flatatt(
            {"name": widget["name"], **widget["attrs"]}), SafeString("".join(groups)))
