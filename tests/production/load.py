"""A small load generator for the fault tests: a few threads that send real
HTTPS requests through nginx (pages, the read API, search on its page and in
the API), each with its own ``requests.Session`` (keep-alive, as browsers and
widgets), and record every answer: status, latency, error, and for search
which backend answered.

Each request comes from a made-up visitor address (``X-Forwarded-For``, which
nginx passes on and the hub believes from its trusted proxy): the API's rate
limit counts visitors, so one generator must not look like one visitor.

    with LoadGenerator(topology) as load:
        mark = load.now()
        ...  # inject a fault
    report = summarise("Redis stopped", load.records(since=mark))
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

import requests

# (kind, path): the visitors' mix. Search words the demo catalogue contains.
WORDS = ("leuven", "research", "energy", "climate", "student", "health", "ghent")
DEFAULT_MIX: tuple[tuple[str, str], ...] = (
    ("page", "/en/"),
    ("page", "/en/events/"),
    ("page", "/en/search/?q={word}"),
    ("api", "/api/v1/events/?page_size=5"),
    ("api", "/api/v1/expertise/?page_size=5&lang=nl"),
    ("search", "/api/v1/search/?q={word}&lang=en"),
    ("search", "/api/v1/search/?q={word}&type=expertise&lang=en"),
)
# The hub's 500 page says "server error"; a traceback must never reach a visitor.
TRACEBACK_MARKERS = ("Traceback (most recent call last)", 'File "/')


@dataclass(frozen=True)
class Record:
    started: float  # seconds on the generator's clock (see LoadGenerator.now)
    seconds: float
    kind: str  # page | api | search
    path: str
    status: int | None  # None: no HTTP answer (connection error, timeout)
    error: str = ""
    backend: str = ""  # search answers: the backend that answered
    fallback: bool | None = None  # search answers: the database stood in
    traceback: bool = False  # the body shows a Python traceback

    @property
    def failed(self) -> bool:
        """No answer, or an error answer (5xx; 4xx other than a 304 too: the
        mix sends only valid requests, so a 404 or 429 is a failure)."""
        return self.status is None or self.status >= 400


@dataclass
class FaultReport:
    """What one fault cost the visitors, for the session's summary."""

    name: str
    sent: int
    failed: int
    worst_seconds: float
    seconds: float  # how long the measured window lasted
    statuses: dict[str, int] = field(default_factory=dict)
    notes: str = ""

    @property
    def failed_percent(self) -> float:
        return 100.0 * self.failed / self.sent if self.sent else 0.0

    def line(self) -> str:
        statuses = ", ".join(f"{k}: {v}" for k, v in sorted(self.statuses.items()))
        note = f"; {self.notes}" if self.notes else ""
        return (f"{self.name}: {self.sent} requests in {self.seconds:.0f} s, "
                f"{self.failed} failed ({self.failed_percent:.2f} %), worst latency "
                f"{self.worst_seconds * 1000:.0f} ms [{statuses}]{note}")


def summarise(name: str, records: Iterable[Record], notes: str = "") -> FaultReport:
    records = list(records)
    statuses: dict[str, int] = {}
    for record in records:
        key = str(record.status) if record.status is not None else "no answer"
        statuses[key] = statuses.get(key, 0) + 1
    span = (max(r.started + r.seconds for r in records) - min(r.started for r in records)
            if records else 0.0)
    return FaultReport(name=name, sent=len(records),
                       failed=sum(r.failed for r in records),
                       worst_seconds=max((r.seconds for r in records), default=0.0),
                       seconds=span, statuses=statuses, notes=notes)


class LoadGenerator:
    """``threads`` visitors, each sending the ``mix`` in a random order, one
    request after the other (``pause`` seconds between two)."""

    def __init__(self, topology, threads: int = 3,
                 mix: tuple[tuple[str, str], ...] = DEFAULT_MIX,
                 timeout: float = 30.0, pause: float = 0.0) -> None:
        self.base_url = topology.base_url
        self.ca_path = topology.ca_path
        self.threads = threads
        self.mix = mix
        self.timeout = timeout
        self.pause = pause
        self._records: list[Record] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._workers: list[threading.Thread] = []
        self._t0 = time.monotonic()

    # --- control ---------------------------------------------------------------
    def now(self) -> float:
        return time.monotonic() - self._t0

    def start(self) -> LoadGenerator:
        self._stop.clear()
        for number in range(self.threads):
            worker = threading.Thread(target=self._visit, args=(number,),
                                      name=f"load-{number}", daemon=True)
            worker.start()
            self._workers.append(worker)
        return self

    def stop(self) -> None:
        self._stop.set()
        for worker in self._workers:
            worker.join(self.timeout + 5)
        self._workers.clear()

    def __enter__(self) -> LoadGenerator:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def wait_for(self, count: int, since: float = 0.0, timeout: float = 60) -> None:
        """Until ``count`` requests started after ``since`` have answered."""
        deadline = time.monotonic() + timeout
        while len(self.records(since=since)) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"the load generator got fewer than {count} "
                                     f"answers in {timeout} s")
            time.sleep(0.1)

    # --- results ---------------------------------------------------------------
    def records(self, since: float = 0.0, until: float | None = None) -> list[Record]:
        """The answered requests that started in [since, until)."""
        with self._lock:
            return [r for r in self._records
                    if r.started >= since and (until is None or r.started < until)]

    # --- one visitor -------------------------------------------------------------
    def _visit(self, number: int) -> None:
        rng = random.Random(number)
        session = requests.Session()
        session.verify = self.ca_path
        session.trust_env = False  # REQUESTS_CA_BUNDLE would win over verify
        while not self._stop.is_set():
            kind, template = rng.choice(self.mix)
            path = template.format(word=rng.choice(WORDS))
            address = f"198.51.{rng.randrange(100, 102)}.{rng.randrange(1, 255)}"
            self._record(self._send(session, kind, path, address))
            if self.pause:
                self._stop.wait(self.pause)
        session.close()

    def _send(self, session: requests.Session, kind: str, path: str,
              address: str) -> Record:
        started = self.now()
        clock = time.perf_counter()
        try:
            answer = session.get(f"{self.base_url}{path}", timeout=self.timeout,
                                 headers={"X-Forwarded-For": address})
        except requests.RequestException as error:
            return Record(started, time.perf_counter() - clock, kind, path, None,
                          error=f"{type(error).__name__}: {error}"[:300])
        seconds = time.perf_counter() - clock
        body = answer.text
        backend, fallback = "", None
        if kind == "search" and answer.status_code == 200:
            try:
                data = answer.json()
                backend, fallback = data.get("backend", ""), data.get("fallback")
            except ValueError:
                backend = "unreadable"
        elif kind == "page" and "/search/" in path and answer.status_code == 200:
            # The page shows a notice when the database answered instead.
            fallback = "simplified mode" in body
        error = "" if answer.status_code < 400 else body[:300]
        return Record(started, seconds, kind, path, answer.status_code, error=error,
                      backend=backend, fallback=fallback,
                      traceback=any(m in body for m in TRACEBACK_MARKERS))

    def _record(self, record: Record) -> None:
        with self._lock:
            self._records.append(record)
