"""Upsert of scholarships (see cms.core.upsert)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from wagtail.models import Page

from cms.core.upsert import (
    UpsertResult,
    default_language,
    sanitise_html,
    section,
    text_in,
    upsert_page,
)
from cms.institutions.models import Discipline

from .models import ScholarshipPage


@dataclass
class ScholarshipData:
    external_id: str
    title: dict[str, str]  # language code -> text, as every translatable field
    deadline: datetime  # aware
    link: str
    slug: dict[str, str] = field(default_factory=dict)
    summary: dict[str, str] = field(default_factory=dict)
    eligibility: dict[str, str] = field(default_factory=dict)  # HTML
    amount: dict[str, str] = field(default_factory=dict)
    body: dict[str, str] = field(default_factory=dict)  # HTML
    disciplines: list[Discipline] = field(default_factory=list)


def upsert_scholarship(data: ScholarshipData, *, publish: bool = True,
                       language: str | None = None,
                       snapshot: Callable[[Page], object] | None = None
                       ) -> UpsertResult:
    default = default_language(language)
    parent = section("scholarships", default)

    def apply(page, lang):
        page.summary = text_in(data.summary, lang, default)
        page.eligibility = sanitise_html(text_in(data.eligibility, lang, default))
        page.amount = text_in(data.amount, lang, default)
        page.body = sanitise_html(text_in(data.body, lang, default))
        page.deadline, page.link = data.deadline, data.link
        page.disciplines = data.disciplines
    return upsert_page(ScholarshipPage, parent=parent, titles=data.title,
                       slugs=data.slug, apply=apply, external_id=data.external_id,
                       language=default, publish=publish, snapshot=snapshot)
