"""python manage.py search_eval [--backend sqlite|postgresql|elasticsearch|all]
[--half tune|held_out|all] [--check] [--json FILE]

Measures search relevance on the judged set of search/evaluation/ (nDCG@5,
MRR, top-3 hit rate per backend, half and language) on a temporary catalogue
of its own; never on the configured database or index (docs/search.md,
"Relevance evaluation")."""

import argparse
import json
import os
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from search.es.indices import delete_all
from search.evaluation import report
from search.evaluation.dataset import load_catalogue, load_queries, problems
from search.evaluation.probe import run_queries
from search.evaluation.stores import (
    BACKENDS,
    EvaluationError,
    manage,
    temporary_stores,
)


def _postgres_url(option: str) -> str:
    url = option or os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else ""


def _elasticsearch_url(option: str) -> str:
    hosts = settings.HUB_ELASTICSEARCH.get("hosts") or [""]
    return option or os.environ.get("ELASTICSEARCH_URL", "").split(",")[0] or hosts[0]


class Command(BaseCommand):
    help = ("Measure search relevance (nDCG@5, MRR, top-3) on the judged set, "
            "on a temporary catalogue per backend.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--backend", default="sqlite",
                            choices=[*BACKENDS, "all"])
        parser.add_argument("--half", default="all",
                            choices=["tune", "held_out", "all"])
        parser.add_argument("--check", action="store_true",
                            help="Exit non-zero below the thresholds.")
        parser.add_argument("--json", metavar="FILE", help="Write the results.")
        parser.add_argument("--postgres-url", default="",
                            help="PostgreSQL server for the temporary database "
                                 "(default: DATABASE_URL when PostgreSQL).")
        parser.add_argument("--elasticsearch-url", default="",
                            help="Elasticsearch node (default: ELASTICSEARCH_URL).")
        # The child processes' side (search/evaluation/stores.py).
        parser.add_argument("--child", choices=["run", "drop-indices"],
                            help=argparse.SUPPRESS)

    def handle(self, *args, **options) -> None:
        if options["child"] == "run":
            result = run_queries(load_queries(options["half"]))
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        if options["child"] == "drop-indices":
            delete_all()
            return
        try:
            self.evaluate(options)
        except EvaluationError as error:
            raise CommandError(str(error)) from error

    def progress(self, message: str) -> None:
        self.stderr.write(f"[search_eval] {message}")

    def evaluate(self, options: dict) -> None:
        queries = load_queries(options["half"])
        found = problems(load_catalogue(), load_queries("all"))
        if found:
            raise EvaluationError("The relevance set is inconsistent:\n  "
                                  + "\n  ".join(found))
        backends = list(BACKENDS) if options["backend"] == "all" else [
            options["backend"]]
        started = time.monotonic()
        results, misses, lines = {}, [], []
        with temporary_stores(
                backends, postgres_url=_postgres_url(options["postgres_url"]),
                elasticsearch_url=_elasticsearch_url(options["elasticsearch_url"]),
                progress=self.progress) as envs:
            with ThreadPoolExecutor(max_workers=len(backends)) as pool:
                outputs = {backend: pool.submit(
                    manage, ["search_eval", "--child", "run", "--half",
                             options["half"]], envs[backend], backend,
                    self.progress) for backend in backends}
            for backend in backends:
                output = outputs[backend].result()
                probe = json.loads(output.strip().splitlines()[-1])
                if probe["fallbacks"]:
                    raise EvaluationError(
                        f"{backend}: {len(probe['fallbacks'])} queries were "
                        "answered by the database fallback, not Elasticsearch; "
                        "check the node's health and run again.")
                rankings = {qid: r["ranking"] for qid, r in probe["results"].items()}
                evaluation = report.evaluate(queries, rankings)
                results[backend] = {**evaluation, "probe": probe}
                lines += report.text(backend, evaluation, queries, probe)
                misses += report.check(backend, evaluation)
        self.stdout.write("\n".join([
            f"search relevance: {len(queries)} queries ({options['half']}), "
            f"backends {', '.join(backends)}, {time.monotonic() - started:.0f} s",
            *lines, *report.thresholds_text(),
            *(f"  BELOW: {miss}" for miss in misses),
            "  all thresholds met" if not misses else ""]))
        if options["json"]:
            Path(options["json"]).write_text(json.dumps(
                {"half": options["half"], "backends": results, "below": misses},
                ensure_ascii=False, indent=1), encoding="utf-8")
        if options["check"] and misses:
            raise CommandError("search relevance below the thresholds:\n  "
                               + "\n  ".join(misses))
