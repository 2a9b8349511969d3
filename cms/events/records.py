"""Event records of the catalogue file (cms.core.records)."""

from __future__ import annotations

from decimal import Decimal

from cms.core.records import (
    ImportContext,
    common,
    decimal,
    dt,
    external_id,
    i18n,
    ids,
    parse_datetime,
)
from cms.expertise.models import ExpertisePage
from cms.institutions.models import InstitutionPage, RepresentationPage
from cms.institutions.records import discipline_codes, disciplines_by_code

from .upsert import EventData, upsert_event


def export_event(pages: dict, main) -> dict:
    tz = main.time_zone
    exceptions = [d for d in main.recurrence_exceptions.split() if d.strip()]
    return common(pages, main) | {
        "organiser": external_id(main.get_parent()),
        "body": i18n(pages, lambda p: p.body),
        "event_type": main.event_type,
        "start": dt(main.start, tz), "end": dt(main.end, tz), "time_zone": tz,
        "all_day": main.all_day,
        "recurrence_rule": main.recurrence_rule,
        "recurrence_exceptions": exceptions,
        "venue": {
            "name": i18n(pages, lambda p: p.venue_name),
            "address": main.venue_address, "city": main.venue_city,
            "country": str(main.venue_country),
            "latitude": decimal(main.latitude), "longitude": decimal(main.longitude),
        },
        "online_url": main.online_url,
        "attendance_mode": main.attendance_mode, "status": main.status,
        "participating_institutions": ids(main.participating_institutions.all()),
        "related_expertise": ids(main.related_expertise.all()),
        "disciplines": discipline_codes(main),
        "audience": list(main.audience), "languages": list(main.languages),
        "registration_url": main.registration_url,
        "registration_deadline": dt(main.registration_deadline, tz),
    }


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def import_event(context: ImportContext, record: dict) -> str:
    organiser = context.ref([InstitutionPage, RepresentationPage],
                            record["organiser"], "organiser")
    institutions = [context.ref([InstitutionPage], i, "participating_institutions")
                    for i in record.get("participating_institutions", [])]
    expertise = [context.ref([ExpertisePage], i, "related_expertise")
                 for i in record.get("related_expertise", [])]
    venue = record.get("venue") or {}
    data = EventData(
        **context.common(record), organiser=organiser,
        body=record.get("body") or {}, event_type=record["event_type"],
        start=parse_datetime(record["start"], "start"),
        end=parse_datetime(record["end"], "end"),
        time_zone=record["time_zone"],
        all_day=record.get("all_day", False),
        recurrence_rule=record.get("recurrence_rule", ""),
        recurrence_exceptions=record.get("recurrence_exceptions", []),
        venue_name=venue.get("name") or {},
        venue_address=venue.get("address", ""),
        venue_city=venue.get("city", ""),
        venue_country=venue.get("country", ""),
        latitude=_decimal(venue.get("latitude")),
        longitude=_decimal(venue.get("longitude")),
        online_url=record.get("online_url", ""),
        attendance_mode=record.get("attendance_mode", "offline"),
        status=record.get("status", "scheduled"),
        participating_institutions=institutions, related_expertise=expertise,
        disciplines=disciplines_by_code(record.get("disciplines", [])),
        audience=record.get("audience", []),
        languages=record.get("languages", []),
        registration_url=record.get("registration_url", ""),
        registration_deadline=parse_datetime(record.get("registration_deadline"),
                                             "registration_deadline"),
    )
    return context.upsert("events", upsert_event, data)
