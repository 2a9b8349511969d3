"""What the public filter sets of the catalogue types share: one parser per
kind of value, and a django-filter FilterSet that is strict or lenient.

Every consumer of a type's filters (the listing page, the read API, the
feeds, the exporters and the widget links) builds the type's filter set, so a
parameter has one name and one meaning everywhere. Parsers raise
``InvalidParameter``; the API answers it as a 400, a listing page ignores the
value and shows a notice. Models are named by their label ("app.Model"), so
the kernel does not import the content apps that use it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

import django_filters
from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from wagtail.models import Page

#: The hub's content languages (the API's ``lang``, events' spoken ``language``).
LANGUAGES = ("nl", "en", "fr", "de")
#: The orders by title and by update that every type's lists offer.
TITLE_SORTS = {"title": ("title",), "-title": ("-title",),
               "updated": ("last_published_at",), "-updated": ("-last_published_at",)}
# A value shown back in a notice is cut to this length.
NOTICE_VALUE_LENGTH = 60


class InvalidParameter(ValueError):
    """A query parameter the API refuses; answered as HTTP 400."""

    def __init__(self, code: str, message: str, param: str | None = None) -> None:
        super().__init__(message)
        self.code, self.message, self.param = code, message, param

    def as_dict(self) -> dict:
        return {"code": self.code, "message": self.message, "param": self.param}


# -- parsers: (value, param) -> parsed value, or InvalidParameter --------------

def choice(values: Iterable[str]) -> Callable[[str, str], str]:
    """A parser of one of ``values`` (kept as ``.values`` for the schema)."""
    values = list(values)

    def parse(value: str, param: str) -> str:
        return parse_choice(value, values, param)

    parse.values = values  # type: ignore[attr-defined]
    return parse


def parse_choice(value: str, choices: Iterable[str], param: str) -> str:
    choices = list(choices)
    if value not in choices:
        raise InvalidParameter(
            "invalid_choice", f"{param} must be one of {', '.join(choices)}.", param)
    return value


def parse_date(value: str, param: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidParameter(
            "invalid_date", f"{param} must be an ISO 8601 date (YYYY-MM-DD).", param
        ) from None


def parse_country(value: str, param: str) -> str:
    """An ISO 3166-1 alpha-2 code that names a country (``XX`` does not)."""
    code = value.upper()
    if len(code) != 2 or not code.isalpha() or code not in countries:
        raise InvalidParameter(
            "invalid_country", f"{param} must be an ISO 3166-1 alpha-2 code.", param)
    return code


@dataclass(frozen=True)
class Organisations:
    """The organisation a filter names, in all its translations."""

    value: str  # as the visitor wrote it: public id or slug
    pages: tuple[tuple[int, str, int, str, int], ...]  # pk, path, depth, slug, locale

    def __str__(self) -> str:
        return self.value

    @property
    def pks(self) -> list[int]:
        return [pk for pk, *_rest in self.pages]

    def below(self) -> Q:
        """Pages under any translation of the organisation."""
        condition = Q(pk__in=[])
        for _pk, path, depth, _slug, _locale in self.pages:
            condition |= Q(path__startswith=path, depth__gt=depth)
        return condition

    def slug_for(self, locale_id: int) -> str:
        """The slug of the translation in this locale (else the first): what a
        listing page's own filter form offers."""
        slugs = {locale: slug for _pk, _path, _depth, slug, locale in self.pages}
        return slugs.get(locale_id, self.pages[0][3])


def organisation_parser(*labels: str) -> Callable[[str, str], Organisations]:
    """A parser of an organisation of these page types ("app.Model"), named
    by public id or by the slug of any of its translations: one query."""

    def parse(value: str, param: str) -> Organisations:
        pages = Page.objects.type(*(apps.get_model(label) for label in labels))
        try:
            found = pages.filter(translation_key=uuid.UUID(value))
        except ValueError:
            found = pages.filter(translation_key__in=pages.filter(
                slug=value).values("translation_key"))
        rows = tuple(found.order_by("path").values_list(
            "pk", "path", "depth", "slug", "locale_id"))
        if not rows:
            raise InvalidParameter("unknown_value", f"No {param} '{value}'.", param)
        return Organisations(value, rows)

    return parse


@dataclass(frozen=True)
class Disciplines:
    code: str
    pks: tuple[int, ...]  # the discipline and every discipline below it

    def __str__(self) -> str:
        return self.code


def parse_discipline(value: str, param: str) -> Disciplines:
    """A discipline by code (``1.2``) or slug (``1-2``), with every
    discipline below it; the tree is small, so it is read in one query."""
    code = value.replace("-", ".")
    rows = list(apps.get_model("institutions.Discipline").objects.values_list(
        "pk", "code", "parent_id"))
    found = [pk for pk, row_code, _parent in rows if row_code == code]
    if not found:
        raise InvalidParameter("unknown_value", f"No {param} '{value}'.", param)
    children: dict[int | None, list[int]] = {}
    for pk, _code, parent in rows:
        children.setdefault(parent, []).append(pk)
    frontier = found
    while frontier:
        frontier = [child for pk in frontier for child in children.get(pk, [])]
        found += frontier
    return Disciplines(code, tuple(found))


# -- the filter set ---------------------------------------------------------------

class ParsedField(forms.CharField):
    """A form field that runs one of the parsers above."""

    def __init__(self, parse: Callable[[str], Any], **kwargs: Any) -> None:
        self.parse = parse
        super().__init__(required=False, **kwargs)

    def clean(self, value: Any) -> Any:
        value = super().clean(value)
        if value in ("", None):
            return None
        try:
            return self.parse(value)
        except InvalidParameter as error:
            raise ValidationError(error.message, code=error.code) from None


class ParamFilter(django_filters.Filter):
    """One public query parameter: ``parse(value, param)`` reads it and
    ``apply(queryset, parsed)`` filters by it. Without ``apply`` the filter
    set uses the value itself (the time window, the order, a radius)."""

    field_class = ParsedField

    def __init__(self, parse: Callable[[str, str], Any] = lambda value, _p: value,
                 apply: Callable[[QuerySet, Any], QuerySet] | None = None, *,
                 help_text: str = "", schema: dict | None = None,
                 **kwargs: Any) -> None:
        self.parse_value, self.apply = parse, apply
        # What the OpenAPI document says of the parameter.
        self.help_text = help_text
        values = getattr(parse, "values", None)
        self.schema = schema or ({"type": "string", "enum": list(values)} if values
                                 else {"type": "string"})
        super().__init__(**kwargs)

    @property
    def field(self) -> forms.Field:
        if not hasattr(self, "_field"):
            self._field = ParsedField(
                lambda value: self.parse_value(value, self.field_name),
                label=self.label)
        return self._field

    def filter(self, qs: QuerySet, value: Any) -> QuerySet:
        if value is None or self.apply is None:
            return qs
        return self.apply(qs, value)


def declare(filterset: type[django_filters.FilterSet], name: str,
            param: ParamFilter) -> None:
    """Add a filter whose name Python reserves (``from``) to a filter set."""
    param.field_name = name
    param.model = getattr(filterset._meta, "model", None)
    filterset.declared_filters[name] = param
    filterset.base_filters[name] = param


class CatalogueFilterSet(django_filters.FilterSet):
    """A catalogue type's public filters. ``strict()`` (API, feeds, exports)
    raises the first invalid value; ``lenient()`` (listing pages, where the
    widgets' links lead) leaves invalid values out and says so."""

    def cross_check(self, cleaned: dict[str, Any]) -> list[InvalidParameter]:
        """Problems between parameters (from after to); each names the
        parameter that is then left out."""
        return []

    @property
    def errors(self) -> forms.utils.ErrorDict:
        form = self.form
        if not getattr(self, "_cross_checked", False):
            self._cross_checked = True
            form.is_valid()  # cleans once; the valid fields stay in cleaned_data
            for error in self.cross_check(form.cleaned_data):
                form.add_error(error.param,
                               ValidationError(error.message, code=error.code))
        return form.errors

    def invalid(self) -> list[InvalidParameter]:
        """Every refused parameter, in the order the filters are declared."""
        found = []
        for name, errors in self.errors.as_data().items():
            for error in errors:
                found.append(InvalidParameter(error.code or "invalid_value",
                                              error.messages[0], name))
        return found

    def strict(self) -> QuerySet:
        if invalid := self.invalid():
            raise invalid[0]
        return self.qs

    def cleaned(self) -> dict[str, Any]:
        """The valid values that were given (empty ones left out)."""
        self.invalid()  # cleans the form first
        return {name: value for name, value in self.form.cleaned_data.items()
                if value is not None}

    def notices(self) -> list[str]:
        """What a page tells the visitor about the values it ignored."""
        notices = []
        for error in self.invalid():
            value = str(self.data.get(error.param, ""))[:NOTICE_VALUE_LENGTH]
            label = self.filters[error.param].label or error.param
            notices.append(_("%(name)s: “%(value)s” is not known and was ignored.")
                           % {"name": label, "value": value})
        return notices


def shown(value: Any, locale: Any) -> str:
    """A chosen value as a listing's filter form shows it: an organisation by
    its slug in the page's language (the form's options), a date as
    YYYY-MM-DD, a point as "latitude,longitude"."""
    if isinstance(value, Organisations):
        return value.slug_for(locale.pk)
    if isinstance(value, tuple):
        return ",".join(str(part) for part in value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
