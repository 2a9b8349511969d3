#!/usr/bin/env python
"""Read API benchmark: /api/v1/events/ (warm and cold server cache) against
Wagtail's API v2 pages endpoint, over HTTP, on a production-like server.

Loads a realistic catalogue into a PostgreSQL database of its own (the demo
organisations, expertise and events of `load_demo_data`, plus a few thousand
generated events in nl, en, fr and de, created as live Wagtail pages), starts
gunicorn with cms.settings.production (DEBUG off) and several sync workers,
and loads it with wrk, a second process on loopback. Scenarios:

- v1 warm: the widget query, answered from the server cache;
- v1 cold: the same query with a far-future `to` date that differs on every
  request, so that every request misses the cache and runs the full query;
- v2: Wagtail's pages endpoint, same language, country and page size, with
  the same event fields (declared as api_fields in the server process only);
- v2 plain: the pages endpoint as mounted (title and meta fields only).

Each scenario: requests/s and p50/p95/p99 latency at a fixed number of
connections, the median of --rounds rounds of --duration seconds.

    .venv/bin/python bench/api_bench.py \\
        --database-url postgres://hub@127.0.0.1:54349/hub_api_bench

Needs PostgreSQL (scripts/postgres.sh start) and wrk (apt-get install wrk).
See bench/README.md and docs/benchmarks.md (API).
"""

from __future__ import annotations

import argparse
import http.client
import io
import json
import os
import platform
import random
import resource
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://hub@127.0.0.1:54329/hub_api_bench"
DEFAULT_PORT = 18349
LANGUAGES = ("nl", "en", "fr", "de")
TARGET_RATIO = 5.0  # v1 warm requests/s against the v2 baseline
TARGET_P95_MS = 20.0  # v1 warm
TARGET_COLD_RATIO = 2.0  # v1 cold requests/s against the v2 baseline
TARGET_COLD_QUERIES = 10  # SQL queries of a cold page of --page-size events
# Other processes (other sessions' test runs) using more than this many cores
# on average during a round make the figures provisional.
FOREIGN_CPU_LIMIT = 0.2
# Cold requests: `to` = 2100-01-01 plus a day number unique per request (the
# filter keeps every event, the cache key differs). Day numbers stay below
# ~2.7 million (year 9000): dates near 9999 overflow in time zone arithmetic.
EPOCH_2100 = 4102444800
COLD_SPAN = 25_000  # day numbers per wrk thread and block
ATTEMPTS = 3  # with --wait-quiet, a disturbed round is measured again
MAX_DAY = 2_700_000
# Fields of EventPage a widget reads, for the v2 baseline (the project itself
# declares no api_fields; a Wagtail user would declare these).
V2_FIELDS = (
    "summary", "event_type", "status", "attendance_mode", "start", "end",
    "time_zone", "all_day", "recurrence_rule", "venue_name", "venue_address",
    "venue_city", "venue_country", "latitude", "longitude", "online_url",
    "registration_url", "registration_deadline", "audience", "languages", "body",
    "disciplines", "participating_institutions",
)
# Item languages (pages in these locales) and their weights.
ITEM_LANGUAGES = [
    (("nl", "en"), 55), (("en",), 15), (("nl",), 10), (("nl", "en", "fr"), 8),
    (("nl", "en", "de"), 5), (("en", "fr"), 3), (("en", "de"), 2), (("fr",), 1),
    (("de",), 1),
]
STATUSES = [("scheduled", 90), ("cancelled", 4), ("postponed", 3),
            ("moved-online", 3)]


# --- the server side ----------------------------------------------------------
def wsgi_application() -> Callable:
    """gunicorn's entry point (`api_bench:wsgi_application()`): the hub's own
    WSGI application, plus api_fields on EventPage when BENCH_V2_API_FIELDS=1,
    so that the v2 baseline can return and filter the fields the widget reads."""
    from cms.wsgi import application

    if os.environ.get("BENCH_V2_API_FIELDS") == "1":
        declare_v2_fields()
    return application


def declare_v2_fields() -> None:
    from wagtail.api import APIField

    from cms.events.models import EventPage

    EventPage.api_fields = [APIField(name) for name in V2_FIELDS]


# --- scenarios -----------------------------------------------------------------
@dataclass(frozen=True)
class Scenario:
    key: str
    title: str
    path: str
    unique_to: bool = False  # cold: a `to` date of its own per request


def scenarios(args: argparse.Namespace) -> list[Scenario]:
    """The widget query on both APIs; `--scenarios` selects."""
    widget = urlencode({"lang": args.lang, "country": args.country,
                        "when": "upcoming", "page_size": args.page_size})
    v1 = f"/api/v1/events/?{widget}"
    v2 = "/api/v2/pages/?" + urlencode(
        {"type": "events.EventPage", "locale": args.lang,
         "venue_country": args.country, "order": "start", "limit": args.page_size,
         "fields": ",".join(V2_FIELDS)}, safe=",")
    plain = "/api/v2/pages/?" + urlencode(
        {"type": "events.EventPage", "locale": args.lang, "limit": args.page_size})
    found = [
        Scenario("v1_warm", "v1 events, warm (server cache hit)", v1),
        Scenario("v1_cold", "v1 events, cold (cache miss on every request)", v1,
                 unique_to=True),
        Scenario("v2", "v2 pages, same fields + country filter (baseline)", v2),
        Scenario("v2_plain", "v2 pages as mounted (title + meta only)", plain),
    ]
    return [s for s in found if s.key in args.scenarios]


def cold_date(day: int) -> str:
    return datetime.fromtimestamp(EPOCH_2100 + day * 86400, UTC).date().isoformat()


# --- environment -----------------------------------------------------------------
def log(message: str) -> None:
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"[{datetime.now(UTC):%H:%M:%S} load {load}] {message}", flush=True)


class BenchError(RuntimeError):
    """A problem the user can fix; printed without a traceback."""


def server_environment(args: argparse.Namespace) -> dict[str, str]:
    """What cms.settings.production requires, from the environment."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(40),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "HUB_BASE_URL": f"https://127.0.0.1:{args.port}",
        "DATABASE_URL": args.database_url,
        # The full-page cache (pages only; the API has its own answer cache)
        # and, with --redis-url, the shared cache of production.
        "HUB_PAGE_CACHE": "1" if getattr(args, "page_cache", True) else "0",
        **({"REDIS_URL": args.redis_url} if getattr(args, "redis_url", "") else {}),
        # The limiter stays active (its cache round trips are part of every
        # request) but never triggers: wrk sends everything from one address.
        "HUB_API_RATE_LIMIT": "1000000000/60",
        "BENCH_V2_API_FIELDS": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
    }


def connect_admin(url: str):
    import psycopg

    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    try:
        return psycopg.connect(admin, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        port = parts.port or 5432
        raise BenchError(
            f"PostgreSQL does not answer at {parts.hostname}:{port} ({error}).\n"
            f"Start it with: PGPORT={port} scripts/postgres.sh start") from None


def generated_items(url: str, prefix: str) -> int | None:
    """How many generated events of this seed the database holds (None when
    the database or its tables do not exist)."""
    import psycopg

    try:
        with psycopg.connect(url.replace("postgres://", "postgresql://", 1),
                             connect_timeout=5) as conn:
            row = conn.execute(
                "SELECT count(DISTINCT p.translation_key) FROM events_eventpage e "
                "JOIN wagtailcore_page p ON p.id = e.page_ptr_id "
                "WHERE e.external_id LIKE %s", [prefix + "%"]).fetchone()
            return row[0]
    except psycopg.Error:
        return None


def prepare_database(args: argparse.Namespace) -> bool:
    """Create the benchmark database, or drop and create it again when it does
    not hold exactly the generated events asked for. True when it must be
    loaded."""
    from psycopg import sql

    name = urlsplit(args.database_url).path.lstrip("/")
    if name in ("", "postgres", "hub"):
        raise BenchError(f"use a database of its own, not '{name}'")
    with connect_admin(args.database_url) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                              [name]).fetchone()
        if exists and not args.fresh:
            have = generated_items(args.database_url, item_prefix(args))
            if have == args.events:
                log(f"database {name} already holds the {have:,} generated events "
                    f"of seed {args.seed}: reusing it (--fresh to rebuild)")
                return False
        if exists:
            log(f"dropping database {name}")
            conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(
                sql.Identifier(name)))
        log(f"creating database {name}")
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return True


def setup_django(args: argparse.Namespace) -> None:
    """Production settings in this process too (plus the test client's host)."""
    env = server_environment(args)
    env["DJANGO_ALLOWED_HOSTS"] += ",testserver"
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def item_prefix(args: argparse.Namespace) -> str:
    return f"bench:{args.seed}:"


# --- catalogue -------------------------------------------------------------------
def load_catalogue(args: argparse.Namespace) -> None:
    """Demo content (organisations in nl and en, expertise, events,
    scholarships), fr and de translations of the organisations, then the
    generated events; finally ANALYZE, as autovacuum would."""
    from django.core.management import call_command
    from django.db import connection

    log("migrating")
    call_command("migrate", verbosity=0, interactive=False)
    log("loading the demo content (load_demo_data, about a minute)")
    started = time.perf_counter()
    call_command("load_demo_data", stdout=io.StringIO())
    log(f"demo content loaded in {time.perf_counter() - started:.0f} s")
    started = time.perf_counter()
    log(f"creating {args.events:,} events (a few minutes)")
    pages = EventFactory(args).create_all()
    log(f"{args.events:,} events ({pages:,} pages) created in "
        f"{time.perf_counter() - started:.0f} s")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


@dataclass
class Organisation:
    kind: str  # "institution" or "representation"
    key: str
    pages: dict  # language -> page
    venue: tuple | None  # (name, address, city, country, lat, lon)
    time_zone: str


class EventFactory:
    """Events as live Wagtail pages under their organiser, one page per language
    of the item (same translation key), created with treebeard's add_child
    (no revisions: publishing through revisions would take an hour)."""

    def __init__(self, args: argparse.Namespace) -> None:
        import demo_venues  # bench/, next to this script
        from django.utils import timezone
        from wagtail.models import Locale

        from cms.institutions.models import Discipline

        self.args = args
        self.rng = random.Random(args.seed)
        self.now = timezone.now()
        self.data = demo_venues
        self.locales = {code: Locale.objects.get(language_code=code)
                        for code in LANGUAGES}
        self.disciplines = {d.code: d for d in Discipline.objects.all()}
        self.organisations = self.load_organisations()
        self.institutions = [o for o in self.organisations if o.kind == "institution"]

    def load_organisations(self) -> list[Organisation]:
        from cms.institutions.models import InstitutionPage, RepresentationPage

        found = []
        nl = self.locales["nl"]
        for page in InstitutionPage.objects.filter(locale=nl).order_by("path"):
            key = page.external_id.rsplit(":", 1)[-1]
            found.append(Organisation("institution", key, self.translations(page),
                                      self.data.VENUES.get(key), "Europe/Brussels"))
        for page in RepresentationPage.objects.filter(locale=nl).order_by("path"):
            found.append(Organisation("representation", page.slug,
                                      self.translations(page),
                                      self.data.VENUES.get(page.slug), page.time_zone))
        if not found:
            raise BenchError("load_demo_data created no organisations")
        return found

    def translations(self, page) -> dict:
        """The organisation in every language; fr and de are created (the demo
        has nl and en only) so that fr and de events sit in their own tree."""
        pages = {}
        english = page.get_translation_or_none(self.locales["en"])
        for code, locale in self.locales.items():
            found = page.get_translation_or_none(locale)
            if found is None:
                found = page.copy_for_translation(locale, copy_parents=True,
                                                  alias=False)
                found.title = (english or page).title
                found.save_revision().publish()
            pages[code] = found.specific
        return pages

    def create_all(self) -> int:
        from django.db import transaction
        from tqdm import tqdm

        created = 0
        with tqdm(total=self.args.events, desc="events", unit="item",
                  mininterval=1, disable=None) as bar:
            for start in range(0, self.args.events, 50):
                with transaction.atomic():
                    for n in range(start, min(start + 50, self.args.events)):
                        created += self.create_item(n)
                bar.update(min(50, self.args.events - start))
        return created

    def create_item(self, n: int) -> int:
        """One event in one to three languages; returns the pages created."""
        import uuid
        from datetime import timedelta
        from decimal import Decimal

        from bench.searchbench.vocabulary import EVENT_TYPES, TOPICS

        rng, data = self.rng, self.data
        org = rng.choices(self.organisations, [
            3 if o.kind == "representation" else 2 for o in self.organisations])[0]
        event_type = rng.choice(list(EVENT_TYPES))
        topic, topic2 = rng.sample(TOPICS, 2)
        venue = org.venue
        if org.kind == "institution" and rng.random() < 0.2:
            venue = data.VENUES[rng.choice(data.REPRESENTATIONS)]  # an event abroad
        online = venue is None or rng.random() < 0.15
        mixed = not online and rng.random() < 0.08
        status = rng.choices(*zip(*STATUSES, strict=True))[0]
        start, end, all_day = self.times(org, venue if not online else None)
        rule = "FREQ=WEEKLY;COUNT=6" if rng.random() < 0.05 else ""
        codes = sorted({topic[0], topic2[0]})
        country = venue[3] if venue and not online else ""
        common = {
            "event_type": event_type, "start": start, "end": end,
            "time_zone": self.zone(org, venue if not online else None),
            "all_day": all_day, "recurrence_rule": rule, "status": status,
            "attendance_mode": "online" if online else "mixed" if mixed
            else "offline",
            "audience": data.DEFAULT_AUDIENCE.get(event_type, ["general-public"]),
            "languages": list(dict.fromkeys(
                ["en", data.LOCAL_LANGUAGE.get(country or "BE", "en")])),
            "external_id": f"{item_prefix(self.args)}{n}",
        }
        if online or mixed or status == "moved-online":
            common["online_url"] = f"https://meet.example.org/flanders/bench-{n}"
        if venue and not online:
            name, address, city, country, lat, lon = venue
            common |= {"venue_name": name, "venue_address": address,
                       "venue_city": city, "venue_country": country,
                       "latitude": Decimal(lat), "longitude": Decimal(lon)}
        if status == "scheduled" and start > self.now and rng.random() < 0.6:
            common["registration_url"] = f"https://events.example.org/bench-{n}"
            common["registration_deadline"] = start - timedelta(days=3)
        published = min(self.now, start - timedelta(days=rng.randint(7, 120)))
        participants = (rng.sample(self.institutions, rng.randint(3, 6))
                        if event_type == "education-fair"
                        else rng.sample(self.institutions, rng.randint(1, 2))
                        if rng.random() < 0.2 else [])
        languages = rng.choices(*zip(*ITEM_LANGUAGES, strict=True))[0]
        key = uuid.UUID(int=rng.getrandbits(128), version=4)
        for code in languages:
            page = self.page(code, n, event_type, topic, topic2, org, common)
            page.translation_key = key
            page.first_published_at = page.last_published_at = published
            page.disciplines = [self.disciplines[c] for c in codes
                                if c in self.disciplines]
            page.participating_institutions = [p.pages[code] for p in participants]
            org.pages[code].add_child(instance=page)
        return len(languages)

    def zone(self, org: Organisation, venue: tuple | None) -> str:
        if venue is None or venue[3] == "BE":
            return org.time_zone
        return self.data.ZONES.get(venue[3], org.time_zone)

    def times(self, org: Organisation, venue: tuple | None):
        """Start and end from 18 months ago to a year ahead, in local time."""
        from datetime import datetime as dt
        from datetime import time as clock
        from datetime import timedelta
        from zoneinfo import ZoneInfo

        rng = self.rng
        tz = ZoneInfo(self.zone(org, venue))
        day = (self.now.astimezone(tz) + timedelta(days=rng.randint(-540, 365))).date()
        roll = rng.random()
        if roll < 0.05:
            days = rng.randint(1, 3)
            return (dt.combine(day, clock.min, tz),
                    dt.combine(day + timedelta(days=days - 1), clock(23, 59, 59), tz),
                    True)
        start = dt.combine(day, clock(rng.choice([9, 10, 11, 14, 15, 16, 18])), tz)
        if roll < 0.15:
            end = dt.combine(day + timedelta(days=rng.randint(1, 2)), clock(17), tz)
        else:
            end = start + timedelta(minutes=rng.choice([60, 90, 120, 180, 240]))
        return start, end, False

    def page(self, code: str, n: int, event_type: str, topic: tuple, topic2: tuple,
             org: Organisation, common: dict):
        from django.utils import translation
        from django.utils.text import slugify
        from django_countries import countries

        from bench.searchbench.vocabulary import EVENT_SENTENCES, EVENT_TYPES
        from cms.events.models import EventPage

        i = LANGUAGES.index(code)
        city = common.get("venue_city") or "online"
        title = f"{EVENT_TYPES[event_type][i]}: {topic[i + 1]} ({city})"
        with translation.override(code):
            country = str(countries.name(common.get("venue_country") or "BE"))
        sentences = [s.format(topic=topic[i + 1], topic2=topic2[i + 1],
                              org=org.pages[code].title, city=city, country=country)
                     for s in EVENT_SENTENCES[code]]
        body = "".join(f"<p>{' '.join(sentences[j:j + 2])}</p>" for j in (0, 2))
        return EventPage(title=title, slug=f"{slugify(title)[:60]}-{n}",
                         locale=self.locales[code], summary=sentences[0],
                         body=body, **common)


# --- the server -------------------------------------------------------------------
class Server:
    """gunicorn with cms.settings.production, in a session of its own; stop()
    ends it (and only it) by its process id."""

    def __init__(self, args: argparse.Namespace, workdir: Path) -> None:
        self.args = args
        self.log_path = workdir / "gunicorn.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        args = self.args
        with socket.socket() as probe:
            # As gunicorn does: connections of a previous run in TIME_WAIT
            # must not make the port look taken.
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(("127.0.0.1", args.port))
            except OSError:
                raise BenchError(f"port {args.port} is in use: choose another with "
                                 "--port") from None
        command = [
            sys.executable, "-m", "gunicorn", "api_bench:wsgi_application()",
            "--chdir", str(ROOT), "--pythonpath", str(ROOT / "bench"),
            "--bind", f"127.0.0.1:{args.port}", "--workers", str(args.workers),
            "--worker-class", args.worker_class, "--backlog", "2048",
            "--timeout", "60", "--log-level", "warning",
            "--error-logfile", "-",
        ]
        log(f"starting gunicorn: {args.workers} {args.worker_class} workers on "
            f"127.0.0.1:{args.port}")
        with self.log_path.open("ab") as output:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=server_environment(args),
                start_new_session=True, stdout=output, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(f"gunicorn exited ({self.process.returncode}):\n"
                                 + self.log_tail())
            try:
                status, _ = fetch(args.port, "/api/v1/events/?page_size=1")
                if status == 200 and len(self.workers()) == args.workers:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        raise BenchError("gunicorn did not answer within 90 s:\n" + self.log_tail())

    def workers(self) -> list[int]:
        return children(self.process.pid) if self.process else []

    def log_tail(self) -> str:
        try:
            return "\n".join(self.log_path.read_text().splitlines()[-30:])
        except OSError:
            return "(no log)"

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        pid = self.process.pid
        workers = self.workers()
        self.process.send_signal(signal.SIGTERM)  # graceful: workers finish
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        for worker in workers:  # normally gone with the master
            try:
                os.kill(worker, signal.SIGKILL)
            except ProcessLookupError:
                pass
        log(f"gunicorn {pid} stopped")


# cms.settings.production redirects plain HTTP to HTTPS; nginx terminates TLS
# and says so in this header (SECURE_PROXY_SSL_HEADER). The benchmark talks
# to gunicorn directly and sends it too.
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}


def fetch(port: int, path: str, timeout: float = 10) -> tuple[int, bytes]:
    """One GET on a fresh connection (as wrk does against sync workers)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers=PROXY_HEADERS)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


# --- CPU accounting -------------------------------------------------------------
# The load average counts the benchmark's own processes; what matters is how
# much CPU *other* processes took while a round ran: the machine's busy time
# minus that of gunicorn, PostgreSQL (the benchmark's cluster), wrk and this
# process.
CLK_TCK = os.sysconf("SC_CLK_TCK")


def machine_busy() -> float:
    """Seconds of CPU time the whole machine has been busy since boot."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    return (sum(fields[:8]) - fields[3] - fields[4]) / CLK_TCK


def process_table() -> dict[int, tuple[int, float]]:
    """pid -> (parent pid, CPU seconds)."""
    table = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        rest = stat.rsplit(")", 1)[1].split()
        table[int(entry.name)] = (int(rest[1]), (int(rest[11]) + int(rest[12]))
                                  / CLK_TCK)
    return table


def children(pid: int) -> list[int]:
    return [p for p, (ppid, _) in process_table().items() if ppid == pid]


def tree_seconds(roots: list[int], table: dict[int, tuple[int, float]]
                 ) -> dict[int, float]:
    """CPU seconds of every process below (and including) the roots."""
    below = {r for r in roots if r in table}
    changed = True
    while changed:
        grown = below | {p for p, (ppid, _) in table.items() if ppid in below}
        changed, below = grown != below, grown
    return {p: table[p][1] for p in below}


@dataclass
class CpuSample:
    at: float
    busy: float
    groups: dict[str, dict[int, float]]  # group -> pid -> CPU seconds
    finished_children: float  # wrk, once waited for


class CpuMeter:
    """CPU used between two samples, in cores: per group of our processes
    (the gunicorn tree, the PostgreSQL tree, this process), wrk, and what
    remains of the machine's busy time: other processes."""

    def __init__(self, groups: dict[str, list[int]]) -> None:
        self.groups = groups

    def sample(self) -> CpuSample:
        table = process_table()
        groups = {name: tree_seconds(pids, table)
                  for name, pids in self.groups.items()}
        groups["bench"] = {os.getpid(): table.get(os.getpid(), (0, 0.0))[1]}
        done = resource.getrusage(resource.RUSAGE_CHILDREN)
        return CpuSample(time.monotonic(), machine_busy(), groups,
                         done.ru_utime + done.ru_stime)

    @staticmethod
    def usage(before: CpuSample, after: CpuSample) -> dict[str, float]:
        elapsed = after.at - before.at
        used = {name: sum(s - before.groups.get(name, {}).get(p, 0.0)
                          for p, s in pids.items()) / elapsed
                for name, pids in after.groups.items()}
        used["wrk"] = (after.finished_children - before.finished_children) / elapsed
        busy = (after.busy - before.busy) / elapsed
        used["other"] = max(0.0, busy - sum(used.values()))
        return used

    def wait_quiet(self, limit: float, patience: float) -> float:
        """Wait (at most `patience` seconds) until other processes use less
        than `limit` cores over 3 s; returns what they used last."""
        deadline = time.monotonic() + patience
        reported = 0.0
        while True:
            before = self.sample()
            time.sleep(3)
            used = self.usage(before, self.sample())["other"]
            if used < limit or time.monotonic() >= deadline:
                return used
            if time.monotonic() - reported > 60:
                log(f"other processes use {used:.2f} cores: waiting (at most "
                    f"{deadline - time.monotonic():.0f} s more)")
                reported = time.monotonic()


def cpu_check() -> float:
    """Milliseconds for a fixed pure-Python loop, best of 5: compares the speed
    of the CPU between runs (on a virtual machine, neighbours on the host slow
    it down without showing in /proc)."""
    best = float("inf")
    for _ in range(5):
        started = time.perf_counter()
        sum(i * i for i in range(1_000_000))
        best = min(best, time.perf_counter() - started)
    return best * 1000


def postmaster_pid() -> int | None:
    from django.db import connection

    try:
        with connection.cursor() as cursor:
            cursor.execute("SHOW data_directory")
            directory = Path(cursor.fetchone()[0])
        return int((directory / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    finally:
        connection.close()


# --- load --------------------------------------------------------------------------
LUA = r"""
-- api_bench.py: the request of a scenario; at the end, the figures as JSON.
local mode, first, span, counter, fixed = "fixed", 0, 0, 0, nil
local index = 0

function setup(thread)
  thread:set("thread_index", index)
  index = index + 1
end

function init(args)
  mode = args[1] or "fixed"
  first = tonumber(args[2] or "0")
  span = tonumber(args[3] or "0")
  fixed = wrk.format("GET", wrk.path)
end

function request()
  if mode == "fixed" then return fixed end
  counter = counter + 1
  local day = first + thread_index * span + counter
  local to = os.date("!%Y-%m-%d", 4102444800 + day * 86400)
  return wrk.format("GET", wrk.path .. "&to=" .. to)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "bytes": %d, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, ' ..
    '"timeout": %d}, "latency_us": {"p50": %d, "p90": %d, "p95": %d, ' ..
    '"p99": %d, "mean": %.1f, "max": %d}}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read,
    e.write, e.status, e.timeout, latency:percentile(50),
    latency:percentile(90), latency:percentile(95), latency:percentile(99),
    latency.mean, latency.max))
end
"""


class DayBlocks:
    """Disjoint ranges of `to` day numbers: no cold request repeats a key of
    this run (nor, with a random start, of a recent one)."""

    def __init__(self, threads: int, blocks: int) -> None:
        self.size = threads * COLD_SPAN
        needed = self.size * blocks
        if needed >= MAX_DAY:
            raise BenchError("too many rounds for the cold scenario's date range")
        self.next = random.SystemRandom().randrange(0, MAX_DAY - needed)

    def take(self) -> int:
        first, self.next = self.next, self.next + self.size
        return first


def run_wrk(args: argparse.Namespace, lua: Path, scenario: Scenario, seconds: float,
            days: DayBlocks) -> dict:
    """One wrk run; the figures its done() prints."""
    url = f"http://127.0.0.1:{args.port}{scenario.path}"
    extra = (["unique-to", str(days.take()), str(COLD_SPAN)] if scenario.unique_to
             else ["fixed"])
    command = ["wrk", "-t", str(args.threads), "-c", str(args.connections),
               "-d", f"{seconds:g}s", "--timeout", "10s", "-s", str(lua),
               *[f"-H{name}: {value}" for name, value in PROXY_HEADERS.items()],
               url, "--", *extra]
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    line = next((x for x in done.stdout.splitlines() if x.startswith("BENCH_JSON ")),
                None)
    if done.returncode != 0 or line is None:
        raise BenchError(f"wrk failed ({done.returncode}): {done.stderr or done.stdout}")
    result = json.loads(line.removeprefix("BENCH_JSON "))
    if scenario.unique_to and result["requests"] >= args.threads * COLD_SPAN * 0.9:
        raise BenchError("the cold scenario ran out of unique dates: lower "
                         "--duration or raise COLD_SPAN")
    return result


def figures(result: dict) -> dict:
    seconds = result["duration_us"] / 1e6
    latency = result["latency_us"]
    return {
        "rps": result["requests"] / seconds,
        **{p: latency[p] / 1000 for p in ("p50", "p95", "p99")},
        "requests": result["requests"],
        "errors": sum(result["errors"].values()),
        "status_errors": result["errors"]["status"],
        "kb_per_response": result["bytes"] / max(1, result["requests"]) / 1024,
    }


def measure(args: argparse.Namespace, server: Server, meter: CpuMeter,
            chosen: list[Scenario], days: DayBlocks, workdir: Path) -> dict:
    """Round by round (every scenario in each round, so that a burst of load
    from other processes hits all of them alike); warm-up before each. With
    --wait-quiet, a round during which other processes used more than
    FOREIGN_CPU_LIMIT cores is discarded and measured again (at most
    ATTEMPTS times; the last attempt counts whatever it shows)."""
    lua = workdir / "api_bench.lua"
    lua.write_text(LUA)
    rounds: dict[str, list[dict]] = {s.key: [] for s in chosen}
    discarded: dict[str, list[dict]] = {s.key: [] for s in chosen}
    for number in range(1, args.rounds + 1):
        for scenario in chosen:
            for attempt in range(1, ATTEMPTS + 1):
                result = measure_round(args, server, meter, lua, scenario, days)
                log(f"round {number}/{args.rounds} {scenario.key}: "
                    f"{result['rps']:,.0f} req/s, p50 {result['p50']:.1f} "
                    f"p95 {result['p95']:.1f} p99 {result['p99']:.1f} ms, "
                    f"other processes {result['foreign_cpu']:.2f} cores")
                if (not args.wait_quiet or attempt == ATTEMPTS
                        or result["foreign_cpu"] <= FOREIGN_CPU_LIMIT):
                    break
                log("disturbed by other processes: measuring the round again")
                discarded[scenario.key].append(result)
            rounds[scenario.key].append(result)
    return {key: summarise(runs) | {"discarded": discarded[key]}
            for key, runs in rounds.items()}


def measure_round(args: argparse.Namespace, server: Server, meter: CpuMeter,
                  lua: Path, scenario: Scenario, days: DayBlocks) -> dict:
    if args.wait_quiet:
        meter.wait_quiet(FOREIGN_CPU_LIMIT, args.wait_quiet)
    if args.warmup:
        run_wrk(args, lua, scenario, args.warmup, days)
    before = meter.sample()
    result = figures(run_wrk(args, lua, scenario, args.duration, days))
    result["cpu"] = CpuMeter.usage(before, meter.sample())
    result["foreign_cpu"] = result["cpu"]["other"]
    result["load"] = os.getloadavg()[0]
    if result["status_errors"]:
        raise BenchError(
            f"{scenario.key}: {result['status_errors']} answers were not "
            f"2xx/3xx; see the server's log:\n{server.log_tail()}")
    return result


def summarise(runs: list[dict]) -> dict:
    keys = ("rps", "p50", "p95", "p99", "kb_per_response")
    cpu = {k: statistics.median(r["cpu"][k] for r in runs) for k in runs[0]["cpu"]}
    return ({k: statistics.median(r[k] for r in runs) for k in keys} | {"cpu": cpu}
            | {"errors": sum(r["errors"] for r in runs),
               "foreign_cpu_max": max(r["foreign_cpu"] for r in runs),
               "rounds": runs})


# --- checks and single-client figures ---------------------------------------------
def preflight(args: argparse.Namespace, chosen: list[Scenario]) -> dict:
    """Every scenario answers 200 with a full page of events before the load
    starts; the cold URL gives the warm URL's events."""
    found = {}
    for scenario in chosen:
        path = scenario.path + (f"&to={cold_date(0)}" if scenario.unique_to else "")
        status, body = fetch(args.port, path)
        if status != 200:
            raise BenchError(f"{scenario.key}: GET {path} answered {status}: "
                             f"{body[:300]!r}")
        data = json.loads(body)
        items = data.get("results", data.get("items", []))
        total = data.get("count", data.get("meta", {}).get("total_count"))
        if not items:
            raise BenchError(f"{scenario.key}: no events for {path}; choose "
                             "another --country")
        if scenario.key == "v2" and "start" not in items[0]:
            raise BenchError("v2: the api_fields were not declared in the server")
        found[scenario.key] = {"total": total, "items": len(items),
                               "kb": len(body) / 1024}
        log(f"{scenario.key}: {total} matches, {len(items)} per page, "
            f"{len(body) / 1024:.1f} KiB")
    v1 = [found[k]["total"] for k in ("v1_warm", "v1_cold") if k in found]
    if len(set(v1)) > 1:
        raise BenchError(f"the cold query matches other events than the warm one: {v1}")
    return found


def single_client(args: argparse.Namespace, chosen: list[Scenario],
                  days: DayBlocks, count: int = 40) -> dict[str, float]:
    """Median latency of sequential requests, one at a time (no queueing): the
    service time of one request."""
    first = days.take()
    medians = {}
    for scenario in chosen:
        samples = []
        for n in range(count + 5):
            path = scenario.path
            if scenario.unique_to:
                path += f"&to={cold_date(first + n)}"
            started = time.perf_counter()
            fetch(args.port, path)
            if n >= 5:
                samples.append((time.perf_counter() - started) * 1000)
        medians[scenario.key] = statistics.median(samples)
    return medians


def in_process_costs(args: argparse.Namespace, chosen: list[Scenario],
                     count: int = 30) -> dict[str, dict]:
    """Per request, in this process (Django test client, no HTTP, no gunicorn):
    wall time, SQL queries and time in SQL. Shows what dominates a request."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client

    declare_v2_fields()
    client = Client()
    days = DayBlocks(1, 1)
    first = days.take()
    sql = {"count": 0, "seconds": 0.0}

    def timed_sql(execute, query, params, many, context):
        started = time.perf_counter()
        try:
            return execute(query, params, many, context)
        finally:
            sql["count"] += 1
            sql["seconds"] += time.perf_counter() - started

    costs = {}
    cache.clear()
    with connection.execute_wrapper(timed_sql):
        for scenario in chosen:
            walls, queries, sql_ms = [], [], []
            for n in range(count + 3):
                path = scenario.path
                if scenario.unique_to:
                    path += f"&to={cold_date(first + n)}"
                sql.update(count=0, seconds=0.0)
                started = time.perf_counter()
                response = client.get(path, headers=PROXY_HEADERS)
                wall = (time.perf_counter() - started) * 1000
                if response.status_code != 200:
                    raise BenchError(f"{scenario.key} in process: "
                                     f"{response.status_code}")
                if n >= 3:
                    walls.append(wall)
                    queries.append(sql["count"])
                    sql_ms.append(sql["seconds"] * 1000)
            costs[scenario.key] = {"ms": statistics.median(walls),
                                   "queries": statistics.median(queries),
                                   "sql_ms": statistics.median(sql_ms)}
    connection.close()
    return costs


# --- report --------------------------------------------------------------------------
def machine(args: argparse.Namespace) -> dict:
    from importlib.metadata import version

    from django.conf import settings
    from django.db import connection

    info = {"cpu": cpu_model(), "cores": os.cpu_count(),
            "ram_gb": round(mem_total_kb() / 1024 / 1024, 1),
            "os": platform.platform(), "python": platform.python_version(),
            "django": version("django"), "wagtail": version("wagtail"),
            "gunicorn": version("gunicorn"), "revision": revision(),
            "cache": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]}
    wrk = subprocess.run(["wrk", "-v"], capture_output=True, text=True)
    info["wrk"] = (wrk.stdout or wrk.stderr).split()[1]
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        info["postgresql"] = cursor.fetchone()[0]
        cursor.execute("SHOW shared_buffers")
        info["pg_shared_buffers"] = cursor.fetchone()[0]
    connection.close()
    return info


def revision() -> str:
    """The commit measured, with the paths that differ from it in the work tree
    among those that the benchmark exercises."""
    def git(*cmd: str) -> str:
        return subprocess.run(["git", *cmd], cwd=ROOT, capture_output=True,
                              text=True).stdout.rstrip()

    changed = [line[3:] for line in git(
        "status", "--porcelain", "--", "cms/api", "cms/settings", "cms/events",
        "bench", "requirements.txt").splitlines()]
    head = git("rev-parse", "--short", "HEAD").strip()
    return head + (f" + work tree changes in {', '.join(changed)}" if changed else "")


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


def catalogue_counts() -> dict:
    from django.db.models import Count

    from cms.events.models import EventPage

    pages = EventPage.objects.live()
    per_language = pages.values("locale__language_code").annotate(n=Count("pk"))
    return {"event_items": pages.values("translation_key").distinct().count(),
            "event_pages": pages.count(),
            "per_language": {row["locale__language_code"]: row["n"] for row in
                             per_language.order_by("locale__language_code")}}


def table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(str(c)) for c in col) for col in zip(header, *rows, strict=True)]
    line = lambda cells: "| " + " | ".join(  # noqa: E731
        str(c).ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"
    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(header), rule, *[line(r) for r in rows]])


def result_rows(report: dict) -> Iterator[tuple[str, ...]]:
    for scenario in report["scenarios"]:
        r = report["results"][scenario["key"]]
        single = report["single_client_ms"].get(scenario["key"])
        yield (scenario["title"], f"{r['rps']:,.0f}", f"{r['p50']:.1f}",
               f"{r['p95']:.1f}", f"{r['p99']:.1f}", str(r["errors"]),
               f"{single:.1f}" if single is not None else "-",
               f"{r['kb_per_response']:.1f}")


def cost_rows(report: dict) -> Iterator[tuple[str, ...]]:
    for scenario in report["scenarios"]:
        c = report["in_process"].get(scenario["key"])
        if c:
            yield (scenario["key"], f"{c['ms']:.1f}", f"{c['queries']:.0f}",
                   f"{c['sql_ms']:.1f}", f"{c['ms'] - c['sql_ms']:.1f}")


def cpu_rows(report: dict) -> Iterator[tuple[str, ...]]:
    for scenario in report["scenarios"]:
        r = report["results"][scenario["key"]]
        cpu, rps = r["cpu"], r["rps"]
        yield (scenario["key"], f"{cpu['server']:.2f}", f"{cpu['postgres']:.2f}",
               f"{cpu['wrk']:.2f}", f"{cpu['other']:.2f}",
               f"{cpu['server'] / rps * 1000:.2f}",
               f"{cpu['postgres'] / rps * 1000:.2f}")


def verdicts(report: dict) -> list[str]:
    results = report["results"]
    lines = []
    warm, base = results.get("v1_warm"), results.get("v2")
    if warm and base:
        ratio = warm["rps"] / base["rps"]
        report["ratio"] = ratio
        met = "met" if ratio >= TARGET_RATIO else "MISSED"
        lines.append(f"v1 warm / v2 throughput: {ratio:.1f}x (target >= "
                     f"{TARGET_RATIO:g}x): {met}")
    if warm and results.get("v2_plain"):
        lines.append(f"v1 warm / v2 plain throughput: "
                     f"{warm['rps'] / results['v2_plain']['rps']:.1f}x (for reference)")
    if warm:
        met = "met" if warm["p95"] < TARGET_P95_MS else "MISSED"
        lines.append(f"v1 warm p95: {warm['p95']:.1f} ms (target < "
                     f"{TARGET_P95_MS:g} ms): {met}")
    cold = results.get("v1_cold")
    if cold and base:
        ratio = cold["rps"] / base["rps"]
        report["cold_ratio"] = ratio
        met = "met" if ratio >= TARGET_COLD_RATIO else "MISSED"
        lines.append(f"v1 cold / v2 throughput: {ratio:.2f}x (target >= "
                     f"{TARGET_COLD_RATIO:g}x): {met}; p50 {cold['p50']:.1f} against "
                     f"{base['p50']:.1f} ms")
    costs = report.get("in_process", {})
    if "v1_cold" in costs:
        queries = costs["v1_cold"]["queries"]
        met = "met" if queries <= TARGET_COLD_QUERIES else "MISSED"
        lines.append(f"v1 cold SQL queries per request: {queries:.0f} (target <= "
                     f"{TARGET_COLD_QUERIES}): {met}")
        if "v2" in costs:
            lines.append(f"in process, v2 / v1 cold time: "
                         f"{costs['v2']['ms'] / costs['v1_cold']['ms']:.2f}x "
                         f"({costs['v1_cold']['ms']:.1f} against "
                         f"{costs['v2']['ms']:.1f} ms)")
    return lines


def render(report: dict) -> str:
    m, a = report["machine"], report["settings"]
    foreign = max(r["foreign_cpu_max"] for r in report["results"].values())
    median_foreign = statistics.median(
        x["foreign_cpu"] for r in report["results"].values() for x in r["rounds"])
    provisional = foreign > FOREIGN_CPU_LIMIT
    discarded = sum(len(r["discarded"]) for r in report["results"].values())
    counts = report["catalogue"]
    lines = [
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM, {m['os']}; "
        f"Python {m['python']}, Django {m['django']}, Wagtail {m['wagtail']}; "
        f"PostgreSQL {m['postgresql']} (shared_buffers {m['pg_shared_buffers']})",
        f"Date: {report['date']}  Revision: {m['revision']}",
        f"Command: {report['command']}",
        f"Server: gunicorn {m['gunicorn']}, {a['workers']} {a['worker_class']} "
        f"workers, cms.settings.production (DEBUG off), cache {m['cache']}"
        f"{' (one per process)' if m['cache'] == 'LocMemCache' else ''}. Load: wrk {m['wrk']}, {a['threads']} threads, {a['connections']} "
        f"connections, {a['duration']:g} s per round after {a['warmup']:g} s "
        f"warm-up, median of {a['rounds']} rounds.",
        f"Catalogue: {counts['event_items']:,} events in {counts['event_pages']:,} "
        f"pages ({', '.join(f'{k} {v:,}' for k, v in counts['per_language'].items())}"
        f"); the widget query matches "
        f"{report['preflight'].get('v1_warm', {}).get('total', '?')} events.",
        f"Load average before the run: {report['load_before']}; other processes "
        f"used {median_foreign:.2f} cores (median of the rounds), at most "
        f"{foreign:.2f}; {discarded} disturbed round(s) measured again. CPU check "
        f"(a fixed Python loop) before/after: "
        f"{' / '.join(f'{x:.0f}' for x in report['cpu_check_ms'])} ms.",
        "",
        table(("scenario", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors",
               "1 client ms", "KiB"), list(result_rows(report))),
        "",
        "URLs:", *[f"- {s['key']}: {s['path']}" for s in report["scenarios"]],
        "- v1_cold adds &to=<a date after 2100, new on every request>",
        "", "CPU during the rounds (cores, medians; ms = CPU ms per request):",
        table(("scenario", "gunicorn", "PostgreSQL", "wrk", "other processes",
               "gunicorn ms", "PostgreSQL ms"), list(cpu_rows(report))),
    ]
    if report["in_process"]:
        lines += ["", "In process, per request (Django test client, no HTTP; "
                  "medians):",
                  table(("scenario", "ms", "SQL queries", "SQL ms", "Python ms"),
                        list(cost_rows(report)))]
    lines += ["", "Targets:", *[f"- {v}" for v in verdicts(report)]]
    if provisional:
        lines.append(f"PROVISIONAL: other processes used up to {foreign:.2f} "
                     f"cores (> {FOREIGN_CPU_LIMIT}) during the measurement.")
    return "\n".join(lines)


# --- main ------------------------------------------------------------------------------
def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    p.add_argument("--database-url", default=os.environ.get(
        "BENCH_DATABASE_URL", DEFAULT_DATABASE_URL),
        help="a database of its own: created, and dropped and created again "
        "when it does not hold the generated events of --seed and --events")
    p.add_argument("--events", type=int, default=2000,
                   help="generated events (each in 1-3 languages), besides the demo")
    p.add_argument("--seed", type=int, default=42, help="of the generated events")
    p.add_argument("--fresh", action="store_true",
                   help="rebuild the database even when it could be reused")
    p.add_argument("--port", type=int, default=DEFAULT_PORT,
                   help="gunicorn's port on 127.0.0.1")
    p.add_argument("--workers", type=int, default=4,
                   help="gunicorn workers (2 per core: a sync worker waits for "
                   "PostgreSQL part of the time)")
    p.add_argument("--worker-class", default="sync",
                   help="gunicorn worker class (gthread keeps connections alive)")
    p.add_argument("--redis-url", default="",
                   help="the server's shared cache, as in production (REDIS_URL); "
                   "default: a local-memory cache per worker")
    p.add_argument("--threads", type=int, default=2, help="wrk threads")
    p.add_argument("--connections", type=int, default=8, help="wrk connections")
    p.add_argument("--duration", type=float, default=15, help="seconds per round")
    p.add_argument("--warmup", type=float, default=3,
                   help="seconds of unmeasured load before each round")
    p.add_argument("--rounds", type=int, default=3,
                   help="measured rounds per scenario; the median is reported")
    p.add_argument("--wait-quiet", type=float, default=0, metavar="SECONDS",
                   help="before each round, wait up to SECONDS until other "
                   f"processes use less than {FOREIGN_CPU_LIMIT} cores (shared "
                   "machines)")
    p.add_argument("--lang", default="en", choices=LANGUAGES,
                   help="the widget's language")
    p.add_argument("--country", default="JP", help="the widget's country filter")
    p.add_argument("--page-size", type=int, default=10, help="events per answer")
    p.add_argument("--scenarios", nargs="+", metavar="NAME",
                   default=["v1_warm", "v1_cold", "v2", "v2_plain"],
                   choices=["v1_warm", "v1_cold", "v2", "v2_plain"],
                   help="v1_warm v1_cold v2 v2_plain, or a selection")
    p.add_argument("--no-profile", action="store_true",
                   help="skip the in-process cost breakdown")
    p.add_argument("--json", metavar="FILE",
                   help="also write the figures as JSON ('-' for standard output)")
    args = p.parse_args(argv)
    if args.threads > args.connections:
        p.error("--threads must not exceed --connections")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if shutil.which("wrk") is None:
        raise BenchError("wrk is missing: apt-get install wrk")
    load_before = " ".join(f"{x:.2f}" for x in os.getloadavg())
    must_load = prepare_database(args)
    setup_django(args)
    if must_load:
        load_catalogue(args)
    else:
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
    chosen = scenarios(args)
    report: dict = {
        "date": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "command": " ".join(["bench/api_bench.py", *sys.argv[1:]]),
        "machine": machine(args), "catalogue": catalogue_counts(),
        "load_before": load_before, "cpu_check_ms": [cpu_check()],
        "settings": {k: getattr(args, k) for k in (
            "workers", "worker_class", "threads", "connections", "duration",
            "warmup", "rounds", "lang", "country", "page_size", "events", "seed")},
        "scenarios": [s.__dict__ for s in chosen],
    }
    postgres = postmaster_pid()
    if postgres is None:
        log("warning: PostgreSQL's processes are not found; their CPU counts as "
            "'other processes'")
    with tempfile.TemporaryDirectory(prefix="api-bench-") as workdir:
        server = Server(args, Path(workdir))
        try:
            server.start()
            report["preflight"] = preflight(args, chosen)
            days = DayBlocks(args.threads, 2 * args.rounds * ATTEMPTS + 1)
            report["single_client_ms"] = single_client(args, chosen, days)
            log("single client: " + ", ".join(
                f"{k} {v:.1f} ms" for k, v in report["single_client_ms"].items()))
            meter = CpuMeter({"server": [server.process.pid],
                              "postgres": [postgres] if postgres else []})
            report["results"] = measure(args, server, meter, chosen, days,
                                        Path(workdir))
        finally:
            server.stop()
    report["cpu_check_ms"].append(cpu_check())
    report["in_process"] = {} if args.no_profile else in_process_costs(args, chosen)
    print(render(report))
    if args.json:
        text = json.dumps(report, indent=2, default=str)
        if args.json == "-":
            print(text)
        else:
            Path(args.json).write_text(text + "\n")
    return 0


def run() -> int:
    """main() with clean exits: SIGTERM and SIGHUP unwind like Ctrl-C, so the
    server is always stopped; known problems print without a traceback."""
    def interrupted(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupted)
    signal.signal(signal.SIGHUP, interrupted)
    try:
        return main()
    except BenchError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(run())
