"""Admin form widgets shared by the content types.

``SearchableCheckboxSelectMultiple`` is a plain list of checkboxes, sorted
by label, that works without JavaScript; hub/admin/chooser.js turns it into
a filter box with the chosen items as removable chips and a spoken count.
``LongSelect`` is a select of hundreds of options (time zones, countries).

Both render their options as strings, not through Django's template and
option dictionaries per option: an event form has some 1,500 options, and
Wagtail renders each widget twice (the form and its panel definitions);
the per-option way took most of the form's time."""

import unicodedata
from collections.abc import Iterator
from html import escape
from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _


def label_sort_key(label: object) -> str:
    """Case- and accent-insensitive order ("Écosse" next to "Ecuador")."""
    decomposed = unicodedata.normalize("NFKD", str(label))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def flat_choices(choices: Any) -> Iterator[tuple[str | None, str, str]]:
    """(group label or None, value, label) of each choice, as strings."""
    for value, label in choices:
        if isinstance(label, list | tuple):
            for inner_value, inner_label in label:
                yield str(value), str(inner_value), str(inner_label)
        else:
            yield None, "" if value is None else str(value), str(label)


def chosen_values(widget: forms.Widget, value: Any) -> set[str]:
    return {str(v) for v in widget.format_value(value) if v is not None}


class SearchableCheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    class Media:
        js = ["hub/admin/chooser.js"]
        css = {"all": ["hub/admin/chooser.css"]}

    def render(self, name: str, value: Any, attrs: dict | None = None,
               renderer: Any = None) -> SafeString:
        """The options ordered by their label in the active language (choices
        such as language names are translated, so their order is too)."""
        final = self.build_attrs(self.attrs, attrs)
        base_id = final.get("id") or f"id_{name}"
        chosen = chosen_values(self, value)
        options = sorted(((v, label) for _g, v, label in flat_choices(self.choices)),
                         key=lambda option: label_sort_key(option[1]))
        quoted_name = escape(name)
        rows = []
        for index, (option_value, label) in enumerate(options):
            option_id = escape(f"{base_id}_{index}")
            checked = " checked" if option_value in chosen else ""
            rows.append(
                f'<div><label for="{option_id}"><input type="checkbox" '
                f'name="{quoted_name}" value="{escape(option_value)}" '
                f'id="{option_id}"{checked}> {escape(label)}</label></div>')
        text = {
            "data-text-filter": _("Filter %(field)s"),
            "data-text-chosen": _("Chosen"),
            "data-text-remove": _("Remove %(item)s"),
            "data-text-count": _("%(chosen)s chosen; %(shown)s of %(total)s shown"),
            "data-text-none": _("Nothing matches the filter."),
        }
        return format_html(
            '<div class="hub-chooser" data-hub-chooser{}><div{}>{}</div></div>',
            flatatt(text), flatatt({"id": base_id}), mark_safe("".join(rows)))  # noqa: S308 - every part escaped above


class LongSelect(forms.Select):
    def render(self, name: str, value: Any, attrs: dict | None = None,
               renderer: Any = None) -> SafeString:
        final = self.build_attrs(self.attrs, attrs)
        chosen = chosen_values(self, value)
        parts: list[str] = []
        group: str | None = None
        for option_group, option_value, label in flat_choices(self.choices):
            if option_group != group:
                if group is not None:
                    parts.append("</optgroup>")
                if option_group is not None:
                    parts.append(f'<optgroup label="{escape(option_group)}">')
                group = option_group
            selected = " selected" if option_value in chosen else ""
            parts.append(f'<option value="{escape(option_value)}"{selected}>'
                         f"{escape(label)}</option>")
        if group is not None:
            parts.append("</optgroup>")
        return format_html("<select{}>{}</select>", flatatt({"name": name, **final}),
                           mark_safe("".join(parts)))  # noqa: S308 - every part escaped above
