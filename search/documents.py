"""The search document of a page: one backend-neutral dict, built once and
handed to both backends (Elasticsearch documents and the database table).

Which pages are searched is declared by the models themselves
(``search_document_type`` and the ``search_*`` methods of CataloguePage), so
no list of models is kept here.
"""

import hashlib
import json
from collections.abc import Iterable
from datetime import UTC, datetime
from functools import cache

from django.conf import settings
from django.utils.html import strip_tags
from django.utils.text import Truncator
from wagtail.models import Page, get_page_models

from .normalize import fold, strip_control

LANGUAGES = [code for code, _name in settings.LANGUAGES]
# Open-ended recurring series never end; a far date keeps range filters simple.
OPEN_END = datetime(2999, 12, 31, tzinfo=UTC)
MAX_BODY = 20_000


@cache
def searchable_models() -> dict[str, list[type[Page]]]:
    """Document type -> the page models that produce it."""
    types: dict[str, list[type[Page]]] = {}
    for model in get_page_models():
        doc_type = getattr(model, "search_document_type", None)
        if doc_type and not model._meta.abstract:
            types.setdefault(doc_type, []).append(model)
    return types


def document_types() -> list[str]:
    return sorted(searchable_models())


def is_searchable_model(model: type) -> bool:
    return bool(getattr(model, "search_document_type", None))


def plain_text(html: str, limit: int = MAX_BODY) -> str:
    text = strip_control(" ".join(strip_tags(html or "").split()))
    return Truncator(text).chars(limit) if len(text) > limit else text


def searchable_pages(doc_type: str | None = None):
    """Live public pages of the searchable models (of one document type)."""
    models = [
        m for t, ms in searchable_models().items() if doc_type in (None, t) for m in ms
    ]
    return Page.objects.live().public().type(*models)


def _texts(page) -> dict[str, str | list[str]]:
    return {
        "title": page.title,
        "summary": plain_text(page.summary, 2000),
        "body": plain_text(page.search_body()),
        "keywords": page.search_keywords(),
    }


def _discipline_labels(codes: Iterable[str]) -> dict[str, list[str]]:
    from cms.institutions.models import Discipline

    labels: dict[str, list[str]] = {lang: [] for lang in LANGUAGES}
    for discipline in Discipline.objects.filter(code__in=list(codes)):
        for lang in LANGUAGES:
            labels[lang].append(discipline.label_for(lang))
    return labels


def _title_in(page: Page, language: str) -> str:
    """The page's title in a language, or its own title."""
    translation = (
        Page.objects.filter(translation_key=page.translation_key,
                            locale__language_code=language)
        .live().only("title").first()
    )
    return translation.title if translation else page.title


def build_document(page: Page) -> dict | None:
    """The search document of a page, or None when the page must not be found
    (not live, private, or of a model that is not searched)."""
    page = page.specific
    if not is_searchable_model(type(page)) or not page.live:
        return None
    if not Page.objects.filter(pk=page.pk).public().exists():
        return None
    language = page.locale.language_code
    translations = {
        t.locale.language_code: t
        for t in page.get_translations(inclusive=True).live().public().specific()
        .select_related("locale")
    }
    texts = {lang: _texts(t) for lang, t in translations.items()}
    facets = {k: sorted(set(v)) for k, v in page.search_facets().items() if v}
    organisations = [o.specific for o in page.search_organisations() if o]
    organisation_names = [_title_in(o, language) for o in organisations]
    disciplines = _discipline_labels(facets.get("discipline", []) +
                                     facets.get("field", []))
    own = texts[language]
    doc = {
        "page_id": page.pk,
        "doc_type": page.search_document_type,
        "language": language,
        "public_id": page.public_id,
        "url": page.get_url() or "",
        "title": page.title,
        "summary": own["summary"],
        "organisations": organisation_names,
        "disciplines": disciplines[language],
        "texts": texts,
        "facets": facets,
        "suggest": _suggestions(page, own, organisation_names,
                                disciplines[language]),
        "sort_date": (page.first_published_at or page.latest_revision_created_at
                      or datetime.now(UTC)).isoformat(),
        **_event_fields(page),
    }
    folded_extra = " ".join(
        organisation_names + [label for labels in disciplines.values()
                              for label in labels]
    )
    doc["title_folded"] = fold(" ".join(
        str(t["title"]) for t in texts.values()))
    doc["text_folded"] = fold(" ".join(
        " ".join([str(t["summary"]), str(t["body"]), *t["keywords"]])
        for t in texts.values()) + " " + folded_extra)
    doc["fingerprint"] = fingerprint(doc)
    return doc


def _suggestions(page, own: dict, organisations: list[str],
                 disciplines: list[str]) -> list[dict]:
    """Autocomplete entries (text + what they are) contributed by a page."""
    entries = [{"text": page.title, "kind": page.search_document_type, "weight": 10}]
    entries += [{"text": k, "kind": "keyword", "weight": 6} for k in own["keywords"]]
    entries += [{"text": o, "kind": "organisation", "weight": 8} for o in organisations]
    entries += [{"text": d, "kind": "discipline", "weight": 7} for d in disciplines]
    seen: set[str] = set()
    unique = []
    for entry in entries:
        key = fold(entry["text"])
        if key and key not in seen:
            seen.add(key)
            unique.append(entry)
    return unique


def _event_fields(page) -> dict:
    if page.search_document_type != "event":
        return {}
    location = None
    if page.latitude is not None and page.longitude is not None:
        location = {"lat": float(page.latitude), "lon": float(page.longitude)}
    last_end = page.last_end or (OPEN_END if page.is_recurring else page.end)
    return {
        "start": page.start.isoformat(),
        "end": page.end.isoformat(),
        "next_start": page.next_start.isoformat(),
        "last_end": last_end.isoformat(),
        "time_zone": page.time_zone,
        "all_day": page.all_day,
        "recurring": page.is_recurring,
        "status": page.status,
        "place": ", ".join(p for p in (
            page.venue_city, page.venue_country.name if page.venue_country else ""
        ) if p),
        "location": location,
        "sort_date": page.next_start.isoformat(),
    }


def fingerprint(doc: dict) -> str:
    """A digest of the document, to find stale copies in an index."""
    payload = {k: v for k, v in doc.items() if k != "fingerprint"}
    encoded = json.dumps(payload, sort_keys=True, default=str).encode()
    return hashlib.sha1(encoded, usedforsecurity=False).hexdigest()
