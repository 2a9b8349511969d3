"""Controlled vocabularies shared by the content areas."""

from django.conf import global_settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    STUDENTS = "students", _("Students")
    RESEARCHERS = "researchers", _("Researchers")
    POLICY_MAKERS = "policy-makers", _("Policy-makers")
    ALUMNI = "alumni", _("Alumni")
    INDUSTRY = "industry", _("Industry")
    GENERAL_PUBLIC = "general-public", _("General public")


def language_choices() -> list[tuple[str, str]]:
    """ISO 639-1 languages, named through Django's translated language list."""
    return sorted(
        (code, name) for code, name in global_settings.LANGUAGES if "-" not in code
    )


class Region(models.TextChoices):
    EUROPE = "europe", _("Europe")
    NORTH_AMERICA = "north-america", _("North America")
    LATIN_AMERICA = "latin-america", _("Latin America")
    AFRICA = "africa", _("Africa")
    MIDDLE_EAST = "middle-east", _("Middle East")
    ASIA = "asia", _("Asia")
    OCEANIA = "oceania", _("Oceania")
