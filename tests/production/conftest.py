"""The production topology, started once per test run for tests/production/.

``topology`` (session scope) starts the hub exactly as ``make production`` does,
through the same script (scripts/production/hub.sh) and the same deployment
files, as another instance on other ports and under other directories:

=====================  ===========================  ==============================
                       make production              this fixture (defaults)
=====================  ===========================  ==============================
instance (dirs)        flanders-hub                 flanders-hub-test
                       /srv|etc|var/lib|var/log/... /srv/flanders-hub-test, ...
nginx https / http     8443 / 8080                  28443 / 28080 (base + 443 / 80)
gunicorn               18001                        28001 (base + 1)
PostgreSQL / Redis     18002 / 18003                28002 / 28003
Elasticsearch nodes    18011-18013, transport       28011-28013, transport
                       18021-18023                  28021-28023
=====================  ===========================  ==============================

Environment: HUB_TOPOLOGY_INSTANCE and HUB_TOPOLOGY_PORT_BASE choose another
instance (two test runs at once need two); HUB_TOPOLOGY_FRESH=1 deletes the
instance's data first (``hub.sh reset``: database, indices, media, logs).
Without it a run reuses the data, release and virtualenv of the previous run,
so only the first run on a machine migrates, loads the demo catalogue and
builds a virtualenv. The start's output goes to ``Topology.start_log`` and its
duration to ``Topology.start_seconds`` (printed at the end of the run). The
tests need root (the script starts each process as its own user); without
root, or when the start fails, they fail with the script's output.

What a test gets (``Topology``):

- ``base_url`` (``https://127.0.0.1:28443``, through nginx), ``http_url`` (the
  redirecting port), ``ca_path`` (the self-signed certificate, its own CA),
  ``ports`` (``https``, ``http``, ``gunicorn``, ``postgresql``, ``redis``,
  ``es-1``.. and ``es-1-transport``..), ``es_urls``, ``layout`` (every
  NAME=value of ``hub.sh describe``: directories, ports).
- ``get(path, **kw)`` / ``session()``: requests through nginx, TLS verified
  against ``ca_path``. ``es(path)``: JSON from the first node that answers;
  ``es_health()``, ``wait_for_es(status, nodes)``, ``readyz()``,
  ``wait_until_ready()``.
- Parts are supervisord programs: ``postgresql``, ``redis``, ``es-1``,
  ``es-2``, ``es-3``, ``worker``, ``scheduler``, ``gunicorn``, ``nginx``.
  ``stop(part)`` / ``start(part)`` / ``restart(part)`` (graceful, through
  supervisorctl; a stopped part stays down until started), ``kill(part,
  sig=SIGKILL)`` (the process dies at once; supervisord restarts it, as in
  production), ``state(part)`` (``RUNNING``, ``STOPPED``, ``BACKOFF``, ...),
  ``pid(part)``. For Elasticsearch ``es_node(i)`` gives the part name of node
  i (1-3) and ``kill`` hits the node's server JVM, not its launcher.
- ``gunicorn_worker_pids()`` and ``kill_gunicorn_worker()`` (the master
  starts a replacement).
- ``manage(*args)``: ``manage.py`` inside the running release, as the hub
  user, with the instance's environment; returns the CompletedProcess.
- ``log_path(part)``, ``log_size(part)``, ``read_log(part, since=0)``,
  ``wait_for_log(part, text, since)``: supervisord's log of a part
  (``nginx-access``/``nginx-error`` for nginx's own logs), read from an
  offset taken before the action.
- ``index_settings(pattern)``: the settings of the hub's indices.
- ``sql(query, *params)``: rows of a query on the hub's database, as the hub's
  role (its ``DATABASE_URL`` from the instance's ``hub.env``), in autocommit.

The session ends with ``hub.sh stop``: every process of the instance stops.

For the fault tests (test_faults.py) and the backup test: ``healthy_topology``
(function scope) waits until every part runs, /readyz answers 200 and the
cluster is green with three nodes, before the test and again after it (starting
any part a test left stopped), so one test's fault never leaks into the next.
``fault_report(report)`` records a ``load.FaultReport``: its line is printed at
once and again in a summary at the end of the run (also written as JSON to
``<tmp>/<instance>-faults.json``).
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
HUB_SH = ROOT / "scripts" / "production" / "hub.sh"
START_TIMEOUT = 30 * 60  # a first start on a fresh machine builds a virtualenv
PARTS = ("postgresql", "redis", "es-1", "es-2", "es-3", "worker", "scheduler",
         "gunicorn", "nginx")


@dataclass
class Topology:
    """A running instance of the production topology (see the module
    docstring for the interface)."""

    instance: str
    port_base: int
    layout: dict[str, str] = field(default_factory=dict)
    start_seconds: float | None = None
    start_log: Path | None = None

    # --- running hub.sh -------------------------------------------------------
    @property
    def env(self) -> dict[str, str]:
        return {**os.environ, "HUB_INSTANCE": self.instance,
                "HUB_PORT_BASE": str(self.port_base)}

    def hub(self, *args: str, check: bool = True, timeout: float = 600,
            ) -> subprocess.CompletedProcess:
        """scripts/production/hub.sh with this instance's environment."""
        result = subprocess.run(["bash", str(HUB_SH), *args], env=self.env,
                                capture_output=True, text=True, timeout=timeout)
        if check and result.returncode != 0:
            raise AssertionError(
                f"hub.sh {' '.join(args)} exited {result.returncode}:\n"
                f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
        return result

    def describe(self) -> None:
        out = self.hub("describe").stdout
        self.layout = dict(line.split("=", 1) for line in out.splitlines() if "=" in line)

    # --- where things are -----------------------------------------------------
    @property
    def base_url(self) -> str:
        return self.layout["HUB_BASE_URL"]

    @property
    def http_url(self) -> str:
        return f"http://127.0.0.1:{self.layout['HUB_HTTP_PORT']}"

    @property
    def ca_path(self) -> str:
        return self.layout["HUB_TLS_CERT"]

    @property
    def ports(self) -> dict[str, int]:
        layout = self.layout
        ports = {"https": int(layout["HUB_HTTPS_PORT"]),
                 "http": int(layout["HUB_HTTP_PORT"]),
                 "gunicorn": int(layout["HUB_GUNICORN_PORT"]),
                 "postgresql": int(layout["HUB_PG_PORT"]),
                 "redis": int(layout["HUB_REDIS_PORT"])}
        nodes = layout["HUB_ES_NODES"].split()
        for node, http, transport in zip(nodes, layout["HUB_ES_HTTP_PORTS"].split(),
                                         layout["HUB_ES_TRANSPORT_PORTS"].split(),
                                         strict=True):
            ports[node] = int(http)
            ports[f"{node}-transport"] = int(transport)
        return ports

    @property
    def es_urls(self) -> list[str]:
        return self.layout["ELASTICSEARCH_URL"].split(",")

    # --- HTTP -----------------------------------------------------------------
    def session(self) -> requests.Session:
        session = requests.Session()
        session.verify = self.ca_path
        # Otherwise REQUESTS_CA_BUNDLE (set on many machines) wins over
        # session.verify, and the self-signed certificate fails to verify.
        session.trust_env = False
        return session

    def get(self, path: str, **kwargs) -> requests.Response:
        kwargs.setdefault("timeout", 30)
        kwargs.setdefault("verify", self.ca_path)
        url = path if path.startswith("http") else f"{self.base_url}{path}"
        return requests.get(url, **kwargs)

    def readyz(self) -> requests.Response:
        return self.get("/readyz", allow_redirects=False, timeout=10)

    def wait_until_ready(self, timeout: float = 120) -> None:
        """Until /readyz answers 200 (or, in a release without /readyz, the
        home page)."""
        deadline = time.monotonic() + timeout
        last = "no answer"
        while time.monotonic() < deadline:
            try:
                answer = self.readyz()
                if answer.status_code not in (200, 503):
                    answer = self.get("/")
                if answer.status_code == 200:
                    return
                last = f"{answer.status_code}: {answer.text[:300]}"
            except requests.RequestException as error:
                last = str(error)
            time.sleep(1)
        raise AssertionError(f"the hub is not ready after {timeout}s ({last})")

    # --- Elasticsearch --------------------------------------------------------
    def es(self, path: str, timeout: float = 10) -> dict:
        """GET ``path`` from the first node that answers."""
        errors = []
        for url in self.es_urls:
            try:
                answer = requests.get(f"{url}{path}", timeout=timeout)
                answer.raise_for_status()
                return answer.json()
            except requests.RequestException as error:
                errors.append(f"{url}: {error}")
        raise AssertionError("no Elasticsearch node answers: " + "; ".join(errors))

    def es_health(self) -> dict:
        return self.es("/_cluster/health")

    def wait_for_es(self, status: str = "green", nodes: int = 3,
                    timeout: float = 300) -> dict:
        deadline = time.monotonic() + timeout
        health: dict = {}
        while time.monotonic() < deadline:
            try:
                health = self.es_health()
            except AssertionError:
                health = {}
            if health.get("status") == status and health.get("number_of_nodes") == nodes:
                return health
            time.sleep(2)
        raise AssertionError(f"cluster not {status} with {nodes} nodes after "
                             f"{timeout}s: {health}")

    def index_settings(self, pattern: str = "hub-*") -> dict[str, dict]:
        """The settings of the indices matching ``pattern``, by index name."""
        return {name: body["settings"]["index"]
                for name, body in self.es(f"/{pattern}/_settings").items()}

    # --- the database ----------------------------------------------------------
    @property
    def database_url(self) -> str:
        env = Path(self.layout["HUB_ETC"]) / "hub.env"
        for line in env.read_text().splitlines():
            if line.startswith("DATABASE_URL="):
                return line.split("=", 1)[1]
        raise AssertionError(f"{env} has no DATABASE_URL")

    def sql(self, query: str, *params) -> list[tuple]:
        with psycopg.connect(self.database_url, autocommit=True,
                             connect_timeout=5) as connection:
            cursor = connection.execute(query, params or None)
            return cursor.fetchall() if cursor.description else []

    @staticmethod
    def es_node(index: int) -> str:
        """The part name of Elasticsearch node ``index`` (1-3)."""
        return f"es-{index}"

    # --- processes ------------------------------------------------------------
    @staticmethod
    def _program(part: str) -> str:
        if part not in PARTS:
            raise ValueError(f"unknown part {part!r}; one of {', '.join(PARTS)}")
        return f"elasticsearch:{part}" if part.startswith("es-") else part

    def ctl(self, *args: str, check: bool = False) -> str:
        return self.hub("ctl", *args, check=check, timeout=180).stdout

    def state(self, part: str) -> str:
        words = self.ctl("status", self._program(part)).split()
        return words[1] if len(words) > 1 else "UNKNOWN"

    def pid(self, part: str) -> int:
        """The pid supervisord watches; for an Elasticsearch node, its server JVM."""
        if part.startswith("es-"):
            self._program(part)
            pidfile = Path(self.layout["HUB_RUN"]) / "elasticsearch" / f"{part}.pid"
            return int(pidfile.read_text().strip())
        pid = self.ctl("pid", self._program(part)).strip()
        if not pid.isdigit() or pid == "0":
            raise AssertionError(f"{part} is not running (supervisorctl pid: {pid!r})")
        return int(pid)

    def stop(self, part: str) -> None:
        self.ctl("stop", self._program(part))

    def start(self, part: str) -> None:
        out = self.ctl("start", self._program(part))
        if self.state(part) != "RUNNING":
            raise AssertionError(f"{part} did not start: {out}\n{self.read_log(part)[-2000:]}")

    def restart(self, part: str) -> None:
        self.stop(part)
        self.start(part)

    def kill(self, part: str, sig: int = signal.SIGKILL) -> int:
        """Send ``sig`` to the part's process; returns its pid. supervisord
        restarts a part that dies (use stop() to keep one down)."""
        pid = self.pid(part)
        os.kill(pid, sig)
        return pid

    def gunicorn_worker_pids(self) -> list[int]:
        master = self.pid("gunicorn")
        return sorted(pid for pid in _children(master))

    def kill_gunicorn_worker(self, sig: int = signal.SIGKILL) -> int:
        workers = self.gunicorn_worker_pids()
        if not workers:
            raise AssertionError("gunicorn has no workers")
        os.kill(workers[0], sig)
        return workers[0]

    # --- commands and logs ----------------------------------------------------
    def manage(self, *args: str, check: bool = True, timeout: float = 600,
               ) -> subprocess.CompletedProcess:
        return self.hub("manage", *args, check=check, timeout=timeout)

    def log_path(self, part: str) -> Path:
        log = Path(self.layout["HUB_LOG"])
        if part == "nginx-access":
            return log / "nginx" / "access.log"
        if part == "nginx-error":
            return log / "nginx" / "error.log"
        self._program(part)
        return log / f"{part}.log"

    def log_size(self, part: str) -> int:
        path = self.log_path(part)
        return path.stat().st_size if path.exists() else 0

    def read_log(self, part: str, since: int = 0) -> str:
        path = self.log_path(part)
        if not path.exists():
            return ""
        with path.open("rb") as log:
            log.seek(since)
            return log.read().decode("utf-8", "replace")

    def wait_for_log(self, part: str, text: str, since: int = 0,
                     timeout: float = 10) -> bool:
        """Whether the part's log gets ``text`` after offset ``since``."""
        deadline = time.monotonic() + timeout
        while True:
            if text in self.read_log(part, since):
                return True
            if time.monotonic() > deadline:
                return False
            time.sleep(0.2)


def _children(parent: int) -> list[int]:
    children = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command may hold spaces and parentheses: the ppid follows the last ")".
        fields = stat[stat.rindex(")") + 2:].split()
        if int(fields[1]) == parent:
            children.append(int(entry.name))
    return children


def _start(topology: Topology) -> None:
    log = Path(tempfile.gettempdir()) / f"{topology.instance}-start.log"
    topology.start_log = log
    started = time.monotonic()
    with log.open("w") as out:
        process = subprocess.run(["bash", str(HUB_SH), "start"], env=topology.env,
                                 stdout=out, stderr=subprocess.STDOUT,
                                 timeout=START_TIMEOUT)
    topology.start_seconds = time.monotonic() - started
    if process.returncode != 0:
        pytest.fail(f"the production topology did not start (hub.sh start exited "
                    f"{process.returncode}); its output ({log}):\n"
                    f"{log.read_text()[-5000:]}", pytrace=False)


@pytest.fixture(scope="session")
def topology(request) -> Topology:
    if os.geteuid() != 0:
        pytest.fail("tests/production start the production topology, which needs "
                    "root (each process runs as its own user): run the suite as root",
                    pytrace=False)
    instance = os.environ.get("HUB_TOPOLOGY_INSTANCE", "flanders-hub-test")
    if not re.fullmatch(r"[a-z][a-z0-9-]{1,40}", instance) or instance == "flanders-hub":
        pytest.fail(f"HUB_TOPOLOGY_INSTANCE={instance!r}: use a name other than the "
                    "production instance's", pytrace=False)
    topo = Topology(instance=instance,
                    port_base=int(os.environ.get("HUB_TOPOLOGY_PORT_BASE", "28000")))
    topo.hub("stop", timeout=300)  # the leftovers of an interrupted run
    if os.environ.get("HUB_TOPOLOGY_FRESH") == "1":
        topo.hub("reset", timeout=300)
    _start(topo)
    topo.describe()
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    try:
        yield topo
    finally:
        topo.hub("stop", check=False, timeout=300)
        if reporter is not None:
            reporter.write_line(
                f"production topology {instance}: started in "
                f"{topo.start_seconds:.0f}s (output: {topo.start_log})")


# --- fault tests: a healthy topology before and after each, and their figures ---
FAULT_REPORTS: list = []  # load.FaultReport, in the order the tests ran


def ensure_healthy(topology: Topology, timeout: float = 300) -> None:
    """Start what is not running, then wait for /readyz 200 and a green
    three-node cluster."""
    def down() -> list[str]:
        states = dict(line.split()[:2] for line in
                      topology.ctl("status").splitlines() if len(line.split()) > 1)
        return [part for part in PARTS if states.get(topology._program(part)) != "RUNNING"]

    for part in down():
        topology.ctl("start", topology._program(part))
    deadline = time.monotonic() + timeout
    while parts := down():
        if time.monotonic() > deadline:
            raise AssertionError(f"{', '.join(parts)} do not run: "
                                 f"{topology.read_log(parts[0])[-2000:]}")
        time.sleep(1)
    topology.wait_for_es("green", nodes=3, timeout=timeout)
    topology.wait_until_ready(timeout=120)


@pytest.fixture
def healthy_topology(topology) -> Topology:
    ensure_healthy(topology)
    yield topology
    ensure_healthy(topology)


@pytest.fixture
def fault_report(topology):
    def record(report) -> None:
        FAULT_REPORTS.append(report)
        print(report.line())
    return record


def pytest_terminal_summary(terminalreporter) -> None:
    if not FAULT_REPORTS:
        return
    terminalreporter.section("faults against the production topology")
    for report in FAULT_REPORTS:
        terminalreporter.write_line(report.line())
    instance = os.environ.get("HUB_TOPOLOGY_INSTANCE", "flanders-hub-test")
    path = Path(tempfile.gettempdir()) / f"{instance}-faults.json"
    path.write_text(json.dumps([vars(r) for r in FAULT_REPORTS], indent=2) + "\n")
    terminalreporter.write_line(f"(as JSON: {path})")
