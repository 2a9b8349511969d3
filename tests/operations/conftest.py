"""Shared fixtures of the operations tests (cms/operations/, docs/operations.md).

- ``redis_server``: a real redis-server (Debian's /usr/bin/redis-server) on a
  free port for the whole run, which a test may stop, pause and start again;
- ``hubs``: the hub under gunicorn with the production settings
  (tests/operations/live_settings.py), against this run's test database and
  that Redis: ``a`` with two workers (and the multiprocess metrics), ``b``
  with one, sharing Redis with ``a``, and ``no_db`` whose DATABASE_URL points
  at a closed port;
- ``live_env``: the environment those processes run with, for management
  commands started by a test.

Tests that talk to these processes use ``transaction=True`` (the processes
only see committed rows) and ``serialized_rollback=True`` (what migrations
created is back for the tests after them).
"""

from __future__ import annotations

import itertools
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import redis
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
REDIS_SERVER = "/usr/bin/redis-server"
GUNICORN = Path(sys.executable).with_name("gunicorn")
RATE_LIMIT = 12  # requests per client address per hour in the live processes
METRICS_TOKEN = secrets.token_urlsafe(24)
LIVE = pytest.mark.django_db(transaction=True, serialized_rollback=True)


_visitors = itertools.count(1)


def visitor() -> dict:
    """A client address of its own, passed on by a trusted proxy (nginx), so
    that no other test's requests count against its rate limit."""
    number = next(_visitors)
    return {"X-Forwarded-For": f"198.51.{number // 250}.{number % 250 + 1}"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(condition, timeout: float, message: str, every: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    pytest.fail(message)


# --- Redis ------------------------------------------------------------------------


@dataclass
class RedisServer:
    port: int
    workdir: Path
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def ping(self) -> bool:
        try:
            return bool(redis.Redis(port=self.port, socket_timeout=0.5,
                                    socket_connect_timeout=0.5).ping())
        except redis.RedisError:
            return False

    def start(self) -> None:
        if not os.path.exists(REDIS_SERVER):
            pytest.fail(f"{REDIS_SERVER} is missing: apt-get install -y redis-server "
                        "(scripts/test.sh does this)")
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no", "--dir", str(self.workdir),
             "--logfile", str(self.workdir / "redis.log")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_until(self.ping, 10, f"redis-server did not answer on port {self.port} "
                   f"(log: {self.workdir / 'redis.log'})")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)

    def pause(self) -> None:
        self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        self.process.send_signal(signal.SIGCONT)


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory):
    server = RedisServer(free_port(), tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    server.resume() if server.process and server.process.poll() is None else None
    server.stop()


@pytest.fixture
def redis_back(redis_server):
    """For a test that stops or pauses Redis: running again afterwards."""
    yield redis_server
    if redis_server.process.poll() is None:
        redis_server.resume()
    else:
        redis_server.start()


# --- the hub under gunicorn -----------------------------------------------------


class _KeepRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the 3xx itself is the answer


_NO_REDIRECTS = urllib.request.build_opener(_KeepRedirects)


@dataclass
class Answer:
    status: int
    headers: dict
    body: bytes
    seconds: float

    def json(self):
        return json.loads(self.body)


@dataclass
class Hub:
    name: str
    port: int
    log: Path
    metrics_dir: Path
    process: subprocess.Popen | None = None
    env: dict = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def get(self, path: str, headers: dict | None = None, https: bool = True,
            timeout: float = 10) -> Answer:
        """One request, as nginx would pass it on (X-Forwarded-Proto: https,
        so that the SSL redirect stays out of the way)."""
        headers = dict(headers or {})
        if https:
            headers.setdefault("X-Forwarded-Proto", "https")
        headers.setdefault("Connection", "close")  # spread over the workers
        request = urllib.request.Request(self.url + path, headers=headers)
        started = time.monotonic()
        try:
            with _NO_REDIRECTS.open(request, timeout=timeout) as response:
                return Answer(response.status, dict(response.headers), response.read(),
                              time.monotonic() - started)
        except urllib.error.HTTPError as error:
            return Answer(error.code, dict(error.headers), error.read(),
                          time.monotonic() - started)

    def log_lines(self) -> list[dict]:
        """The JSON lines the processes wrote (gunicorn's own lines are not)."""
        lines = []
        for line in self.log.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("{"):
                try:
                    lines.append(json.loads(line))
                except json.JSONDecodeError:
                    pass
        return lines

    def worker_pids(self) -> list[int]:
        """gunicorn's workers: the processes whose parent is its master."""
        pids = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:
                pids.append(int(stat.parent.name))
        return sorted(pids)


def _database_url(settings_dict: dict, name: str | None = None) -> str:
    user = settings_dict.get("USER") or "hub"
    password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{name or settings_dict['NAME']}"


@pytest.fixture(scope="session")
def live_env(django_db_setup, redis_server, tmp_path_factory) -> dict:
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("DJANGO_", "HUB_", "PROMETHEUS_", "ELASTICSEARCH_"))}
    env.update({
        "DJANGO_SETTINGS_MODULE": "tests.operations.live_settings",
        "DATABASE_URL": _database_url(settings.DATABASES["default"]),
        "REDIS_URL": redis_server.url,
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "HUB_BASE_URL": "https://127.0.0.1",
        "HUB_TRUSTED_PROXIES": "127.0.0.1",
        "HUB_API_RATE_LIMIT": f"{RATE_LIMIT}/3600",
        "HUB_METRICS_TOKEN": METRICS_TOKEN,
        "HUB_MEDIA_ROOT": str(tmp_path_factory.mktemp("media")),
        "HUB_LOG_LEVEL": "INFO",
        "PYTHONPATH": str(ROOT),
    })
    return env


def _start(name: str, env: dict, workers: int, tmp: Path) -> Hub:
    metrics_dir = tmp / f"metrics-{name}"
    metrics_dir.mkdir()
    hub = Hub(name, free_port(), tmp / f"{name}.log", metrics_dir)
    hub.env = {**env, "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir)}
    hub.process = subprocess.Popen(
        [str(GUNICORN), "cms.wsgi:application", "--bind", f"127.0.0.1:{hub.port}",
         "--workers", str(workers), "--chdir", str(ROOT), "--timeout", "60",
         "--graceful-timeout", "3", "--no-control-socket",
         "--config", "python:cms.operations.gunicorn_hooks"],
        env=hub.env, cwd=ROOT, stdout=subprocess.DEVNULL,
        stderr=hub.log.open("w"))
    return hub


def _ready(hub: Hub) -> bool:
    if hub.process.poll() is not None:
        pytest.fail(f"gunicorn {hub.name} exited: {hub.log.read_text()[-3000:]}")
    try:
        return hub.get("/healthz", timeout=2).status == 200
    except OSError:
        return False


@pytest.fixture(scope="session")
def hubs(live_env, tmp_path_factory) -> dict[str, Hub]:
    tmp = tmp_path_factory.mktemp("hubs")
    search = {"ELASTICSEARCH_URL": settings.HUB_TEST_ELASTICSEARCH_URL,
              "ELASTICSEARCH_INDEX_PREFIX": f"hubops-{uuid.uuid4().hex[:8]}"}
    no_db = _database_url(settings.DATABASES["default"] | {"PORT": free_port()})
    started = {
        "a": _start("a", {**live_env, **search}, 2, tmp),
        "b": _start("b", live_env, 1, tmp),
        "no_db": _start("no_db", {**live_env, "DATABASE_URL": no_db}, 1, tmp),
    }
    try:
        for hub in started.values():
            wait_until(lambda hub=hub: _ready(hub), 120,
                       f"gunicorn {hub.name} did not answer /healthz: "
                       f"{hub.log.read_text()[-3000:]}", every=0.5)
        # Both of a's workers booted (each imports the hub on its own).
        wait_until(lambda: len(started["a"].worker_pids()) == 2, 30,
                   "gunicorn a has not two workers")
        yield started
    finally:
        for hub in started.values():
            hub.process.terminate()
        for hub in started.values():
            try:
                hub.process.wait(15)
            except subprocess.TimeoutExpired:
                hub.process.kill()


def manage(env: dict, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """``manage.py <args>`` in a process of its own with ``env``."""
    return subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env,
                          cwd=ROOT, capture_output=True, text=True, timeout=timeout)
