"""schema.org JSON-LD of a scholarship (its type's, cms.core.registry)."""

from django.http import HttpRequest
from django.utils import timezone

from cms.core.absolute import page_url
from cms.core.structured_data import compact, description, organisation


def scholarship(page, request: HttpRequest | None = None) -> dict:
    """A scholarship as a schema.org MonetaryGrant funded by the Department.

    The amount is free text ("up to EUR 12,000 per academic year"), so it is a
    MonetaryAmount with only a description. A Grant has no deadline property:
    the application is a potentialAction (ApplyAction on the application link)
    whose access ends at the deadline (ActionAccessSpecification)."""
    funder = page.funder
    apply = {
        "@type": "ApplyAction",
        "target": page.link,
        "actionAccessibilityRequirement": {
            "@type": "ActionAccessSpecification",
            "availabilityEnds": timezone.localtime(page.deadline).isoformat(),
        },
    }
    return compact({
        "@context": "https://schema.org",
        "@type": "MonetaryGrant",
        "@id": f"{page_url(page, request)}#scholarship",
        "name": page.title,
        "description": description(page),
        "url": page_url(page, request),
        "funder": organisation(funder, request) if funder else None,
        "amount": {"@type": "MonetaryAmount", "description": page.amount}
        if page.amount else None,
        "potentialAction": apply,
    })
