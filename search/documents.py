"""The search document of a page: one backend-neutral dict, built once and
handed to both backends (Elasticsearch documents and the database table).

Which pages are searched: the catalogue types of the registry
(cms.core.registry) whose models declare ``search_document_type``; what a
document holds, the models declare too (the ``search_*`` methods of
CataloguePage). No list of models is kept here.
"""

import hashlib
import json
import re
from collections.abc import Iterable
from datetime import UTC, datetime

from django.conf import settings
from django.utils.html import strip_tags
from django.utils.text import Truncator
from wagtail.models import Page

from cms.core.registry import catalogue_types, type_of
from cms.institutions import vocabulary

from .analysis import index_terms
from .normalize import fold, strip_control

LANGUAGES = [code for code, _name in settings.LANGUAGES]
MAX_BODY = 20_000


def searchable_models() -> dict[str, list[type[Page]]]:
    """Document type -> the page models that produce it: the registered
    catalogue types whose model declares ``search_document_type``."""
    types: dict[str, list[type[Page]]] = {}
    for kind in catalogue_types():
        if kind.searchable:
            types.setdefault(kind.model.search_document_type, []).append(kind.model)
    return types


def searchable_model_list() -> list[type[Page]]:
    return [model for models in searchable_models().values() for model in models]


def document_types() -> list[str]:
    return sorted(searchable_models())


def is_searchable_model(model: type) -> bool:
    kind = type_of(model)
    return kind is not None and kind.searchable


# A block's tag separates words: "<p>hydrogen.</p><h2>International" reads
# "hydrogen. International" in snippets, not "hydrogen.International".
BLOCK_TAG = re.compile(r"<(?:br|/?(?:p|div|h[1-6]|li|dt|dd|tr|td|th|blockquote|"
                       r"figcaption|pre))\b[^>]*>", re.IGNORECASE)


def plain_text(html: str, limit: int = MAX_BODY) -> str:
    text = BLOCK_TAG.sub(lambda tag: " " + tag.group(0), html or "")
    text = strip_control(" ".join(strip_tags(text).split()))
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
    labels: dict[str, list[str]] = {lang: [] for lang in LANGUAGES}
    for discipline in vocabulary.disciplines_of(codes):
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
        **page.search_document_fields(),
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
    doc["title_terms"], doc["text_terms"] = analysed_terms(texts, language,
                                                   organisation_names, disciplines)
    doc["fingerprint"] = fingerprint(doc)
    return doc


def analysed_terms(texts: dict[str, dict], language: str, organisations: list[str],
           disciplines: dict[str, list[str]]) -> tuple[str, str]:
    """The analysed tokens every backend indexes (search/analysis): each
    translation's title, and its other texts, in that translation's language;
    organisation names in the document's language."""
    titles = [index_terms(str(t["title"]), lang) for lang, t in texts.items()]
    others = [
        index_terms(" ".join([str(t["summary"]), str(t["body"]), *t["keywords"]]),
                    lang)
        for lang, t in texts.items()
    ]
    others.append(index_terms(" ".join(organisations), language))
    others += [index_terms(" ".join(labels), lang)
               for lang, labels in disciplines.items() if labels]
    return (" ".join(t for t in titles if t), " ".join(t for t in others if t))


def build_documents(page_ids: Iterable[int]) -> tuple[list[dict], list[int]]:
    """Documents of the pages that must be found, ids of those that must not."""
    page_ids = set(page_ids)
    pages = Page.objects.filter(pk__in=page_ids).specific()
    docs = [doc for page in pages if (doc := build_document(page))]
    found = {doc["page_id"] for doc in docs}
    return docs, sorted(page_ids - found)


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


def fingerprint(doc: dict) -> str:
    """A digest of the document, to find stale copies in an index."""
    payload = {k: v for k, v in doc.items() if k != "fingerprint"}
    encoded = json.dumps(payload, sort_keys=True, default=str).encode()
    return hashlib.sha1(encoded, usedforsecurity=False).hexdigest()
