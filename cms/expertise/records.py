"""Expertise records of the catalogue file (cms.core.records)."""

from __future__ import annotations

from cms.core.records import ImportContext, common, external_id, i18n
from cms.institutions.models import InstitutionPage
from cms.institutions.records import discipline_codes, disciplines_by_code

from .upsert import ContactData, ExpertiseData, LinkData, upsert_expertise


def export_expertise(pages: dict, main) -> dict:
    contacts_by_lang = {lang: list(p.contacts.all()) for lang, p in pages.items()}
    contacts = []
    for i, contact in enumerate(contacts_by_lang[next(iter(pages))]):
        role = {}
        for lang, items in contacts_by_lang.items():
            role[lang] = items[i].role if i < len(items) else contact.role
        contacts.append({
            "name": contact.name, "role": role, "orcid": contact.orcid,
            "email": contact.email, "show_email": contact.show_email,
            "consent_to_publish": contact.consent_to_publish,
        })
    return common(pages, main) | {
        "institution": external_id(main.get_parent()),
        "body": i18n(pages, lambda p: p.body),
        "kind": main.kind,
        "disciplines": discipline_codes(main),
        "keywords": sorted(t.name for t in main.keywords.all()),
        "collaboration_countries": sorted(str(c) for c in main.collaboration_countries),
        "working_languages": list(main.working_languages),
        "contacts": contacts,
        "links": [{"title": link.title, "url": link.url} for link in main.links.all()],
    }


def import_expertise(context: ImportContext, record: dict) -> str:
    data = ExpertiseData(
        **context.common(record),
        institution=context.ref([InstitutionPage], record["institution"],
                                "institution"),
        disciplines=disciplines_by_code(record.get("disciplines", [])),
        kind=record["kind"], body=record.get("body") or {},
        keywords=record.get("keywords", []),
        collaboration_countries=record.get("collaboration_countries", []),
        working_languages=record.get("working_languages", []),
        contacts=[ContactData(
            name=c["name"], role=c.get("role") or {}, orcid=c.get("orcid", ""),
            email=c.get("email", ""), show_email=c.get("show_email", False),
            consent_to_publish=c.get("consent_to_publish", False),
        ) for c in record.get("contacts", [])],
        links=[LinkData(title=link["title"], url=link["url"])
               for link in record.get("links", [])],
    )
    return context.upsert("expertise", upsert_expertise, data)
