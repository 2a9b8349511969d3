"""Institution and representation records of the catalogue file
(cms.core.records), and the discipline codes every type's records use."""

from __future__ import annotations

from cms.core.records import ImportContext, Rejected, common, i18n

from .models import Discipline
from .upsert import (
    InstitutionData,
    RepresentationData,
    upsert_institution,
    upsert_representation,
)


def disciplines_by_code(codes: list[str]) -> list[Discipline]:
    """The disciplines of OECD codes, in their order; Rejected names the unknown."""
    found = {d.code: d for d in Discipline.objects.filter(code__in=codes)}
    missing = [c for c in codes if c not in found]
    if missing:
        raise Rejected(f"disciplines: unknown OECD code(s) {', '.join(missing)}.")
    return [found[c] for c in codes]


def discipline_codes(page) -> list[str]:
    return sorted(d.code for d in page.disciplines.all())


def export_institution(pages: dict, main) -> dict:
    return common(pages, main) | {
        "description": i18n(pages, lambda p: p.description),
        "acronym": main.acronym, "kind": main.kind, "ror_id": main.ror_id,
        "city": main.city, "website": main.website,
        "contact_email": main.contact_email, "default_theme": main.default_theme,
    }


def export_representation(pages: dict, main) -> dict:
    return common(pages, main) | {
        "city": main.city, "country": str(main.country), "time_zone": main.time_zone,
        "region": main.region, "address": main.address, "phone": main.phone,
        "contact_email": main.contact_email, "website": main.website,
        "default_theme": main.default_theme,
    }


def import_institution(context: ImportContext, record: dict) -> str:
    names = ("acronym", "kind", "ror_id", "city", "website", "contact_email",
             "default_theme")
    data = InstitutionData(**context.common(record),
                           description=record.get("description") or {},
                           **{name: record.get(name, "") for name in names})
    return context.upsert("institutions", upsert_institution, data)


def import_representation(context: ImportContext, record: dict) -> str:
    names = ("city", "country", "time_zone", "region", "address", "phone",
             "contact_email", "website", "default_theme")
    data = RepresentationData(**context.common(record),
                              **{name: record.get(name, "") for name in names})
    return context.upsert("representations", upsert_representation, data)
