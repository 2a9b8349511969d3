"""schema.org JSON-LD of an expertise entry (its type's, cms.core.registry)."""

from django.http import HttpRequest

from cms.core.absolute import page_url
from cms.core.structured_data import compact, description, image_url, organisation


def person(contact) -> dict:
    """A contact person; only ever called for people who agreed to publication."""
    return compact({
        "@type": "Person",
        "name": contact.name,
        "jobTitle": contact.role,
        "identifier": contact.orcid_url,
        "sameAs": contact.orcid_url,
        "email": contact.public_email,
    })


def expertise(page, request: HttpRequest | None = None) -> dict:
    """An expertise entry as a research unit of its institution.

    Research groups, labs and facilities are organisational units that do
    research, so the entry is a ResearchOrganization whose parentOrganization
    is the institution; its disciplines and keywords are what it knowsAbout."""
    institution = page.institution
    knows_about = [d.label for d in page.disciplines.all()]
    knows_about += [tag.name for tag in page.keywords.all()]
    return compact({
        "@context": "https://schema.org",
        "@type": "ResearchOrganization",
        "@id": f"{page_url(page, request)}#expertise",
        "name": page.title,
        "description": description(page),
        "url": page_url(page, request),
        "knowsAbout": knows_about,
        "knowsLanguage": list(page.working_languages),
        "parentOrganization": organisation(institution, request) if institution else None,
        "member": [person(c) for c in page.contacts.all() if c.consent_to_publish],
        "sameAs": [link.url for link in page.links.all()],
        "image": image_url(page, request),
    })
