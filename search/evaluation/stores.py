"""The temporary catalogue of an evaluation, built by child processes of
``manage.py`` so that the configured database and index are never touched:
a temporary SQLite file, a temporary PostgreSQL database on the server given
(created and dropped here) and, for Elasticsearch, the SQLite catalogue
indexed under its own index prefix (deleted at the end)."""

import json
import os
import subprocess  # noqa: S404 - manage.py children with fixed arguments
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit
from uuid import uuid4

import psycopg
from django.conf import settings

from .dataset import import_files, load_catalogue

CHILD_SETTINGS = "cms.settings.search_eval"
BACKENDS = ("sqlite", "postgresql", "elasticsearch")
# Relevance is measured, not latency: a slow answer must not fall back.
CHILD_ES_TIMEOUT = "20"

Progress = Callable[[str], None]


class EvaluationError(Exception):
    """The evaluation could not run; the message says what to do."""


def manage(args: list[str], env: dict[str, str], label: str,
           progress: Progress) -> str:
    """Run ``manage.py ARGS`` in a child with ``env``; its stdout."""
    started = time.monotonic()
    progress(f"{label}: {' '.join(args[:2])} …")
    done = subprocess.run(  # noqa: S603
        [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *args],
        env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        tail = "\n".join((done.stderr or done.stdout).strip().splitlines()[-15:])
        raise EvaluationError(
            f"{label}: `manage.py {' '.join(args)}` failed "
            f"(exit {done.returncode}):\n{tail}")
    progress(f"{label}: {' '.join(args[:2])} done in "
             f"{time.monotonic() - started:.0f} s")
    return done.stdout


def child_env(database_url: str, elasticsearch_url: str = "",
              index_prefix: str = "") -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("ELASTICSEARCH_", "DATABASE_URL", "HUB_SQLITE"))}
    env |= {"DJANGO_SETTINGS_MODULE": CHILD_SETTINGS, "DATABASE_URL": database_url}
    if elasticsearch_url:
        env |= {"ELASTICSEARCH_URL": elasticsearch_url,
                "ELASTICSEARCH_INDEX_PREFIX": index_prefix,
                "ELASTICSEARCH_TIMEOUT": CHILD_ES_TIMEOUT}
    return env


def write_import_files(workdir: Path) -> list[tuple[str, Path]]:
    """The catalogue as import files, one per default locale."""
    files = []
    for locale, data in import_files(load_catalogue()):
        path = workdir / f"catalogue-{locale}.json"
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        files.append((locale, path))
    return files


def fill(env: dict[str, str], files: list[tuple[str, Path]], label: str,
         progress: Progress) -> None:
    """Migrate the empty database, import the catalogue, index it."""
    manage(["migrate", "--noinput", "-v", "0"], env, label, progress)
    for locale, path in files:
        report = manage(["import_catalogue", str(path), "--locale", locale],
                        env, label, progress)
        if " rejected 0" not in report.splitlines()[0] or "  note " in report:
            raise EvaluationError(
                f"{label}: the evaluation catalogue did not import cleanly "
                f"({locale}):\n{report}")
    manage(["search_index", "rebuild", "--backend", "database"], env, label,
           progress)


def _postgres_connect(server_url: str) -> psycopg.Connection:
    parts = urlsplit(server_url)
    errors = []
    for dbname in (parts.path.lstrip("/") or "postgres", "postgres", "template1"):
        try:
            return psycopg.connect(urlunsplit(parts._replace(path=f"/{dbname}")),
                                   autocommit=True, connect_timeout=5)
        except psycopg.OperationalError as error:
            errors.append(str(error).strip())
    raise EvaluationError(
        f"PostgreSQL at {parts.hostname}:{parts.port or 5432} is unreachable "
        f"({errors[0]}). Start it (e.g. `PGPORT={parts.port or 5432} "
        "scripts/postgres.sh start`) or pass another server with "
        "--postgres-url postgres://USER@HOST:PORT/DB.")


@contextmanager
def temporary_postgres(server_url: str, progress: Progress) -> Iterator[str]:
    """A new, empty database on the server of ``server_url``; dropped after."""
    name = f"hub_eval_{uuid4().hex[:12]}"
    with _postgres_connect(server_url) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    progress(f"postgresql: created the temporary database {name}")
    try:
        yield urlunsplit(urlsplit(server_url)._replace(path=f"/{name}"))
    finally:
        with _postgres_connect(server_url) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        progress(f"postgresql: dropped {name}")


def check_elasticsearch(url: str) -> None:
    try:
        with urllib.request.urlopen(f"{url.rstrip('/')}/_cluster/health",  # noqa: S310
                                    timeout=5) as answer:
            status = json.load(answer)["status"]
    except (OSError, ValueError, KeyError) as error:
        status = f"unreachable ({error})"
    if status not in ("green", "yellow"):
        raise EvaluationError(
            f"Elasticsearch at {url} is {status}. Start it (e.g. `ES_PORT=19250 "
            "scripts/elasticsearch.sh start`) or pass another node with "
            "--elasticsearch-url http://HOST:PORT.")


@contextmanager
def temporary_stores(backends: list[str], *, postgres_url: str = "",
                     elasticsearch_url: str = "",
                     progress: Progress = print) -> Iterator[dict[str, dict]]:
    """backend -> the environment of a child that searches its catalogue.
    Elasticsearch indexes the SQLite catalogue under its own prefix."""
    if "postgresql" in backends and not postgres_url:
        raise EvaluationError(
            "The postgresql backend needs a server: set DATABASE_URL to a "
            "PostgreSQL URL or pass --postgres-url postgres://USER@HOST:PORT/DB.")
    if "elasticsearch" in backends:
        if not elasticsearch_url:
            raise EvaluationError(
                "The elasticsearch backend needs a node: set ELASTICSEARCH_URL "
                "or pass --elasticsearch-url http://HOST:PORT.")
        check_elasticsearch(elasticsearch_url)
    envs: dict[str, dict] = {}
    with ExitStack() as stack:
        workdir = Path(stack.enter_context(
            tempfile.TemporaryDirectory(prefix="hub-eval-")))
        files = write_import_files(workdir)
        sqlite_env = child_env(f"sqlite:///{workdir / 'catalogue.sqlite3'}")
        if {"sqlite", "elasticsearch"} & set(backends):
            envs["sqlite"] = sqlite_env
        if "postgresql" in backends:
            envs["postgresql"] = child_env(stack.enter_context(
                temporary_postgres(postgres_url, progress)))
        # The catalogues fill side by side (migrate takes most of the time).
        with ThreadPoolExecutor(max_workers=len(envs)) as pool:
            for future in [pool.submit(fill, env, files, label, progress)
                           for label, env in envs.items()]:
                future.result()
        if "elasticsearch" in backends:
            prefix = f"hub-eval-{uuid4().hex[:10]}"
            es_env = child_env(sqlite_env["DATABASE_URL"], elasticsearch_url, prefix)
            stack.callback(manage, ["search_eval", "--child", "drop-indices"],
                           es_env, "elasticsearch", progress)
            manage(["search_index", "rebuild", "--backend", "elasticsearch"],
                   es_env, "elasticsearch", progress)
            envs["elasticsearch"] = es_env
        yield {backend: envs[backend] for backend in backends}
