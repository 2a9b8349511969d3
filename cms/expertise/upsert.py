"""Upsert of expertise entries (see cms.core.upsert)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from wagtail.models import Page

from cms.core.upsert import (
    UpsertError,
    UpsertResult,
    default_language,
    sanitise_html,
    text_in,
    upsert_page,
)
from cms.institutions.models import Discipline

from .models import ExpertiseContact, ExpertiseLink, ExpertisePage


@dataclass
class ContactData:
    name: str
    role: dict[str, str] = field(default_factory=dict)  # language code -> text
    orcid: str = ""
    email: str = ""
    show_email: bool = False
    consent_to_publish: bool = False


@dataclass
class LinkData:
    title: str
    url: str


@dataclass
class ExpertiseData:
    external_id: str
    institution: Page  # the institution's page in the default language
    title: dict[str, str]  # language code -> text, as every translatable field
    kind: str
    slug: dict[str, str] = field(default_factory=dict)
    summary: dict[str, str] = field(default_factory=dict)
    body: dict[str, str] = field(default_factory=dict)  # HTML
    disciplines: list[Discipline] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    collaboration_countries: list[str] = field(default_factory=list)
    working_languages: list[str] = field(default_factory=list)
    contacts: list[ContactData] = field(default_factory=list)
    links: list[LinkData] = field(default_factory=list)


def _error(exc: ValidationError, prefix: str) -> UpsertError:
    """The first field in error, and every message, prefixed with the item."""
    if not hasattr(exc, "error_dict"):
        text = " ".join(exc.messages)
        return UpsertError(prefix, text)
    parts = [f"{prefix}.{name}: {' '.join(m for e in errs for m in e.messages)}"
             for name, errs in exc.error_dict.items()]
    first = next(iter(exc.error_dict))
    return UpsertError(f"{prefix}.{first}", parts[0].split(": ", 1)[1],
                       "; ".join(parts))


def validate_children(page: ExpertisePage) -> None:
    """Contacts and links are inline children, which ``full_clean`` skips."""
    for kind in ("contacts", "links"):
        for index, item in enumerate(getattr(page, kind).all()):
            try:
                item.full_clean(exclude=["page", "sort_order"])
            except ValidationError as exc:
                raise _error(exc, f"{kind}[{index}]") from None


def upsert_expertise(data: ExpertiseData, *, publish: bool = True,
                     language: str | None = None,
                     snapshot: Callable[[Page], object] | None = None,
                     page: ExpertisePage | None = None, user=None) -> UpsertResult:
    """The entry below its institution: ``page`` (the write API's, by public
    id), else the one ``external_id`` finds; ``user`` as in upsert_page."""
    default = default_language(language)

    def apply(page, lang):
        page.summary = text_in(data.summary, lang, default)
        page.body = sanitise_html(text_in(data.body, lang, default))
        page.kind = data.kind
        page.disciplines = data.disciplines
        page.keywords.set(data.keywords)
        page.collaboration_countries = data.collaboration_countries
        page.working_languages = data.working_languages
        page.contacts = [
            ExpertiseContact(
                name=c.name, orcid=c.orcid, role=text_in(c.role, lang, default),
                email=c.email, show_email=c.show_email,
                consent_to_publish=c.consent_to_publish,
            ) for c in data.contacts
        ]
        page.links = [ExpertiseLink(title=link.title, url=link.url)
                      for link in data.links]
    return upsert_page(ExpertisePage, parent=data.institution, titles=data.title,
                       slugs=data.slug, apply=apply, external_id=data.external_id,
                       language=default, publish=publish, page=page,
                       validate=validate_children, snapshot=snapshot, user=user)
