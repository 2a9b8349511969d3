"""A multiple-choice model field that works the same on SQLite and PostgreSQL.

Values are stored as ``|a|b|`` so that ``field__contains="|a|"`` is an exact,
index-friendly membership test on every database (JSON containment is not
available on SQLite)."""

from typing import Any

from django import forms
from django.core import exceptions
from django.db import models

SEP = "|"


class ChoiceListField(models.CharField):
    description = "A list of values from a fixed set of choices"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 500)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def from_db_value(self, value, expression, connection):
        return self.to_python(value)

    def to_python(self, value) -> list[str]:
        if value is None or value == "":
            return []
        if isinstance(value, (list, tuple)):
            return [str(v) for v in value]
        return [v for v in str(value).split(SEP) if v]

    def get_prep_value(self, value) -> str:
        values = self.to_python(value)
        return f"{SEP}{SEP.join(values)}{SEP}" if values else ""

    def get_db_prep_value(self, value, connection, prepared=False):
        if isinstance(value, str) and value.startswith(SEP):
            return value  # already prepared lookup value such as "|a|"
        return self.get_prep_value(value)

    def validate(self, value, model_instance) -> None:
        allowed = {str(k) for k, _ in self.flatchoices}
        for item in value or []:
            if item not in allowed:
                raise exceptions.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": item},
                )
        if not self.blank and not value:
            raise exceptions.ValidationError(self.error_messages["blank"], code="blank")

    def run_validators(self, value) -> None:
        # MaxLengthValidator would measure the list, not the stored string.
        if len(self.get_prep_value(value)) > self.max_length:
            raise exceptions.ValidationError("Too many values selected.")

    def value_to_string(self, obj) -> str:
        return self.get_prep_value(self.value_from_object(obj))

    def formfield(self, **kwargs):
        defaults = {
            "form_class": forms.TypedMultipleChoiceField,
            "choices": self.choices,
            "required": not self.blank,
            "widget": forms.CheckboxSelectMultiple,
        }
        defaults.update(kwargs)
        defaults.pop("coerce", None)
        defaults.pop("empty_value", None)
        defaults.pop("max_length", None)
        return forms.MultipleChoiceField(
            choices=defaults["choices"],
            required=defaults["required"],
            widget=defaults["widget"],
            label=defaults.get("label"),
            help_text=defaults.get("help_text", ""),
        )

    def contains_lookup(self, value: str) -> dict[str, str]:
        """Keyword arguments for ``.filter()`` that test membership of ``value``."""
        return {f"{self.name}__contains": f"{SEP}{value}{SEP}"}
