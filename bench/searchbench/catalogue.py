"""The synthetic catalogue as a stream: expertise entries and events as search
documents of the shape search.documents.build_document() returns (analysed
terms included), made one at a time and never held together.

Document ``i`` (page id ``i + 1``; the first ``expertise`` are expertise
entries, the rest events) depends only on the seed, ``i``, the number of
expertise entries and the catalogue's reference time: each document draws
from a random generator of its own, so any slice regenerates alone and
identically (``Catalogue.documents(start, stop)``).
"""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils import translation
from django_countries import countries

from cms.events.models import SEARCH_OPEN_END
from cms.institutions.models import Discipline
from search.documents import analysed_terms, fingerprint
from search.normalize import fold, fold_char

from .vocabulary import (
    AND,
    AUDIENCES,
    CITIES,
    COUNTRIES,
    DOC_LANGUAGE_WEIGHTS,
    EVENT_SENTENCES,
    EVENT_TYPES,
    EXPERTISE_KINDS,
    EXPERTISE_TITLES,
    FIRST_NAMES,
    INSTITUTIONS,
    LANGUAGES,
    LAST_NAMES,
    METHODS,
    SENTENCES,
    STATUSES,
    TOPICS,
)

EVENT_SHARE = 0.2  # events per expertise entry, by default


class Folder:
    """search.normalize.fold, memoised per character: the generated text comes
    from a small alphabet. Only the generator's own fields use it; the
    analysed terms go through search.analysis as the hub's do."""

    def __init__(self) -> None:
        self._table: dict[int, str] = {}

    def __call__(self, text: str) -> str:
        for char in set(text):
            if ord(char) not in self._table:
                self._table[ord(char)] = fold_char(char)
        return " ".join(text.translate(self._table).split())


@dataclass
class Vocabulary:
    """Everything a document is made of, resolved once (labels in the four
    languages, institution ids)."""

    fold: Folder
    disciplines: dict[str, dict[str, str]]  # code -> language -> label
    parents: dict[str, str]  # sub-field code -> field code
    countries: dict[str, dict[str, str]]  # language -> code -> name
    institutions: list[tuple[str, str]] = field(default_factory=list)  # id, name


def load_vocabulary(seed: int) -> Vocabulary:
    """Discipline labels from the (migrated) database, country names, and
    institution ids drawn from the seed."""
    rows = list(Discipline.objects.select_related("parent"))
    if not rows:
        raise SystemExit("No disciplines in the database: is it migrated?")
    labels = {d.code: {lang: d.label_for(lang) for lang in LANGUAGES} for d in rows}
    parents = {d.code: d.parent.code for d in rows if d.parent_id}
    missing = {t[0] for t in TOPICS} - set(parents)
    if missing:
        raise SystemExit(f"Unknown discipline codes in TOPICS: {sorted(missing)}")
    names: dict[str, dict[str, str]] = {}
    for lang in LANGUAGES:
        with translation.override(lang):
            names[lang] = {code: str(countries.name(code)) for code in COUNTRIES}
    rng = random.Random(seed)
    institutions = [(str(uuid.UUID(int=rng.getrandbits(128), version=4)), name)
                    for name in INSTITUTIONS]
    return Vocabulary(Folder(), labels, parents, names, institutions)


class Catalogue:
    """``expertise`` entries then ``events`` events, for a seed and a
    reference time (event dates and publication dates are relative to it)."""

    def __init__(self, vocab: Vocabulary, expertise: int, events: int, seed: int,
                 now: datetime) -> None:
        self.vocab, self.expertise, self.events = vocab, expertise, events
        self.seed, self.now = seed, now
        self.analysis_cpu = 0.0  # s in search.documents.analysed_terms, this thread

    def __len__(self) -> int:
        return self.expertise + self.events

    def document(self, index: int) -> dict:
        """The document at ``index`` (0-based), alone."""
        rng = random.Random(self.seed * 2**32 + index)
        maker = DocumentMaker(self.vocab, rng, self.now)
        page_id = index + 1
        doc = (maker.expertise(page_id) if index < self.expertise
               else maker.event(page_id))
        self.analysis_cpu += maker.analysis_cpu
        return doc

    def documents(self, start: int = 0, stop: int | None = None) -> Iterator[dict]:
        """The documents ``start`` to ``stop`` (excluded), one at a time."""
        stop = len(self) if stop is None else min(stop, len(self))
        for index in range(start, stop):
            yield self.document(index)


class DocumentMaker:
    """One document from its own random generator."""

    def __init__(self, vocab: Vocabulary, rng: random.Random, now: datetime) -> None:
        self.v, self.rng, self.now = vocab, rng, now
        self.analysis_cpu = 0.0

    def language(self) -> str:
        return self.rng.choices(LANGUAGES, DOC_LANGUAGE_WEIGHTS)[0]

    def topics(self, n: int) -> list[tuple]:
        return self.rng.sample(TOPICS, n)

    def sentence(self, templates: list[str], lang: str, topics: list[tuple],
                 org: str, city: tuple) -> str:
        i = LANGUAGES.index(lang) + 1
        methods = self.rng.sample(METHODS, 2)
        return self.rng.choice(templates).format(
            topic=topics[0][i], topic2=self.rng.choice(topics)[i],
            method=methods[0][i - 1], method2=methods[1][i - 1],
            city=city[1], country=self.v.countries[lang][city[0]], org=org,
            year=self.rng.randint(1995, 2025))

    def body(self, templates: dict, lang: str, topics: list[tuple], org: str,
             cities: list[tuple], sentences: int) -> tuple[str, str]:
        """(summary, body) in one language."""
        parts = [self.sentence(templates[lang], lang, topics, org,
                               self.rng.choice(cities)) for _ in range(sentences)]
        return " ".join(parts[:2]), " ".join(parts)

    def keywords(self, lang: str, topics: list[tuple]) -> list[str]:
        i = LANGUAGES.index(lang)
        words = [t[i + 1] for t in topics]
        words += [m[i] for m in self.rng.sample(METHODS, self.rng.randint(1, 3))]
        return words

    def disciplines(self, topics: list[tuple]) -> dict[str, list[str]]:
        codes = {t[0] for t in topics}
        return {"discipline": sorted(codes),
                "field": sorted({self.v.parents[c] for c in codes})}

    def translations(self, lang: str) -> list[str]:
        """The document's own language, and one translation for a third of
        them (as sibling pages contribute their texts)."""
        if self.rng.random() < 0.35:
            return [lang, "en" if lang != "en" else "nl"]
        return [lang]

    def expertise(self, page_id: int) -> dict:
        lang = self.language()
        kind = self.rng.choices(EXPERTISE_KINDS, (35, 25, 10, 30))[0]
        topics = self.topics(self.rng.randint(2, 4))
        orgs = self.rng.sample(self.v.institutions, self.rng.choice((1, 1, 1, 2)))
        cities = self.rng.sample(CITIES, self.rng.randint(1, 3))
        person = f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"
        sentences = self.rng.randint(6, 14)
        texts = {}
        for text_lang in self.translations(lang):
            i = LANGUAGES.index(text_lang) + 1
            topic = topics[0][i]
            title = EXPERTISE_TITLES[kind][text_lang].format(
                topic=topic, Topic=topic[:1].upper() + topic[1:], person=person)
            if kind != "expert-profile" and self.rng.random() < 0.4:
                title += f" {AND[text_lang]} {topics[1][i]}"
            summary, body = self.body(SENTENCES, text_lang, topics, orgs[0][1],
                                      cities, sentences)
            texts[text_lang] = {"title": title, "summary": summary, "body": body,
                                "keywords": self.keywords(text_lang, topics)}
        facets = {
            "kind": [kind],
            "institution": sorted(o[0] for o in orgs),
            "country": sorted({c[0] for c in cities}),
            "language": sorted({lang, *self.rng.sample(LANGUAGES, 1)}),
            **self.disciplines(topics),
        }
        return self.finish(page_id, "expertise", lang, texts, facets,
                           [o[1] for o in orgs], self.published(), {})

    def event(self, page_id: int) -> dict:
        lang = self.language()
        event_type = self.rng.choice(list(EVENT_TYPES))
        topics = self.topics(2)
        orgs = self.rng.sample(self.v.institutions, self.rng.randint(1, 3))
        city = self.rng.choice(CITIES)
        online = event_type == "webinar" or self.rng.random() < 0.05
        texts = {}
        for text_lang in self.translations(lang):
            i = LANGUAGES.index(text_lang)
            label, topic = EVENT_TYPES[event_type][i], topics[0][i + 1]
            title = self.rng.choice([
                f"{label}: {topic}", f"{label} {city[1]} {self.now.year}",
                f"{label} Vlaanderen–{self.v.countries[text_lang][city[0]]}: {topic}",
            ])
            summary, body = self.body(EVENT_SENTENCES, text_lang, topics,
                                      orgs[0][1], [city], self.rng.randint(3, 8))
            texts[text_lang] = {"title": title, "summary": summary, "body": body,
                                "keywords": self.keywords(text_lang, topics)}
        status = self.rng.choice(STATUSES)
        facets = {
            "event_type": [event_type], "organiser": [orgs[0][0]],
            "institution": sorted(o[0] for o in orgs),
            "country": [] if online else [city[0]],
            "audience": sorted(self.rng.sample(AUDIENCES, self.rng.randint(1, 3))),
            "language": sorted({lang, "en"}), "status": [status],
            **self.disciplines(topics),
        }
        fields = self.event_fields(city, online, status)
        return self.finish(page_id, "event", lang, texts, facets,
                           [o[1] for o in orgs], fields["sort_date"], fields)

    def event_fields(self, city: tuple, online: bool, status: str) -> dict:
        now = self.now
        start = now + timedelta(minutes=15 * self.rng.randint(-4 * 24 * 540,
                                                              4 * 24 * 365))
        all_day = self.rng.random() < 0.2
        end = start + (timedelta(days=self.rng.randint(0, 3)) if all_day
                       else timedelta(hours=self.rng.randint(1, 8)))
        recurring = self.rng.random() < 0.05
        next_start, last_end = start, end
        if recurring:
            last_end = SEARCH_OPEN_END if self.rng.random() < 0.5 else (
                end + timedelta(days=self.rng.randint(30, 400)))
            if start < now:
                next_start = now + timedelta(days=self.rng.randint(1, 30))
        location = None if online else {
            "lat": round(city[2] + self.rng.uniform(-0.05, 0.05), 6),
            "lon": round(city[3] + self.rng.uniform(-0.05, 0.05), 6)}
        country = "" if online else self.v.countries["en"][city[0]]
        return {
            "start": start.isoformat(), "end": end.isoformat(),
            "next_start": next_start.isoformat(), "last_end": last_end.isoformat(),
            "time_zone": city[4], "all_day": all_day, "recurring": recurring,
            "status": status, "place": "" if online else f"{city[1]}, {country}",
            "location": location, "sort_date": next_start.isoformat(),
        }

    def published(self) -> str:
        return (self.now - timedelta(minutes=self.rng.randint(0, 5 * 365 * 24 * 60))
                ).isoformat()

    def finish(self, page_id: int, doc_type: str, lang: str, texts: dict,
               facets: dict, organisations: list[str], sort_date: str,
               event: dict) -> dict:
        """The common fields, in the order and shape of build_document()."""
        fold_memo = self.v.fold
        facets = {k: v for k, v in facets.items() if v}
        codes = sorted(facets.get("discipline", []) + facets.get("field", []))
        labels = {code: self.v.disciplines[code] for code in codes}
        own_labels = [labels[c][lang] for c in codes]
        public_id = str(uuid.UUID(int=self.rng.getrandbits(128), version=4))
        own = texts[lang]
        doc = {
            "page_id": page_id, "doc_type": doc_type, "language": lang,
            "public_id": public_id,
            "url": f"/{lang}/{doc_type}/{page_id}-{public_id[:8]}/",
            "title": own["title"], "summary": own["summary"],
            "organisations": organisations, "disciplines": own_labels,
            "texts": texts, "facets": facets,
            "suggest": suggestions(fold_memo, doc_type, own, organisations,
                                   own_labels),
            "sort_date": sort_date, **event,
        }
        extra = " ".join(organisations + [label for code in codes
                                          for label in labels[code].values()])
        doc["title_folded"] = fold_memo(" ".join(t["title"] for t in texts.values()))
        doc["text_folded"] = fold_memo(" ".join(
            " ".join([t["summary"], t["body"], *t["keywords"]])
            for t in texts.values()) + " " + extra)
        # The hub's own function: the same analysis, the same cost.
        by_language = {language: [labels[c][language] for c in codes]
                       for language in LANGUAGES}
        started = time.thread_time()
        doc["title_terms"], doc["text_terms"] = analysed_terms(
            texts, lang, organisations, by_language)
        self.analysis_cpu = time.thread_time() - started
        doc["fingerprint"] = fingerprint(doc)
        return doc


def suggestions(fold_memo: Folder, doc_type: str, own: dict,
                organisations: list[str], disciplines: list[str]) -> list[dict]:
    """Autocomplete entries, as search.documents._suggestions makes them."""
    entries = [{"text": own["title"], "kind": doc_type, "weight": 10}]
    entries += [{"text": k, "kind": "keyword", "weight": 6} for k in own["keywords"]]
    entries += [{"text": o, "kind": "organisation", "weight": 8}
                for o in organisations]
    entries += [{"text": d, "kind": "discipline", "weight": 7} for d in disciplines]
    seen: set[str] = set()
    unique = []
    for entry in entries:
        key = fold_memo(entry["text"])
        if key and key not in seen:
            seen.add(key)
            unique.append(entry)
    return unique


def check_folding(docs: Iterator[dict]) -> None:
    """The memoised folding must equal search.normalize.fold."""
    for doc in docs:
        assert doc["text_folded"] == fold(doc["text_folded"]), doc["page_id"]
        texts = " ".join(t["title"] for t in doc["texts"].values())
        assert doc["title_folded"] == fold(texts), doc["page_id"]
