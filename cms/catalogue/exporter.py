"""Export of the catalogue (organisations, expertise, events, scholarships) to the
``flanders-hub-catalogue`` JSON format that :mod:`cms.catalogue.importer` reads.

One record per item (all translations of a page share ``translation_key``);
translatable fields are objects keyed by language code."""

from collections import defaultdict
from zoneinfo import ZoneInfo

from django.utils import timezone
from wagtail.models import Page

from cms.events.models import EventPage
from cms.expertise.models import ExpertisePage
from cms.institutions.models import InstitutionPage, RepresentationPage
from cms.scholarships.models import ScholarshipPage

FORMAT = "flanders-hub-catalogue"
VERSION = 1

SECTIONS = [
    ("institutions", InstitutionPage),
    ("representations", RepresentationPage),
    ("expertise", ExpertisePage),
    ("events", EventPage),
    ("scholarships", ScholarshipPage),
]
KIND_MODELS = dict(SECTIONS)


def external_id(page: Page) -> str:
    """The id a page is exported under: its external id, else its public id."""
    return page.specific.external_id or f"hub-{page.translation_key}"


def _dt(value, tz: str) -> str | None:
    if value is None:
        return None
    return value.astimezone(ZoneInfo(tz)).isoformat()


def _i18n(pages: dict, getter) -> dict:
    return {lang: getter(page) or "" for lang, page in pages.items()}


def _ordered(pages: dict, default: str) -> dict:
    """Language -> page with the default locale first, then alphabetically."""
    return dict(sorted(pages.items(), key=lambda item: (item[0] != default, item[0])))


def _common(pages: dict, main) -> dict:
    return {
        "id": external_id(main),
        "title": _i18n(pages, lambda p: p.title),
        "slug": _i18n(pages, lambda p: p.slug),
        "summary": _i18n(pages, lambda p: p.summary),
    }


def _ids(pages) -> list[str]:
    return sorted(external_id(p) for p in pages)


def _institution(pages, main) -> dict:
    return _common(pages, main) | {
        "description": _i18n(pages, lambda p: p.description),
        "acronym": main.acronym, "kind": main.kind, "ror_id": main.ror_id,
        "city": main.city, "website": main.website,
        "contact_email": main.contact_email, "default_theme": main.default_theme,
    }


def _representation(pages, main) -> dict:
    return _common(pages, main) | {
        "city": main.city, "country": str(main.country), "time_zone": main.time_zone,
        "region": main.region, "address": main.address, "phone": main.phone,
        "contact_email": main.contact_email, "website": main.website,
        "default_theme": main.default_theme,
    }


def _expertise(pages, main) -> dict:
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
    return _common(pages, main) | {
        "institution": external_id(main.get_parent()),
        "body": _i18n(pages, lambda p: p.body),
        "kind": main.kind,
        "disciplines": sorted(d.code for d in main.disciplines.all()),
        "keywords": sorted(t.name for t in main.keywords.all()),
        "collaboration_countries": sorted(str(c) for c in main.collaboration_countries),
        "working_languages": list(main.working_languages),
        "contacts": contacts,
        "links": [{"title": link.title, "url": link.url} for link in main.links.all()],
    }


def _decimal(value):
    return None if value is None else float(value)


def _event(pages, main) -> dict:
    tz = main.time_zone
    exceptions = [d for d in main.recurrence_exceptions.split() if d.strip()]
    return _common(pages, main) | {
        "organiser": external_id(main.get_parent()),
        "body": _i18n(pages, lambda p: p.body),
        "event_type": main.event_type,
        "start": _dt(main.start, tz), "end": _dt(main.end, tz), "time_zone": tz,
        "all_day": main.all_day,
        "recurrence_rule": main.recurrence_rule,
        "recurrence_exceptions": exceptions,
        "venue": {
            "name": _i18n(pages, lambda p: p.venue_name),
            "address": main.venue_address, "city": main.venue_city,
            "country": str(main.venue_country),
            "latitude": _decimal(main.latitude), "longitude": _decimal(main.longitude),
        },
        "online_url": main.online_url,
        "attendance_mode": main.attendance_mode, "status": main.status,
        "participating_institutions": _ids(main.participating_institutions.all()),
        "related_expertise": _ids(main.related_expertise.all()),
        "disciplines": sorted(d.code for d in main.disciplines.all()),
        "audience": list(main.audience), "languages": list(main.languages),
        "registration_url": main.registration_url,
        "registration_deadline": _dt(main.registration_deadline, tz),
    }


def _scholarship(pages, main) -> dict:
    return _common(pages, main) | {
        "eligibility": _i18n(pages, lambda p: p.eligibility),
        "amount": _i18n(pages, lambda p: p.amount),
        "body": _i18n(pages, lambda p: p.body),
        "deadline": _dt(main.deadline, "Europe/Brussels"),
        "link": main.link,
        "disciplines": sorted(d.code for d in main.disciplines.all()),
    }


BUILDERS = {
    "institutions": _institution, "representations": _representation,
    "expertise": _expertise, "events": _event, "scholarships": _scholarship,
}


def record_for(kind: str, pages: dict, default_locale: str) -> dict | None:
    """The record of one item from its live pages keyed by language code;
    None when the item has no page in the default locale."""
    if default_locale not in pages:
        return None
    pages = _ordered(pages, default_locale)
    return BUILDERS[kind](pages, pages[default_locale])


def record_for_page(kind: str, page: Page, default_locale: str) -> dict | None:
    """The current (live) record of the item ``page`` belongs to."""
    model = KIND_MODELS[kind]
    pages = {
        p.locale.language_code: p
        for p in model.objects.live().filter(translation_key=page.translation_key)
        .select_related("locale")
    }
    return record_for(kind, pages, default_locale)


def export_catalogue(default_locale: str = "nl", warn=None) -> dict:
    data: dict = {
        "format": FORMAT, "version": VERSION, "default_locale": default_locale,
        "generated_at": timezone.now().isoformat(),
    }
    for kind, model in SECTIONS:
        groups: dict = defaultdict(dict)
        qs = model.objects.live().select_related("locale").order_by("path")
        for page in qs:
            groups[page.translation_key][page.locale.language_code] = page
        records = []
        for pages in groups.values():
            record = record_for(kind, pages, default_locale)
            if record is None:
                if warn:
                    some = next(iter(pages.values()))
                    warn(f"{kind}: skipped '{some.title}' (no {default_locale} page)")
                continue
            records.append(record)
        data[kind] = records
    return data
