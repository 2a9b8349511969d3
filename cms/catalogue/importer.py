"""Import of ``flanders-hub-catalogue`` JSON files (see docs/import-format.md).

Records are upserted by external id and locale, one transaction per record: a bad
record is rejected with its reason and leaves nothing behind, the others go in.
Between records the import holds no lock an editor could wait on (issue 11):
the content generation is bumped once at the end (deferred_generation_bump),
and one import at a time runs (an advisory lock, cms.core.locks)."""

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from jsonschema import Draft202012Validator
from wagtail.models import Locale, Page

from cms.core.generation import deferred_generation_bump
from cms.core.locks import Busy, exclusive
from cms.core.records import Rejected
from cms.core.registry import catalogue_type
from cms.core.site_setup import ensure_site_tree
from cms.core.upsert import UpsertError
from cms.core.upsert import sanitise_html as sanitise_html  # used by plugins

from .exporter import FORMAT, VERSION, record_for_page, sections
from .signals import record_imported

SCHEMA_PATH = Path(__file__).parent / "schema" / "catalogue.schema.json"

class FileError(Exception):
    """The file as a whole cannot be imported (unreadable, not JSON, wrong format)."""


class ImportRunning(FileError):
    """Another catalogue import holds the import lock."""


class _Rollback(Exception):
    def __init__(self, outcome: str = "unchanged") -> None:
        super().__init__(outcome)
        self.outcome = outcome


@dataclass
class Report:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    rejected: list = field(default_factory=list)  # (label, reason)
    notes: list = field(default_factory=list)  # (label, text): imported, but...
    dry_run: bool = False

    def summary(self) -> str:
        head = "Dry run, nothing was saved. Would have: " if self.dry_run else ""
        lines = [
            f"{head}created {len(self.created)}, updated {len(self.updated)}, "
            f"unchanged {len(self.unchanged)}, rejected {len(self.rejected)}"
        ]
        lines += [f"  rejected {label}: {reason}" for label, reason in self.rejected]
        lines += [f"  note {label}: {text}" for label, text in self.notes]
        return "\n".join(lines)


# The deepest legitimate value is 5 levels down (file > events > record >
# venue > name); anything much deeper is an attack or a broken generator.
MAX_DEPTH = 20
DEFAULT_MAX_BYTES = 256 * 1024 * 1024
LOCK_NAME = "flanders-hub:catalogue-import"


def max_bytes() -> int:
    return int(getattr(settings, "HUB_CATALOGUE_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


class _Duplicate(Exception):
    pass


def _no_duplicates(pairs: list) -> dict:
    seen = set()
    for key, _value in pairs:
        if key in seen:
            raise _Duplicate(key)
        seen.add(key)
    return dict(pairs)


def _no_constant(name: str):
    raise ValueError(f"{name} is not a JSON number")


def _finite(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise ValueError(f"the number {text[:40]} is too large")
    return value


def _depth_exceeds(data, limit: int) -> bool:
    """Iterative, so that the check itself cannot run out of stack."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth > limit:
                return True
            children = value.values() if isinstance(value, dict) else value
            stack.extend((child, depth + 1) for child in children)
    return False


def _read_bytes(path) -> bytes:
    limit = max_bytes()
    advice = ("Split it into several files (records refer to each other by id, "
              "so one file per section works) or raise "
              "HUB_CATALOGUE_IMPORT_MAX_BYTES.")
    try:
        size = os.stat(path).st_size
        if size > limit:  # refused before reading a byte
            raise FileError(f"{path} is {size:,} bytes, more than the limit of "
                            f"{limit:,}. {advice}")
        with open(path, "rb") as handle:
            raw = handle.read(limit + 1)
    except OSError as exc:
        raise FileError(f"Cannot read {path}: {exc.strerror or exc}. Check the "
                        "path and its permissions.") from None
    if len(raw) > limit:  # a pipe or a file that grew
        raise FileError(f"{path} is larger than the limit of {limit:,} bytes. "
                        f"{advice}")
    return raw


def _decode(raw: bytes, path) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # a UTF-8 byte order mark, as some editors write
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise FileError(f"{path} is UTF-16 text; save it as UTF-8 and import "
                        "again.")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FileError(f"{path} is not UTF-8 text: byte 0x{raw[exc.start]:02X} at "
                        f"offset {exc.start} cannot be decoded (perhaps Latin-1 or "
                        "Windows-1252). Save the file as UTF-8 and import "
                        "again.") from None


def load_file(path) -> dict:
    """The parsed file, or FileError with one line that says what to do.
    Everything is checked before anything is written."""
    text = _decode(_read_bytes(path), path)
    hint = "Export the catalogue as JSON (see docs/import-format.md)."
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates,
                          parse_constant=_no_constant, parse_float=_finite)
    except _Duplicate as exc:
        key = json.dumps(exc.args[0])[:80]  # quoted and escaped: one line
        raise FileError(f"{path} has the key {key} twice in one object; each key "
                        "may appear once (see docs/import-format.md).") from None
    except json.JSONDecodeError as exc:
        raise FileError(f"{path} is not valid JSON ({exc}). {hint}") from None
    except RecursionError:
        raise FileError(f"{path} is nested too deeply (a catalogue file needs at "
                        f"most {MAX_DEPTH} levels). {hint}") from None
    except ValueError as exc:  # NaN, Infinity, a number with 5,000 digits
        message = str(exc).split(";")[0]
        raise FileError(f"{path} holds a value JSON cannot carry ({message}). "
                        f"{hint}") from None
    if _depth_exceeds(data, MAX_DEPTH):
        raise FileError(f"{path} is nested too deeply (a catalogue file needs at "
                        f"most {MAX_DEPTH} levels). {hint}")
    return check_envelope(data, path)


def check_envelope(data, path="the file") -> dict:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise FileError(f'{path} is not a catalogue file: expected a JSON object with '
                        f'"format": "{FORMAT}" (see docs/import-format.md).')
    if data.get("version") != VERSION:
        raise FileError(f'{path} has format version {data.get("version")!r}; this hub '
                        f'reads version {VERSION}. Export the file again with version '
                        f'{VERSION}.')
    for kind in (section.name for section in sections()):
        if not isinstance(data.get(kind, []), list):
            raise FileError(f'"{kind}" in {path} must be a list of records.')
    return data


_SCHEMA = None


def record_validators() -> dict:
    global _SCHEMA
    if _SCHEMA is None:
        _SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    defs = _SCHEMA["$defs"]
    return {
        section.name: Draft202012Validator(
            {"$defs": defs, "$ref": f"#/$defs/{section.record_schema}"})
        for section in sections() if section.import_record is not None
    }


def schema_errors(validator, record) -> str | None:
    errors = sorted(validator.iter_errors(record), key=lambda e: list(e.absolute_path))
    if not errors:
        return None
    parts = []
    for error in errors[:5]:
        where = ".".join(str(p) for p in error.absolute_path) or "record"
        parts.append(f"{where}: {error.message}")
    return "; ".join(parts)


def format_validation_error(exc: ValidationError, prefix: str = "") -> str:
    if hasattr(exc, "error_dict"):
        return "; ".join(
            f"{prefix}{name}: {' '.join(str(m) for e in errs for m in e.messages)}"
            if name != "__all__" else " ".join(m for e in errs for m in e.messages)
            for name, errs in exc.error_dict.items()
        )
    return f"{prefix.rstrip('.') + ': ' if prefix else ''}{' '.join(exc.messages)}"


class Importer:
    def __init__(self, default_locale: str | None = None, dry_run: bool = False,
                 progress=None, keep_existing: bool = False):
        self.lang = default_locale or settings.LANGUAGE_CODE
        self.dry_run = dry_run
        # An item that exists in the default locale is left as it is (and
        # reported unchanged): the demo data, loaded again, keeps its dates
        # and whatever an editor changed.
        self.keep_existing = keep_existing
        self.notes: list[str] = []  # of the current record
        self.progress = progress  # callable(iterable, total) -> iterable
        self.report = Report(dry_run=dry_run)
        self.languages = {code for code, _name in settings.LANGUAGES}
        self.dry_created: dict[str, tuple[str, dict]] = {}

    # -- entry points ---------------------------------------------------------
    def run(self, data: dict) -> Report:
        data = check_envelope(data)
        if self.lang not in self.languages:
            raise FileError(f"Unknown locale '{self.lang}'; use one of "
                            f"{', '.join(sorted(self.languages))}.")
        validators = record_validators()
        jobs = []
        for kind in validators:
            for index, record in enumerate(data.get(kind, [])):
                label = f"{kind}[{index}]"
                if isinstance(record, dict) and isinstance(record.get("id"), str):
                    label += f" id={record['id']}"
                jobs.append((kind, label, record,
                             schema_errors(validators[kind], record)))
        busy = ("Another catalogue import is running{holder}; wait until it has "
                "finished, then run this import again (records already imported "
                "are reported as unchanged).")
        try:
            with exclusive(LOCK_NAME, busy), deferred_generation_bump():
                self._prepare()
                items = self.progress(jobs, len(jobs)) if self.progress else jobs
                for kind, label, record, error in items:
                    if error:
                        self.report.rejected.append((label, error))
                        outcome = "rejected"
                    else:
                        outcome = self._one(kind, label, record)
                    record_imported.send(type(self), importer=self, label=label,
                                         outcome=outcome)
        except Busy as exc:
            raise ImportRunning(str(exc)) from None
        return self.report

    def _locales(self):
        ensure_site_tree()
        self.locales = {
            code: Locale.objects.get_or_create(language_code=code)[0]
            for code in self.languages
        }

    def _prepare(self) -> None:
        """The page tree and locales. A dry run saves nothing, so when they are
        missing (a new hub) each record makes them in its own rolled-back
        transaction instead."""
        self.tree_per_record = False
        if not self.dry_run:
            self._locales()
            return
        try:
            with transaction.atomic():
                before = Page.objects.count(), Locale.objects.count()
                self._locales()
                if (Page.objects.count(), Locale.objects.count()) != before:
                    self.tree_per_record = True
                    raise _Rollback
        except _Rollback:
            pass

    def _one(self, kind, label, record) -> str:
        """Import one record in its own transaction; returns the outcome.

        A dry run rolls every record back. Records created earlier in the
        file then do not exist, so a reference to one replays that record
        inside the referring record's transaction (``ref``): a dry run
        reports what the import would, and holds no lock across records."""
        section = catalogue_type(kind)
        if self.keep_existing and self._find(section.model, record["id"]):
            self.report.unchanged.append(label)
            return "unchanged"
        self.notes = []
        try:
            with transaction.atomic():
                if self.tree_per_record:
                    self._locales()
                outcome = section.import_record(self, record)
                if outcome == "unchanged" or self.dry_run:
                    raise _Rollback(outcome)
        except _Rollback as done:
            outcome = done.outcome
        except Rejected as exc:
            self.report.rejected.append((label, str(exc)))
            return "rejected"
        except ValidationError as exc:
            self.report.rejected.append((label, format_validation_error(exc)))
            return "rejected"
        except UpsertError as exc:
            self.report.rejected.append((label, str(exc)))
            return "rejected"
        if self.dry_run and outcome == "created":
            self.dry_created.setdefault(record["id"], (kind, record))
        getattr(self.report, outcome).append(label)
        self.report.notes += [(label, text) for text in self.notes]
        return outcome

    # -- helpers --------------------------------------------------------------
    def _find(self, model, ext_id, locale=None):
        locale = locale or self.locales[self.lang]
        return (model.objects.filter(external_id=ext_id, locale=locale)
                .order_by("-live", "path").first())

    # -- what a type's import_record uses (cms.core.records.ImportContext) ----
    def ref(self, models, ext_id, name):
        for model in models:
            page = self._find(model, ext_id)
            if page is not None:
                return page
        replay = self.dry_created.get(ext_id)
        if replay is not None and catalogue_type(replay[0]).model in models:
            catalogue_type(replay[0]).import_record(self, replay[1])  # dry run: _one
            return self.ref(models, ext_id, name)
        raise Rejected(f"{name}: unknown id '{ext_id}' (it must be in this file or "
                       "already in the hub).")

    def common(self, record) -> dict:
        return {"external_id": record["id"], "title": record["title"],
                "slug": record.get("slug") or {}, "summary": record.get("summary") or {}}

    def upsert(self, kind, service, data) -> str:
        """One record through the content app's upsert service (cms.core.upsert):
        created, updated, or unchanged when its exported record is the same."""
        result = service(data, publish=True, language=self.lang,
                         snapshot=lambda page: record_for_page(kind, page, self.lang))
        self.notes += result.skipped.values()
        return result.outcome


def import_catalogue(data: dict, default_locale=None, dry_run=False,
                     progress=None, keep_existing: bool = False) -> Report:
    return Importer(default_locale, dry_run, progress, keep_existing).run(data)
