"""Typed Elasticsearch documents: one class per document type, each with its
own index (a versioned index behind an alias, see indices.py).

Titles are indexed per language with that language's analyzer (for ranking;
snippets are marked in Python), every text once folded (`title_folded`,
`all_folded`); the tokens of the shared analysis (search/analysis) are in
`title_terms` and `text_terms`. The document of one
translation also carries the texts of its sibling translations, so a Dutch
query finds the English page of an entry that has a Dutch translation.
"""

import hashlib
from functools import cache

from elasticsearch_dsl import (
    Boolean,
    Completion,
    Date,
    Document,
    GeoPoint,
    Integer,
    Keyword,
    MetaField,
    Object,
    Text,
)

from ..documents import document_types
from ..normalize import fold
from .analysis import LANGUAGE_ANALYSIS, NEUTRAL, analyzer_name
from .connection import index_prefix

FACET_FIELDS = ("kind", "event_type", "field", "discipline", "institution",
                "organiser", "country", "audience", "language", "status")
SUGGEST_CONTEXTS = [
    {"name": "language", "type": "category"},
    {"name": "doc_type", "type": "category"},
]
MAX_SUGGEST_SUFFIXES = 4
# No query reads positions (no phrases, no highlighter on the node: snippets
# are marked in Python), so text fields index terms and frequencies only.
WITHOUT_POSITIONS = "freqs"
# Indexed, never read back: kept out of _source, which then holds what a hit
# shows (display), the facets and what the index life cycle reads.
INDEXED_ONLY = ["title_*", "text_*", "all_folded"]


class HubDocument(Document):
    """Fields shared by every document type."""

    page_id = Integer()
    doc_type = Keyword()
    language = Keyword()
    public_id = Keyword()
    title_folded = Text(analyzer=NEUTRAL, copy_to="all_folded",
                        index_options=WITHOUT_POSITIONS)
    # Searched through all_folded only: analysing the long text once, not twice,
    # is most of what a rebuild costs after stemming.
    text_folded = Text(index=False, copy_to="all_folded")
    all_folded = Text(analyzer=NEUTRAL, index_options=WITHOUT_POSITIONS)
    # The tokens of search/analysis, shared by every backend (folded, stemmed,
    # compounds split in Python): split on spaces only. The built-in
    # `whitespace` analyzer is in core; the `whitespace` tokenizer is not.
    title_terms = Text(analyzer="whitespace", index_options=WITHOUT_POSITIONS)
    text_terms = Text(analyzer="whitespace", index_options=WITHOUT_POSITIONS)
    facets = Object(properties={name: Keyword() for name in FACET_FIELDS})
    sort_date = Date()
    # The document's own title only; its keywords, organisations and
    # disciplines complete from the labels index (LabelDocument), once each.
    suggest = Completion(analyzer=NEUTRAL, contexts=SUGGEST_CONTEXTS,
                         max_input_length=100)
    labels = Keyword()  # ids of its entries in the labels index
    fingerprint = Keyword()
    # What the result list shows; stored, not indexed.
    display = Object(enabled=False)

    doc_type_name = ""

    class Meta:
        # A facet that a model declares later (search_facets) is a keyword
        # too, so its terms aggregation works without a change here.
        dynamic_templates = MetaField([{"facets_as_keywords": {
            "path_match": "facets.*", "match_mapping_type": "string",
            "mapping": {"type": "keyword"}}}])
        source = MetaField(excludes=INDEXED_ONLY)

    @classmethod
    def alias(cls) -> str:
        return f"{index_prefix()}-{cls.Index.name}"

    @classmethod
    def source(cls, doc: dict) -> dict:
        """The Elasticsearch source of a search document (search/documents.py)."""
        source = {
            key: doc.get(key) for key in (
                "page_id", "doc_type", "language", "public_id", "title_folded",
                "text_folded", "title_terms", "text_terms", "facets", "sort_date",
                "fingerprint")
        }
        for language, texts in doc["texts"].items():
            if language not in LANGUAGE_ANALYSIS:
                continue
            source[f"title_{language}"] = texts["title"]
        own, shared = split_suggestions(doc)
        source["suggest"] = [completion(doc, entry) for entry in own]
        source["labels"] = [label_id(doc, entry) for entry in shared]
        display = {k: v for k, v in doc.items()
                   if k not in ("texts", "title_folded", "text_folded",
                                "title_terms", "text_terms")}
        display["body"] = doc["texts"][doc["language"]]["body"][:5000]
        source["display"] = display
        return source


# Per-language text fields, added to the class after its creation so that the
# list of languages lives in one place.
for _language in LANGUAGE_ANALYSIS:
    HubDocument._doc_type.mapping.field(f"title_{_language}", Text(
        analyzer=analyzer_name(_language), index_options=WITHOUT_POSITIONS))


def split_suggestions(doc: dict) -> tuple[list[dict], list[dict]]:
    """A document's autocomplete entries: its own (the title, which links to
    it) and the labels it shares with others (keywords, organisations,
    disciplines: a few hundred texts repeated in every document)."""
    own = [e for e in doc["suggest"] if e["kind"] == doc["doc_type"]]
    return own, [e for e in doc["suggest"] if e["kind"] != doc["doc_type"]]


def completion(doc: dict, entry: dict) -> dict:
    return {"input": suggest_inputs(entry["text"]), "weight": entry["weight"],
            "contexts": {"language": [doc["language"]],
                         "doc_type": [doc["doc_type"]]}}


def label_id(doc: dict, entry: dict) -> str:
    """One label per language, document type, kind and folded text."""
    key = "\x1f".join((doc["language"], doc["doc_type"], entry["kind"],
                       fold(entry["text"])))
    return hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest()


def suggest_inputs(text: str) -> list[str]:
    """The folded text and its tails starting at later words, so 'intel'
    completes 'Artificial intelligence' too."""
    words = fold(text).split()
    return [" ".join(words[i:]) for i in range(min(len(words), MAX_SUGGEST_SUFFIXES))
            if len(" ".join(words[i:])) > 1]


class ExpertiseDocument(HubDocument):
    doc_type_name = "expertise"

    class Index:
        name = "expertise"


class EventDocument(HubDocument):
    doc_type_name = "event"
    start = Date()
    end = Date()
    last_end = Date()
    all_day = Boolean()
    recurring = Boolean()
    location = GeoPoint()

    class Index:
        name = "events"

    @classmethod
    def source(cls, doc: dict) -> dict:
        source = super().source(doc)
        for key in ("start", "end", "last_end", "all_day", "recurring", "location"):
            source[key] = doc.get(key)
        return source


class OrganisationDocument(HubDocument):
    doc_type_name = "organisation"

    class Index:
        name = "organisations"


class LabelDocument(Document):
    """An autocomplete label shared by documents (a keyword, organisation or
    discipline name), stored once per language and document type. Not a
    HubDocument: searches never read this index, only autocomplete does."""

    text = Keyword(index=False)
    kind = Keyword()
    suggest = Completion(analyzer=NEUTRAL, contexts=SUGGEST_CONTEXTS,
                         max_input_length=100)

    class Index:
        name = "labels"

    @classmethod
    def alias(cls) -> str:
        return f"{index_prefix()}-{cls.Index.name}"

    @classmethod
    def source(cls, doc: dict, entry: dict) -> dict:
        return {"text": entry["text"], "kind": entry["kind"],
                "suggest": completion(doc, entry)}


def document_classes() -> dict[str, type[HubDocument]]:
    """Document type -> its Document class: the subclasses above for types
    with fields of their own, a plain one for every other searchable type
    (search/documents.py), so a new type needs no class here."""
    classes = {cls.doc_type_name: cls for cls in HubDocument.__subclasses__()}
    for doc_type in document_types():
        if doc_type not in classes:
            classes[doc_type] = plain_document(doc_type)
    return classes


def index_classes() -> list[type[Document]]:
    """Every index the hub keeps: one per document type, and the labels."""
    return [*document_classes().values(), LabelDocument]


@cache
def plain_document(doc_type: str) -> type[HubDocument]:
    """A Document class with only the shared fields, index `<type>s`."""
    index = type("Index", (), {"name": f"{doc_type}s"})
    return type(f"{doc_type.title()}Document", (HubDocument,),
                {"doc_type_name": doc_type, "Index": index, "__module__": __name__})
