"""Upsert of institutions and representations (see cms.core.upsert)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from wagtail.models import Page

from cms.core.upsert import (
    UpsertResult,
    default_language,
    sanitise_html,
    section,
    text_in,
    upsert_page,
)

from .models import InstitutionPage, RepresentationPage


@dataclass
class InstitutionData:
    external_id: str
    title: dict[str, str]  # language code -> text, as every translatable field
    kind: str
    slug: dict[str, str] = field(default_factory=dict)
    summary: dict[str, str] = field(default_factory=dict)
    description: dict[str, str] = field(default_factory=dict)  # HTML
    acronym: str = ""
    ror_id: str = ""
    city: str = ""
    website: str = ""
    contact_email: str = ""
    default_theme: str = ""


@dataclass
class RepresentationData:
    external_id: str
    title: dict[str, str]
    city: str
    country: str
    time_zone: str
    slug: dict[str, str] = field(default_factory=dict)
    summary: dict[str, str] = field(default_factory=dict)
    region: str = ""
    address: str = ""
    phone: str = ""
    contact_email: str = ""
    website: str = ""
    default_theme: str = ""


def upsert_institution(data: InstitutionData, *, publish: bool = True,
                       language: str | None = None,
                       snapshot: Callable[[Page], object] | None = None
                       ) -> UpsertResult:
    default = default_language(language)

    def apply(page, lang):
        page.summary = text_in(data.summary, lang, default)
        page.description = sanitise_html(text_in(data.description, lang, default))
        for name in ("acronym", "kind", "ror_id", "city", "website",
                     "contact_email", "default_theme"):
            setattr(page, name, getattr(data, name))
    return upsert_page(InstitutionPage, parent=section("institutions", default),
                       titles=data.title, slugs=data.slug, apply=apply,
                       external_id=data.external_id, language=default,
                       publish=publish, snapshot=snapshot)


def upsert_representation(data: RepresentationData, *, publish: bool = True,
                          language: str | None = None,
                          snapshot: Callable[[Page], object] | None = None
                          ) -> UpsertResult:
    default = default_language(language)

    def apply(page, lang):
        page.summary = text_in(data.summary, lang, default)
        for name in ("city", "country", "time_zone", "region", "address",
                     "phone", "contact_email", "website", "default_theme"):
            setattr(page, name, getattr(data, name))
    return upsert_page(RepresentationPage, parent=section("representations", default),
                       titles=data.title, slugs=data.slug, apply=apply,
                       external_id=data.external_id, language=default,
                       publish=publish, snapshot=snapshot)
