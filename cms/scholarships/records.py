"""Scholarship records of the catalogue file (cms.core.records)."""

from __future__ import annotations

from cms.core.records import ImportContext, common, dt, i18n, parse_datetime
from cms.institutions.records import discipline_codes, disciplines_by_code

from .upsert import ScholarshipData, upsert_scholarship

# A scholarship has no time zone of its own: deadlines are written in Brussels time.
TIME_ZONE = "Europe/Brussels"


def export_scholarship(pages: dict, main) -> dict:
    return common(pages, main) | {
        "eligibility": i18n(pages, lambda p: p.eligibility),
        "amount": i18n(pages, lambda p: p.amount),
        "body": i18n(pages, lambda p: p.body),
        "deadline": dt(main.deadline, TIME_ZONE),
        "link": main.link,
        "disciplines": discipline_codes(main),
    }


def import_scholarship(context: ImportContext, record: dict) -> str:
    data = ScholarshipData(
        **context.common(record),
        deadline=parse_datetime(record["deadline"], "deadline"),
        link=record["link"], eligibility=record.get("eligibility") or {},
        amount=record.get("amount") or {}, body=record.get("body") or {},
        disciplines=disciplines_by_code(record.get("disciplines", [])),
    )
    return context.upsert("scholarships", upsert_scholarship, data)
