"""The API's JSON of a scholarship (cms.core.registry: the scholarships type)."""

from __future__ import annotations

from cms.core.serializers import base, disciplines, iso, rich_text


def scholarship(page, request, language: str) -> dict:
    data = base(page, request, language)
    data.update({
        "disciplines": disciplines(page, language),
        "eligibility": rich_text(page.eligibility),
        "amount": page.amount,
        "deadline": iso(page.deadline),
        "link": page.link,
        "body": rich_text(page.body),
    })
    return data
