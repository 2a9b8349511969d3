"""Faults against the real production topology, under load (issue 10).

While ``load.LoadGenerator`` sends real HTTPS requests through nginx (pages,
the read API, search on its page and in the API), each test breaks one part
the way it breaks in production and checks what visitors and editors get:

- an Elasticsearch node killed (SIGKILL): the cluster keeps answering searches
  (never the database fallback), pages edited meanwhile reach the index, and
  the cluster is green again once supervisord has restarted the node;
- the task worker killed in the middle of 1,000 queued index updates: the
  restarted worker delivers every one (``search_index verify`` is clean);
- PostgreSQL restarted: /readyz answers 503 while it is down, no answer shows
  a traceback, the hub recovers without a gunicorn restart, and no request
  after the restart fails on a stale connection;
- Redis stopped: pages and the API keep answering, the API's rate limit
  (enforced while Redis runs) fails open, nothing answers 500;
- gunicorn workers killed with SIGKILL: fewer than 0.1 % of requests fail.

Each test reports requests sent, requests failed and the worst latency while
the fault lasted (``fault_report``: printed, and summarised at the end of the
run). ``healthy_topology`` starts what a test left down and waits until the
hub is ready and the cluster green, before and after each test.
"""

from __future__ import annotations

import json
import re
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

from .load import LoadGenerator, summarise

FLUSH_TASK = "search.tasks.flush_index_queue"
LOST_FOR = 12.0  # seconds the Elasticsearch node stays down
FALLBACK_REASON = re.compile(r'answering from the database: (.*?)", "')
GUNICORN_CRASH = re.compile(r"WORKER TIMEOUT.*|Worker \(pid:\d+\) (?:was sent|exited).*")


def readyz(topology) -> tuple[int, dict]:
    answer = topology.readyz()
    try:
        return answer.status_code, answer.json()
    except ValueError:
        return answer.status_code, {"unreadable": answer.text[:300]}


def wait(condition, timeout: float, message: str, every: float = 0.5):
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{message} (after {timeout:.0f} s)")
        time.sleep(every)


def index_queue_length(topology) -> int:
    return topology.sql("SELECT count(*) FROM hub_search_indexqueueentry")[0][0]


def flush_tasks(topology) -> dict[str, int]:
    rows = topology.sql("SELECT status, count(*) FROM django_tasks_database_dbtaskresult "
                        "WHERE task_path = %s GROUP BY status", FLUSH_TASK)
    return dict(rows)


def search_api(topology, query: str) -> dict:
    answer = topology.get(f"/api/v1/search/?q={query}&lang=en")
    assert answer.status_code == 200, answer.text[:500]
    return answer.json()


def verify_index(topology) -> str:
    """``search_index verify``: exits 1 when anything is missing, stale or extra."""
    result = topology.manage("search_index", "verify", check=False, timeout=300)
    assert result.returncode == 0, (
        f"search_index verify found documents to repair:\n{result.stdout}\n"
        f"{result.stderr[-2000:]}")
    assert "elasticsearch: 0 missing, 0 stale, 0 extra" in result.stdout, result.stdout
    return result.stdout


# --- Elasticsearch: one node of three killed ---------------------------------------

# Publishes a new title (with a marker word) for one English page of each kind,
# as an editor's publish does; an empty marker restores the titles.
EDIT_PAGES = """
import json, re
from search.documents import searchable_pages
marker = {marker!r}
edited = []
for doc_type in ("event", "expertise", "organisation"):
    page = (searchable_pages(doc_type).filter(locale__language_code="en")
            .order_by("pk").first().specific)
    title = re.sub(r" \\[flt[0-9a-f]{{10}}\\]$", "", page.title)
    page.title = f"{{title}} [{{marker}}]" if marker else title
    page.save_revision().publish()
    edited.append(str(page.public_id))
print(json.dumps(edited))
"""


def edit_pages(topology, marker: str) -> list[str]:
    out = topology.manage("shell", "-c", EDIT_PAGES.format(marker=marker)).stdout
    return json.loads(out.strip().splitlines()[-1])


def searches_from_cluster(load, count: int = 6, timeout: float = 60) -> None:
    """Until the last ``count`` API searches were answered by the cluster (no
    process of gunicorn is still on the fallback after a slow search)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        last = [r for r in load.records() if r.kind == "search"][-count:]
        if len(last) == count and all(r.backend == "elasticsearch" for r in last):
            return
        time.sleep(0.5)


def test_elasticsearch_node_killed(healthy_topology, fault_report):
    """The node stays down for LOST_FOR seconds (supervisord's automatic
    restart is held back: on this one machine the new JVM's start would take
    the survivors' CPU, which a node on its own machine does not), then
    starts again, and the cluster heals to green."""
    topology = healthy_topology
    # The elected master: its loss costs an election as well as a third of
    # the shard copies.
    victim = topology.es("/_cat/master?format=json")[0]["node"]
    marker = f"flt{uuid.uuid4().hex[:10]}"
    with LoadGenerator(topology) as load:
        searches_from_cluster(load)
        log_offset = topology.log_size("gunicorn")
        start = load.now()
        topology.kill(victim)
        topology.stop(victim)  # hold it down (it is dead already)
        edited = edit_pages(topology, marker)  # editors publish during the fault
        time.sleep(max(0.0, LOST_FOR - (load.now() - start)))
        lost = topology.es_health()
        ready, readiness = readyz(topology)
        back = load.now()
        topology.start(victim)
        health = topology.wait_for_es("green", nodes=3, timeout=300)
        end = load.now()
    assert lost["number_of_nodes"] == 2 and lost["status"] in ("green", "yellow"), lost
    # The operator sees the lost node; a load balancer keeps the hub in.
    assert ready == 200 and readiness["checks"]["search"]["nodes"] == 2, readiness
    during = load.records(since=start, until=end)
    searches = [r for r in during if r.kind == "search"]
    assert all(r.status == 200 for r in searches), [r for r in searches if r.status != 200][:5]
    two_nodes = [r for r in searches if r.started < back]
    by_cluster = [r for r in two_nodes if r.backend == "elasticsearch" and not r.fallback]
    assert len(by_cluster) >= 5 and len(by_cluster) >= len(two_nodes) / 2, (
        f"{len(by_cluster)} of {len(two_nodes)} searches answered by the cluster with "
        f"{victim} down")
    # A fallback is allowed only where a search outran ELASTICSEARCH_TIMEOUT on
    # this busy machine (the circuit breaker then keeps that gunicorn process
    # on the database for ELASTICSEARCH_RETRY_AFTER): never because of the
    # lost node (a refused connection, a missing shard).
    reasons = FALLBACK_REASON.findall(topology.read_log("gunicorn", log_offset))
    caused = [reason for reason in reasons if "timed out" not in reason.lower()]
    assert not caused, f"searches fell back because of the lost node: {caused[:3]}"
    assert health["unassigned_shards"] == 0

    # Nothing published during the fault was lost: the queue is empty and the
    # cluster finds every edited page under its new title.
    wait(lambda: index_queue_length(topology) == 0, 120,
         "index updates made during the fault are still queued")
    found = search_api(topology, f"{marker}&page_size=50")
    assert found["backend"] == "elasticsearch" and not found["fallback"], found
    assert sorted(hit["id"] for hit in found["results"]
                  if marker in hit["title"]) == sorted(edited)
    verify_index(topology)
    edit_pages(topology, "")  # the demo titles again
    recovering = [r for r in searches if r.started >= back]
    report = summarise(
        f"Elasticsearch node {victim} (master) killed, {back - start:.0f} s down, "
        "until green", during,
        notes=f"with 2 nodes {len(by_cluster)} of {len(two_nodes)} API searches "
        f"answered by the cluster; while the node rejoined "
        f"{sum(1 for r in recovering if not r.fallback)} of {len(recovering)}; "
        f"{len(reasons)} searches outran the 2 s timeout (fallback), none failed for "
        f"the lost node; green {end - back:.0f} s after the restart; {len(edited)} "
        "pages published meanwhile, all indexed")
    fault_report(report)
    assert report.failed == 0, [r for r in during if r.failed][:5]


# --- the task worker killed in the middle of 1,000 index updates --------------------

# 1,000 index updates of 100 pages (ten each) through the hub's own indexing
# API, in 100 transactions of ten (as 100 saves that each touch ten pages):
# each update puts its page on the durable queue (one entry per page), and a
# commit enqueues a flush task for the worker unless one is already waiting
# (with the worker stopped, the first commit's flush waits and takes them all).
# The indexed copies of the pages are marked outdated first, so a lost update
# shows in `search_index verify`. (All 242 pages work the same too; a flush
# builds about five documents a second on the busy 2-core machine, which this
# test need not wait for.)
QUEUE_UPDATES = """
import json
from django.db import transaction
from search import indexing
from search.documents import searchable_pages
from elasticsearch.helpers import bulk
from search.es.connection import get_admin_client
from search.es.documents import document_classes
ids = list(searchable_pages().order_by("pk").values_list("pk", flat=True)[:100])
for doc_type, doc_class in document_classes().items():
    bulk(get_admin_client(), refresh=True, actions=(
        {"_op_type": "update", "_index": doc_class.alias(), "_id": str(pk),
         "doc": {"fingerprint": "outdated"}}
        for pk in searchable_pages(doc_type).filter(pk__in=ids)
        .values_list("pk", flat=True)))
for first in range(0, 1000, 10):
    with transaction.atomic():
        indexing.enqueue([ids[n % len(ids)] for n in range(first, first + 10)])
print(json.dumps({"updates": 1000, "pages": len(ids)}))
"""


def test_worker_killed_during_1000_index_updates(healthy_topology, fault_report):
    topology = healthy_topology
    with LoadGenerator(topology) as load:
        load.wait_for(10)
        start = load.now()
        topology.stop("worker")  # the updates wait for it, as behind a busy worker
        before_ready = flush_tasks(topology).get("READY", 0)
        queued = json.loads(topology.manage("shell", "-c", QUEUE_UPDATES)
                            .stdout.strip().splitlines()[-1])
        pages = queued["pages"]
        assert index_queue_length(topology) == pages
        # 100 commits, one waiting flush (the scheduler's may wait beside it).
        assert 1 <= flush_tasks(topology).get("READY", 0) <= max(before_ready, 1) + 1

        topology.start("worker")
        first = topology.pid("worker")

        def working() -> str:
            """Why the worker is in the middle of it now, or ''."""
            length = index_queue_length(topology)
            if 0 < length < pages:
                return f"{pages - length} of {pages} pages delivered"
            running = topology.sql(
                "SELECT now() - started_at FROM django_tasks_database_dbtaskresult "
                "WHERE task_path = %s AND status = 'RUNNING'", FLUSH_TASK)
            if running and running[0][0].total_seconds() >= 1.0 and length == pages:
                return "building the documents of the first flush"
            if length == 0:
                raise AssertionError("the worker delivered everything before it "
                                     "could be killed")
            return ""

        moment = wait(working, 120, "the worker did not start on the updates", 0.05)
        topology.kill("worker")
        left = index_queue_length(topology)
        left_tasks = flush_tasks(topology).get("READY", 0)
        killed_at = load.now()
        # supervisord starts it again, and it works through the rest.
        wait(lambda: topology.state("worker") == "RUNNING" and topology.pid("worker") != first,
             60, "supervisord did not restart the worker")
        wait(lambda: index_queue_length(topology) == 0
             and flush_tasks(topology).get("READY", 0) == 0, 300,
             "the restarted worker did not deliver every queued update")
        end = load.now()
    verify_index(topology)
    report = summarise(
        "task worker killed (SIGKILL) during 1,000 index updates", load.records(start, end),
        notes=f"killed while {moment}; {left} pages and {left_tasks} flush tasks were "
        f"left; all delivered {end - killed_at:.0f} s after the kill, verify clean")
    fault_report(report)
    assert report.failed == 0, [r for r in load.records(start, end) if r.failed][:5]


# --- PostgreSQL restarted ------------------------------------------------------------

def test_postgresql_restart(healthy_topology, fault_report):
    topology = healthy_topology
    master, log_offset = topology.pid("gunicorn"), topology.log_size("gunicorn")
    with LoadGenerator(topology) as load:
        load.wait_for(20)  # every gunicorn thread holds a persistent connection
        start = load.now()
        topology.stop("postgresql")
        status, body = wait(lambda: (lambda r: r if r[0] == 503 else None)(readyz(topology)),
                            30, "/readyz did not answer 503 with PostgreSQL down")
        assert "database" in body["failed"], body
        load.wait_for(10, since=load.now())  # visitors meanwhile
        topology.start("postgresql")
        wait(lambda: readyz(topology)[0] == 200, 60,
             "/readyz did not answer 200 again after PostgreSQL came back")
        ready = load.now()
        load.wait_for(60, since=ready)
        end = load.now()
    during = load.records(start, end)
    after = load.records(ready, end)
    shown = [r for r in during if r.traceback]
    assert not shown, f"{len(shown)} answers showed a traceback: {shown[:2]}"
    assert all(r.status is not None for r in during), [r for r in during if r.status is None][:3]
    # Every answer of the outage is a 503 with Retry-After (or a cached page).
    assert {r.status for r in during} <= {200, 503}, {r.status for r in during}
    stale = [r for r in after if r.failed]
    assert not stale, f"{len(stale)} requests failed after the restart: {stale[:3]}"
    # The hub recovered by itself: the same gunicorn master, no worker killed
    # or timed out (one may have been recycled after max_requests meanwhile).
    assert topology.pid("gunicorn") == master
    crashes = GUNICORN_CRASH.findall(topology.read_log("gunicorn", log_offset))
    assert not crashes, crashes[:3]
    # The background processes too (supervisord restarts one that crashed).
    for part in ("worker", "scheduler"):
        wait(lambda part=part: topology.state(part) == "RUNNING", 60,
             f"the {part} does not run again after the PostgreSQL restart")
    fault_report(summarise(
        "PostgreSQL stopped and started again", load.records(start, ready),
        notes=f"/readyz 503 while down; {len(after)} requests after the restart, "
        "none failed; gunicorn not restarted"))


# --- Redis stopped -----------------------------------------------------------------------

RATE_PATH = "/api/v1/disciplines/"


RATE_LIMIT = 300  # per minute and visitor: HUB_API_RATE_LIMIT's default (300/60)


def burst(topology, address: str, count: int) -> list[int]:
    """``count`` API requests from one visitor address, four at a time."""
    local = threading.local()

    def one(_):
        if not hasattr(local, "session"):
            local.session = topology.session()
        return local.session.get(f"{topology.base_url}{RATE_PATH}", timeout=30,
                                 headers={"X-Forwarded-For": address}).status_code

    with ThreadPoolExecutor(4) as pool:
        return list(pool.map(one, range(count)))


def fresh_window() -> None:
    """Wait for a new rate-limit minute when the current one is almost over."""
    second = datetime.now(UTC).second
    if second > 45:
        time.sleep(61 - second)


def test_redis_stopped(healthy_topology, fault_report):
    topology = healthy_topology
    limit = RATE_LIMIT
    # With Redis the limit holds across every gunicorn worker: one visitor's
    # request past it is refused.
    fresh_window()
    statuses = burst(topology, "203.0.113.7", limit + 5)
    assert statuses.count(429) >= 1 and statuses.count(200) >= limit - 5, statuses
    with LoadGenerator(topology) as load:
        load.wait_for(10)
        start = load.now()
        topology.stop("redis")
        code, body = readyz(topology)
        fresh_window()
        open_statuses = burst(topology, "203.0.113.8", limit + 5)
        load.wait_for(30, since=load.now())
        end = load.now()
        topology.start("redis")
        wait(lambda: readyz(topology)[0] == 200, 60, "/readyz not 200 with Redis back")
    during = load.records(start, end)
    assert body["checks"]["cache"]["status"] == "down", body
    # The rate limit fails open: the same burst is answered in full.
    assert set(open_statuses) == {200}, {s: open_statuses.count(s) for s in set(open_statuses)}
    kinds = {r.kind for r in during if r.status == 200}
    assert kinds == {"page", "api", "search"}, kinds
    report = summarise("Redis stopped", during, notes=f"/readyz {code} (cache down); "
                       f"{len(open_statuses)} API requests of one visitor past the limit "
                       "of 300/min all answered")
    fault_report(report)
    assert report.failed == 0, [r for r in during if r.failed][:5]


# --- gunicorn workers killed -----------------------------------------------------------

def test_gunicorn_workers_killed(healthy_topology, fault_report):
    topology = healthy_topology
    master = topology.pid("gunicorn")
    count = len(topology.gunicorn_worker_pids())
    killed = []
    with LoadGenerator(topology, threads=4) as load:
        load.wait_for(10)
        start = load.now()
        for _ in range(3):  # one worker after the other, each while busy
            load.wait_for(20, since=load.now())
            killed.append(topology.kill_gunicorn_worker())
            wait(lambda: len(set(topology.gunicorn_worker_pids()) - set(killed)) == count,
                 60, "gunicorn did not replace the killed worker")
        load.wait_for(100, since=load.now())
        end = load.now()
    assert topology.pid("gunicorn") == master
    report = summarise(f"{len(killed)} gunicorn workers killed (SIGKILL), one at a time",
                       load.records(start, end), notes="nginx retries a GET once")
    fault_report(report)
    assert report.sent >= 150, "too few requests to measure 0.1 %"
    assert report.failed / report.sent < 0.001, [r for r in load.records(start, end)
                                                 if r.failed][:5]
