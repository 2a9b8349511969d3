"""The API's JSON of an expertise entry (cms.core.registry: the expertise type)."""

from __future__ import annotations

from cms.core.serializers import base, disciplines, page_ref, rich_text


def expertise(page, request, language: str) -> dict:
    data = base(page, request, language)
    data.update({
        "kind": page.kind,
        "institution": page_ref(page.get_parent().specific, request),
        "disciplines": disciplines(page, language),
        "keywords": sorted(tag.name for tag in page.keywords.all()),
        "collaboration_countries": [str(c) for c in page.collaboration_countries],
        "working_languages": page.working_languages,
        "contacts": [
            {"name": c.name, "role": c.role, "orcid": c.orcid or None,
             "email": c.email if c.show_email and c.email else None}
            for c in page.public_contacts],
        "body": rich_text(page.body),
    })
    return data
