"""The API's JSON of institutions and representations (cms.core.registry)."""

from __future__ import annotations

from cms.core.serializers import base, rich_text


def institution(page, request, language: str) -> dict:
    data = base(page, request, language)
    data.update({
        "acronym": page.acronym, "kind": page.kind, "ror_id": page.ror_id or None,
        "website": page.website or None, "city": page.city,
        "default_theme": page.default_theme or None,
        "description": rich_text(page.description),
    })
    return data


def representation(page, request, language: str) -> dict:
    data = base(page, request, language)
    data.update({
        "city": page.city, "country": str(page.country), "time_zone": page.time_zone,
        "region": page.region, "address": page.address, "phone": page.phone,
        "email": page.contact_email or None, "website": page.website or None,
    })
    return data
