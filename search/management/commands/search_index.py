"""python manage.py search_index rebuild | ensure | status | verify [--repair] | flush"""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from search import indexing
from search.db import store
from search.documents import document_types, searchable_pages
from search.es.backend import FAILURES
from search.es.connection import elasticsearch_enabled
from search.es.documents import LabelDocument, document_classes
from search.es.indices import (
    aliased_index,
    count,
    ensure_indices,
    indexed_fingerprints,
    replace_documents,
)
from search.es.queue import flush_queue
from search.models import IndexQueueEntry, SearchDocument


class Command(BaseCommand):
    help = "Build, inspect and repair the visitors' search indexes."

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        rebuild = sub.add_parser("rebuild", help="Rebuild with zero downtime.")
        rebuild.add_argument(
            "--backend", choices=["all", "database", "elasticsearch"], default="all"
        )
        sub.add_parser(
            "ensure",
            help="Create what a release expects and is missing (a new document "
                 "type's index, an empty backend) and fill it; cheap when "
                 "nothing is missing (run on every start).")
        sub.add_parser("status", help="Documents per index against the database.")
        verify = sub.add_parser("verify", help="Find missing, stale, extra documents.")
        verify.add_argument("--repair", action="store_true", help="Fix what is found.")
        sub.add_parser("flush", help="Deliver the queued changes to Elasticsearch.")

    def handle(self, *args, action: str, **options) -> None:
        es = elasticsearch_enabled()
        if action == "rebuild":
            self.rebuild(options["backend"], es)
        elif action == "ensure":
            self.ensure(es)
        elif action == "status":
            self.status(es)
        elif action == "verify":
            self.verify(options["repair"], es)
        elif action == "flush":
            result = flush_queue(force=True)
            self.stdout.write(
                f"indexed {result['indexed']}, deleted {result['deleted']}"
                f", failed {result['failed']}"
            )
            if result["failed"]:
                raise CommandError(
                    "Elasticsearch did not accept the changes; they stay "
                    "queued. Check ELASTICSEARCH_URL and the cluster."
                )

    def _bar(self, label: str):
        total = searchable_pages().count()
        return tqdm(
            total=total,
            desc=label,
            unit="doc",
            file=self.stderr._out,
            disable=total == 0,
        )

    def rebuild(self, backend: str, es: bool) -> None:
        if backend in ("all", "database"):
            with self._bar("database") as bar:
                count = indexing.rebuild_database(progress=bar.update)
            self.stdout.write(f"database: {count} documents")
        if backend in ("all", "elasticsearch"):
            if not es:
                if backend == "elasticsearch":
                    raise CommandError(
                        "Set ELASTICSEARCH_URL to rebuild Elasticsearch."
                    )
                return
            with self._bar("elasticsearch") as bar:
                swapped = self._es(
                    lambda: indexing.rebuild_elasticsearch(progress=bar.update)
                )
            for doc_type, (index, deleted) in swapped.items():
                self.stdout.write(
                    f"elasticsearch: {doc_type} -> {index} (removed {len(deleted)} old)"
                )

    def _es(self, run):
        try:
            return run()
        except FAILURES as error:
            raise CommandError(
                f"Elasticsearch is unreachable or refused the request "
                f"({error}). Check ELASTICSEARCH_URL and the cluster "
                "health, then run the command again."
            ) from error

    def ensure(self, es: bool) -> None:
        """After an upgrade that adds a document type (or on a new cluster),
        its index exists and holds its documents; the rest is left alone."""
        fill: dict[str, list[str]] = {"database": [], "elasticsearch": []}
        rebuilt = False
        for doc_type in document_types():
            if (searchable_pages(doc_type).exists() and not
                    SearchDocument.objects.filter(doc_type=doc_type).exists()):
                fill["database"].append(doc_type)
        if es and self._es(lambda: aliased_index(LabelDocument) is None):
            # Indices of a release before the labels index: their documents
            # carry every label themselves; a rebuild moves them out.
            self.stdout.write("search indices: no labels index, rebuilding")
            self._es(indexing.rebuild_elasticsearch)
            self.stdout.write("search indices: rebuilt on elasticsearch")
            es, rebuilt = False, True
        if es:
            missing = self._es(lambda: [
                doc_type for doc_type, doc_class in document_classes().items()
                if aliased_index(doc_class) is None])
            if missing:
                self._es(ensure_indices)  # templates, then an aliased index each
            fill["elasticsearch"] = missing
        for backend, doc_types in fill.items():
            for doc_type in doc_types:
                docs = list(indexing.all_documents(doc_type))
                self._repair(backend, docs, [])
        if not rebuilt and not any(fill.values()):
            self.stdout.write("search indices: nothing missing")

    def status(self, es: bool) -> None:
        rows = []
        for doc_type in document_types():
            expected = searchable_pages(doc_type).count()
            in_db = SearchDocument.objects.filter(doc_type=doc_type).count()
            in_es = "-"
            if es:
                doc_class = document_classes()[doc_type]
                in_es = self._es(
                    lambda c=doc_class: f"{count(c)} in {aliased_index(c)}"
                )
            rows.append((doc_type, expected, in_db, in_es))
        self.stdout.write(f"{'type':<14}{'pages':>8}{'database':>10}  elasticsearch")
        for doc_type, expected, in_db, in_es in rows:
            self.stdout.write(f"{doc_type:<14}{expected:>8}{in_db:>10}  {in_es}")
        self.stdout.write(
            f"queued for elasticsearch: {IndexQueueEntry.objects.count()}"
        )

    def verify(self, repair: bool, es: bool) -> None:
        expected = {
            d["page_id"]: d
            for d in tqdm(
                indexing.all_documents(),
                total=searchable_pages().count(),
                desc="building",
                unit="doc",
                file=self.stderr._out,
            )
        }
        fingerprints = {pid: d["fingerprint"] for pid, d in expected.items()}
        targets = {
            "database": dict(
                SearchDocument.objects.values_list("page_id", "fingerprint")
            )
        }
        if es:
            found: dict[int, str] = {}
            for doc_class in document_classes().values():
                found |= self._es(lambda c=doc_class: indexed_fingerprints(c))
            targets["elasticsearch"] = found
        problems = 0
        for backend, indexed in targets.items():
            missing = sorted(set(fingerprints) - set(indexed))
            extra = sorted(set(indexed) - set(fingerprints))
            stale = sorted(
                p
                for p in set(fingerprints) & set(indexed)
                if fingerprints[p] != indexed[p]
            )
            problems += len(missing) + len(extra) + len(stale)
            self.stdout.write(
                f"{backend}: {len(missing)} missing, {len(stale)} stale, "
                f"{len(extra)} extra"
            )
            if repair and (missing or stale or extra):
                self._repair(backend, [expected[p] for p in missing + stale], extra)
        if problems and not repair:
            raise CommandError(
                "The index is out of date: run "
                "`manage.py search_index verify --repair`."
            )

    def _repair(self, backend: str, docs: list[dict], extra: list[int]) -> None:
        if backend == "database":
            store.save_documents(docs)
            store.delete_documents(extra)
        else:
            self._es(lambda: replace_documents(docs, extra))
        self.stdout.write(
            f"{backend}: repaired {len(docs)} documents, removed {len(extra)}"
        )
