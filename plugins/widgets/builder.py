"""The widget builder in the admin: an editor picks a widget type, filters,
layout, theme and language, sees the real widget, and copies the snippet,
the WordPress shortcode or the Wagtail template code.

The form is a plain GET form (it works without JavaScript);
static/hub_widgets/builder.js asks the same view for ``format=json`` while
the editor types, updates the preview element's attributes (the widget
re-renders itself) and the snippets.
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from django_countries import countries
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from cms.core.absolute import base_url
from cms.core.choices import Audience, language_choices
from cms.core.registry import catalogue_type
from cms.institutions import vocabulary
from plugins.extension import WidgetType
from plugins.signals import register_widget_types
from search.facets import TYPE_TITLES
from themes.registry import available_themes

from . import snippets
from .builder_texts import EVENT_SORTS, TITLE_SORTS, label_and_help
from .strings import LANGUAGES, fallback_text

MAX_TEXT = 200


ANY = _("Any")


def _choices(pairs, empty=ANY) -> list:
    return [("", empty), *[(str(k), str(v)) for k, v in pairs]]


# Organisation kind -> (its catalogue type, the title of its group of choices).
ORGANISATION_TYPES = {"institution": ("institutions", _("Institutions")),
                      "representation": ("representations", _("Representations"))}


def _organisations(*kinds: str) -> list:
    """Live organisations, value = public id, named in the editor's language
    where they have that translation (else in the default language)."""
    language = translation.get_language() or "nl"
    groups = []
    for kind in kinds:
        type_name, title = ORGANISATION_TYPES[kind]
        names: dict[str, str] = {}
        pages = catalogue_type(type_name).model.objects.live().filter(
            locale__language_code__in={"nl", language})
        for key, code, name in pages.values_list(
                "translation_key", "locale__language_code", "title"):
            if code == language or str(key) not in names:
                names[str(key)] = name
        groups.append((str(title), sorted(names.items(),
                                          key=lambda item: item[1].lower())))
    return [("", ANY), *groups] if len(groups) > 1 else [("", ANY), *groups[0][1]]


def _select(choices: Callable[[], list]) -> Callable[[str], forms.Field]:
    return lambda help_text: forms.ChoiceField(
        choices=choices, required=False, help_text=help_text)


def _facet(type_name: str, facet: str) -> Callable[[], list]:
    """The choices of a facet whose labels the type's model declares."""
    return lambda: _choices(
        catalogue_type(type_name).model.search_facet_labels()[facet].items())


def _audiences():
    return _choices(Audience.choices)


def _languages():
    return _choices(language_choices())


def _countries():
    return _choices(countries)


def _disciplines():
    return _choices((d.code, f"{d.code} {d.label}") for d in vocabulary.disciplines())


def _themes():
    return [("", _("The organiser's theme, else the hub's")),
            *[(name, theme.label) for name, theme in sorted(available_themes().items())]]


def _date(help_text: str) -> forms.Field:
    return forms.DateField(required=False, help_text=help_text,
                           widget=forms.DateInput(attrs={"type": "date"}))


def _integer(minimum: int, maximum: int) -> Callable[[str], forms.Field]:
    return lambda help_text: forms.IntegerField(
        min_value=minimum, max_value=maximum, required=False, help_text=help_text)


def _text(help_text: str) -> forms.Field:
    return forms.CharField(max_length=MAX_TEXT, required=False, help_text=help_text)


EVENT_WHEN = [("upcoming", _("Upcoming")), ("past", _("Past")), ("all", _("All"))]
SEARCH_WHEN = [("", _("Any time")), ("upcoming", _("Upcoming")),
               ("this-month", _("This month")),
               ("next-3-months", _("Next three months")), ("past", _("Past"))]

# Form field of an attribute, by (widget, attribute) or attribute name.
FIELDS: dict[object, Callable[[str], forms.Field]] = {
    "organiser": _select(lambda: _organisations("institution", "representation")),
    "institution": _select(lambda: _organisations("institution")),
    "representation": _select(lambda: _organisations("representation")),
    "country": _select(_countries),
    "discipline": _select(_disciplines),
    "type": _select(_facet("events", "event_type")),
    # the document types the models declare (search/facets.py)
    ("search", "type"): _select(lambda: [("", _("Everything")), *TYPE_TITLES.items()]),
    "audience": _select(_audiences),
    "language": _select(_languages),
    "status": _select(_facet("events", "status")),
    "kind": _select(_facet("expertise", "kind")),
    "when": _select(lambda: [("", _("Upcoming (default)")), *EVENT_WHEN[1:]]),
    ("search", "when"): _select(lambda: SEARCH_WHEN),
    "from": _date,
    "to": _date,
    "sort": _select(lambda: _choices(EVENT_SORTS, _("Default order"))),
    ("expertise", "sort"): _select(lambda: _choices(TITLE_SORTS, _("Default order"))),
    ("search", "sort"): _select(lambda: [("", _("Relevance")), ("date", _("Date"))]),
    "limit": _integer(1, 100),
    "heading-level": _integer(2, 6),
    "layout": _select(lambda: [("list", _("List")), ("cards", _("Cards")),
                               ("compact", _("Compact"))]),
    "time-zone": _select(lambda: [("event", _("The event's time zone")),
                                  ("visitor", _("The visitor's time zone"))]),
    "lang": _select(lambda: [(code, str(name)) for code, name in settings.LANGUAGES]),
    "theme": _select(_themes),
    "month": lambda help_text: forms.RegexField(
        r"^\d{4}-(0[1-9]|1[0-2])$", required=False, help_text=help_text,
        widget=forms.TextInput(attrs={"placeholder": "YYYY-MM"})),
}
# Not offered: the snippet loads the script from this hub.
NOT_IN_FORM = ("hub",)


def initial_values(widget: str, language: str) -> dict[str, str]:
    """The form's first values: the widgets' own defaults, and the editor's
    language."""
    return {"lang": language if language in LANGUAGES else "en",
            "limit": "10" if widget == "search" else "5", "layout": "list",
            "time-zone": "event", "heading-level": "3"}


class BuilderForm(forms.Form):
    def __init__(self, widget_type: WidgetType, data: dict, *args, **kwargs) -> None:
        super().__init__(data, *args, **kwargs)
        self.widget_type = widget_type
        for name, description in widget_type.attributes.items():
            if name in NOT_IN_FORM:
                continue
            label, help_text = label_and_help(widget_type.name, name,
                                              str(description))
            factory = FIELDS.get((widget_type.name, name)) or FIELDS.get(name, _text)
            field = factory(help_text)
            field.label = label
            self.fields[name] = field

    def attributes(self) -> dict[str, str]:
        """The element's attributes, in the widget type's order, without the
        widget's defaults (lang stays: the fallback link is in that language).
        After is_valid(), invalid values are not in cleaned_data."""
        defaults = initial_values(self.widget_type.name, "")
        values = {}
        for name in self.fields:
            value = self.cleaned_data.get(name)
            if value in (None, ""):
                continue
            text = value.isoformat() if hasattr(value, "isoformat") else str(value)
            if name == "lang" or defaults.get(name) != text:
                values[name] = text
        return values


class WidgetBuilderView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "hub_widgets/builder.html"
    page_title = _("Widget builder")
    header_icon = "code"

    def get_breadcrumbs_items(self) -> list[dict]:
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def hub(self) -> str:
        return base_url(self.request)

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        types = {t.name: t for t in register_widget_types.collect()
                 if isinstance(t, WidgetType)}
        if not types:
            return self.render_to_response(self.get_context_data(types=[]))
        # "widget", not "type": type is an attribute (event type, search type).
        chosen = types.get(request.GET.get("widget", "")) or next(iter(types.values()))
        data = initial_values(chosen.name, translation.get_language() or "en")
        data.update({k: v for k, v in request.GET.items() if k in chosen.attributes})
        form = BuilderForm(chosen, data)
        valid = form.is_valid()
        attrs = form.attributes()  # invalid values are left out
        output = snippets.build(self.hub(), chosen.name, chosen.element, attrs)
        # what the Wagtail tag cannot take, as the form names it
        dropped = [str(form.fields[name].label) if name in form.fields else name
                   for name in output.wagtail_dropped]
        if request.GET.get("format") == "json":
            return JsonResponse({
                "valid": valid, "errors": form.errors.get_json_data(),
                "element": chosen.element, "attributes": attrs,
                "fallback_url": output.fallback_url,
                "fallback_text": fallback_text(chosen.name, attrs.get("lang", "en")),
                "html": output.html, "shortcode": output.shortcode,
                "wagtail": output.wagtail, "wagtail_dropped": output.wagtail_dropped,
                "wagtail_dropped_labels": dropped,
            })
        return self.render_to_response(self.get_context_data(
            types=list(types.values()), chosen=chosen, form=form, attrs=attrs,
            output=output, script_url=f"{self.hub()}/embed/v1/widgets.js",
            has_block=chosen.name in snippets.TEMPLATE_TAGS, dropped=dropped,
            fallback=fallback_text(chosen.name, attrs.get("lang", "en"))))
