"""The benchmark's surroundings: Django settings for the run, the machine's
description, and the shared services that other sessions may restart.

Other sessions share the PostgreSQL and Elasticsearch of a development
machine, and scripts/test.sh stops both when it ends: a phase interrupted that
way is started again once the services are back (``retrying``).
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management import call_command
from django.db import InterfaceError, OperationalError, connection, connections
from elastic_transport import ConnectionError as ESConnectionError

from search.es.backend import breaker
from search.es.connection import get_client
from search.es.indices import IndexingError
from search.models import SynonymGroup

from .vocabulary import SYNONYMS

ROOT = Path(__file__).resolve().parents[2]


class ServiceDown(RuntimeError):
    pass


def configure(args: argparse.Namespace) -> None:
    """Migrate the benchmark database and point the search settings at the
    benchmark's node and index prefix."""
    log("migrating the benchmark database")
    call_command("migrate", verbosity=0, interactive=False)
    settings.HUB_ELASTICSEARCH = {
        **settings.HUB_ELASTICSEARCH, "hosts": [args.es_url],
        "index_prefix": args.prefix, "refresh": False,
        "hunspell": not args.no_hunspell,
        # Generous while indexing; set to the production default for queries.
        "timeout": 60.0, "retry_after": 30.0,
    }
    seed_synonyms()


def seed_synonyms() -> None:
    """A few synonym groups, as editors keep them (every query reads them)."""
    SynonymGroup.objects.all().delete()
    SynonymGroup.objects.bulk_create([SynonymGroup(terms=t) for t in SYNONYMS])


def machine(with_elasticsearch: bool = True) -> dict:
    info = {"cpu": cpu_model(), "cores": os.cpu_count(),
            "ram_gb": round(mem_total_kb() / 1024 / 1024, 1),
            "os": platform.platform(), "python": platform.python_version(),
            "revision": revision()}
    if with_elasticsearch:  # --skip-es runs without a node
        nodes = get_client().nodes.info(node_id="_local")["nodes"]
        node = next(iter(nodes.values()))
        info["elasticsearch"] = node["version"]
        info["es_heap_mb"] = node["jvm"]["mem"]["heap_max_in_bytes"] // 2**20
        info["es_jvm"] = node["jvm"]["version"]
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        info["postgresql"] = cursor.fetchone()[0]
        cursor.execute("SHOW shared_buffers")
        info["pg_shared_buffers"] = cursor.fetchone()[0]
    return info


def revision() -> str:
    """The commit measured, marked when the work tree has changes."""
    def git(*cmd: str) -> str:
        return subprocess.run(["git", *cmd], cwd=ROOT, capture_output=True,
                              text=True).stdout.strip()

    dirty = git("status", "--porcelain", "--", "search", "bench")
    return git("rev-parse", "--short", "HEAD") + ("+changes" if dirty else "")


def cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def mem_total_kb() -> int:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1])
    return 0


def service_errors() -> tuple[type[BaseException], ...]:
    return (ServiceDown, ESConnectionError, IndexingError, OperationalError,
            InterfaceError)


def ensure_services(args: argparse.Namespace) -> None:
    """Start PostgreSQL and Elasticsearch (on the ports of the benchmark's
    URLs) when they are not running; wait while another session starts them."""
    env = {**os.environ, "PGPORT": str(urlsplit(args.database_url).port or 5432),
           "ES_PORT": str(urlsplit(args.es_url).port or 9200)}
    scripts = ROOT / "scripts"
    subprocess.run([str(scripts / "postgres.sh"), "start"], env=env,
                   capture_output=True)
    for _ in range(12):
        status = [str(scripts / "elasticsearch.sh"), "status"]
        if subprocess.run(status, env=env, capture_output=True).returncode == 0:
            return
        subprocess.run([str(scripts / "elasticsearch.sh"), "start"], env=env,
                       capture_output=True)
        time.sleep(10)
    raise ServiceDown(f"Elasticsearch does not start on {args.es_url}")


def retrying(args: argparse.Namespace, label: str, phase: Callable[[], object],
             attempts: int = 3):
    """Run a phase; when a service went away, wait for it and run it again."""
    for attempt in range(1, attempts + 1):
        try:
            return phase()
        except service_errors() as error:
            if attempt == attempts:
                raise
            log(f"{label}: service unavailable ({type(error).__name__}: "
                f"{str(error)[:200]}); restarting the phase")
            time.sleep(10)
            ensure_services(args)
            connections.close_all()
            breaker.reset()
    return None


def log(message: str) -> None:
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"[{datetime.now(UTC):%H:%M:%S} load {load}] {message}", flush=True)
