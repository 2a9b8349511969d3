"""The relevance set's files: the catalogue and the judged queries."""

import json
from dataclasses import dataclass, field
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent
CATALOGUE_FILE = DATA_DIR / "catalogue.json"
HALVES = ("held_out", "tune")
LANGUAGES = ("nl", "en", "fr", "de")
CATEGORIES = {
    "plural", "accents", "typo", "synonym", "cross-language", "institution",
    "discipline", "short", "long", "compound",
}
ENTRY_SECTIONS = ("expertise", "events")  # what counts as an entry of the set


@dataclass(frozen=True)
class Query:
    id: str
    q: str
    language: str  # the language the query is written in
    half: str
    categories: tuple[str, ...]
    typo: bool
    judgements: dict[str, int] = field(hash=False)  # record id -> grade 1..3
    # The language the visitor searches in (the site's): the query's own,
    # except for a cross-language query aimed at an entry that exists only in
    # another language.
    request_language: str = ""

    @property
    def search_language(self) -> str:
        return self.request_language or self.language

    @property
    def sought(self) -> set[str]:
        """The grade-3 records: the entry (or entries) the query looks for."""
        return {rid for rid, grade in self.judgements.items() if grade == 3}


def queries_file(half: str) -> Path:
    return DATA_DIR / f"queries_{half}.json"


def load_catalogue() -> dict:
    return json.loads(CATALOGUE_FILE.read_text(encoding="utf-8"))


def load_queries(half: str = "all") -> list[Query]:
    """The queries of one half, or of both ("all")."""
    found = []
    for name in HALVES if half == "all" else (half,):
        data = json.loads(queries_file(name).read_text(encoding="utf-8"))
        for item in data["queries"]:
            found.append(Query(
                id=item["id"], q=item["q"], language=item["language"], half=name,
                categories=tuple(item["categories"]), typo=item["typo"],
                judgements=dict(item["judgements"]),
                request_language=item.get("request_language", "")))
    return found


def record_languages(catalogue: dict) -> dict[str, set[str]]:
    """Record id -> the languages it exists in (its title's)."""
    return {record["id"]: set(record["title"])
            for records in catalogue.values() if isinstance(records, list)
            for record in records}


def entries(catalogue: dict) -> list[dict]:
    return [record for section in ENTRY_SECTIONS for record in catalogue[section]]


def import_files(catalogue: dict) -> list[tuple[str, dict]]:
    """The catalogue as import files, one per default locale: a record goes
    into the file of the first of nl, en, fr, de it exists in (the importer
    needs a record's title in the file's default locale). The Dutch file,
    with the institutions, comes first."""
    files: dict[str, dict] = {}
    for section, records in catalogue.items():
        if not isinstance(records, list):
            continue
        for record in records:
            locale = next(lang for lang in LANGUAGES if lang in record["title"])
            data = files.setdefault(locale, {
                "format": catalogue["format"], "version": catalogue["version"]})
            data.setdefault(section, []).append(record)
    return [(lang, files[lang]) for lang in LANGUAGES if lang in files]


def problems(catalogue: dict, queries: list[Query]) -> list[str]:
    """What is wrong with the set (empty when it is sound)."""
    found = []
    languages = record_languages(catalogue)
    ids = [q.id for q in queries]
    found += [f"query id {qid} twice" for qid in {i for i in ids if ids.count(i) > 1}]
    for query in queries:
        where = f"query {query.id} ({query.q!r})"
        if not query.sought:
            found.append(f"{where}: no grade-3 record")
        if query.language not in LANGUAGES or query.search_language not in LANGUAGES:
            found.append(f"{where}: unknown language")
        unknown = set(query.categories) - CATEGORIES
        if unknown:
            found.append(f"{where}: unknown categories {sorted(unknown)}")
        if query.typo != ("typo" in query.categories):
            found.append(f"{where}: typo flag and 'typo' category disagree")
        if query.request_language and "cross-language" not in query.categories:
            found.append(f"{where}: request_language without 'cross-language'")
        if "cross-language" in query.categories and any(
                query.language in languages.get(rid, ()) for rid in query.sought):
            found.append(f"{where}: cross-language, but its entry exists in "
                         f"{query.language!r}")
        for record_id, grade in query.judgements.items():
            if record_id not in languages:
                found.append(f"{where}: judges unknown record {record_id}")
            elif query.search_language not in languages[record_id]:
                found.append(f"{where}: {record_id} does not exist in "
                             f"{query.search_language!r}")
            if grade not in (1, 2, 3):
                found.append(f"{where}: grade {grade} of {record_id}")
    return found
