"""Page -> JSON dictionaries. Text is data: nothing is escaped here; rich text is
returned as the (already sanitised) HTML plus a plain-text version."""

from __future__ import annotations

from django.utils.html import strip_tags
from django.utils.text import Truncator
from wagtail.rich_text import expand_db_html

from cms.core.absolute import page_url

SUMMARY_CHARS = 300


def rich_text(html: str) -> dict:
    expanded = expand_db_html(html or "")
    text = " ".join(strip_tags(expanded).split())
    return {"html": expanded, "text": Truncator(text).chars(SUMMARY_CHARS)}


def page_ref(page, request) -> dict | None:
    if page is None:
        return None
    return {"id": str(page.translation_key), "slug": page.slug, "title": page.title,
            "url": page_url(page, request)}


def base(page, request, language: str) -> dict:
    return {
        "id": page.public_id,
        "slug": page.slug,
        "lang": page.locale.language_code,
        "requested_lang": language,
        "title": page.title,
        "summary": getattr(page, "summary", ""),
        "url": page_url(page, request),
        "last_published_at": _iso(page.last_published_at),
    }


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def discipline(item, language: str) -> dict:
    return {"code": item.code, "slug": item.slug, "label": item.label_for(language),
            "parent": item.parent.code if item.parent_id else None}


def disciplines(page, language: str) -> list[dict]:
    found = getattr(page, "api_disciplines", None)  # prefetch_events()
    if found is None:
        found = page.disciplines.select_related("parent")
    return [discipline(d, language) for d in found]


def _participants(page) -> list:
    found = getattr(page, "api_participants", None)  # prefetch_events()
    return list(page.participating_institutions.all()) if found is None else found


def prefetch_events(pages: list) -> None:
    """What event() reads besides the page, for a whole page of results in
    three queries: the organisers (the pages' parents, by path), the
    participating institutions and the disciplines with their parents."""
    from django.db.models import Prefetch, prefetch_related_objects
    from wagtail.models import Page

    from cms.institutions.models import Discipline

    if not pages:
        return
    parents = {page.path[:-Page.steplen] for page in pages}
    # specific(defer=True): the organiser's class without reading its table
    # (event() needs the page's title, slug, key, URL and type only).
    found = {p.path: p for p in Page.objects.filter(path__in=parents).specific(
        defer=True)}
    for page in pages:
        page.__dict__["organiser"] = found.get(page.path[:-Page.steplen])
    prefetch_related_objects(
        pages,
        Prefetch("participating_institutions", to_attr="api_participants"),
        Prefetch("disciplines", queryset=Discipline.objects.select_related("parent"),
                 to_attr="api_disciplines"))


def event(page, request, language: str) -> dict:
    organiser = page.organiser
    data = base(page, request, language)
    data.update({
        "event_type": page.event_type,
        "status": page.status,
        "attendance_mode": page.attendance_mode,
        "start": page.local_start.isoformat(),
        "end": page.local_end.isoformat(),
        "time_zone": page.time_zone,
        "all_day": page.all_day,
        "recurrence": {
            "rule": page.recurrence_rule or None,
            "exceptions": page.recurrence_exceptions.split() or [],
            "next_start": page.next_start.astimezone(page.tz).isoformat(),
            "last_end": _iso(page.last_end and page.last_end.astimezone(page.tz)),
        } if page.is_recurring else None,
        "venue": {
            "name": page.venue_name, "address": page.venue_address,
            "city": page.venue_city, "country": str(page.venue_country) or None,
            "latitude": float(page.latitude) if page.latitude is not None else None,
            "longitude": float(page.longitude) if page.longitude is not None else None,
        },
        "online_url": page.online_url or None,
        "organiser": page_ref(organiser, request),
        "organiser_type": (organiser.specific_class.__name__.removesuffix("Page").lower()
                           if organiser else None),
        "participating_institutions": [
            page_ref(p, request) for p in _participants(page)],
        "disciplines": disciplines(page, language),
        "audience": page.audience,
        "languages": page.languages,
        "registration_url": page.registration_url or None,
        "registration_deadline": _iso(page.registration_deadline),
        "body": rich_text(page.body),
    })
    if hasattr(page, "distance_km"):
        data["distance_km"] = round(page.distance_km, 3)
    return data


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


def scholarship(page, request, language: str) -> dict:
    data = base(page, request, language)
    data.update({
        "disciplines": disciplines(page, language),
        "eligibility": rich_text(page.eligibility),
        "amount": page.amount,
        "deadline": _iso(page.deadline),
        "link": page.link,
        "body": rich_text(page.body),
    })
    return data
