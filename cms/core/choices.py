"""Controlled vocabularies shared by the content areas."""

import unicodedata

from babel import Locale, UnknownLocaleError
from django.conf import global_settings, settings
from django.db import models
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    STUDENTS = "students", _("Students")
    RESEARCHERS = "researchers", _("Researchers")
    POLICY_MAKERS = "policy-makers", _("Policy-makers")
    ALUMNI = "alumni", _("Alumni")
    INDUSTRY = "industry", _("Industry")
    GENERAL_PUBLIC = "general-public", _("General public")


# The codes an event or expertise entry can name: ISO 639-1 languages (the
# stored values; Django's list only provides the set, its names are English).
LANGUAGE_CODES = tuple(sorted(
    code for code, _name in global_settings.LANGUAGES if "-" not in code))


def _cldr_locale(language: str | None) -> Locale:
    try:
        return Locale.parse((language or settings.LANGUAGE_CODE).replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return Locale.parse("en")


def language_name(code: str, language: str | None = None) -> str:
    """The name of the language ``code`` in ``language`` (default: the active
    one), from CLDR; capitalised, as a label stands alone (CLDR writes French
    names in lower case)."""
    names = _cldr_locale(language or translation.get_language()).languages
    name = names.get(code) or names.get(code.split("-")[0])
    return capfirst(name) if name else code


def sort_key(label: str) -> str:
    """Alphabetical order of a label in any of the hub's languages: accents and
    case do not count ("Éwé" sorts with "Ewe", not after "Zulu")."""
    decomposed = unicodedata.normalize("NFKD", label.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def language_choices() -> list[tuple[str, str]]:
    """ISO 639-1 languages named in the active language, ordered by name;
    called each time a form or facet lists them, so always in the page's
    or editor's language."""
    language = translation.get_language()
    named = [(code, language_name(code, language)) for code in LANGUAGE_CODES]
    return sorted(named, key=lambda pair: sort_key(pair[1]))


class Region(models.TextChoices):
    EUROPE = "europe", _("Europe")
    NORTH_AMERICA = "north-america", _("North America")
    LATIN_AMERICA = "latin-america", _("Latin America")
    AFRICA = "africa", _("Africa")
    MIDDLE_EAST = "middle-east", _("Middle East")
    ASIA = "asia", _("Asia")
    OCEANIA = "oceania", _("Oceania")
