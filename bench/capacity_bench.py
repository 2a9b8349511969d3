#!/usr/bin/env python
"""Capacity benchmark: what one machine carries, page by page.

Loads with wrk, at several numbers of connections, the requests a visitor or
a widget makes: the home page, the events listing with two filters, an event
page, the API events list warm (server cache hit) and cold (a miss on every
request), a faceted search and /embed/v1/widgets.js. Reports requests/s and
p50/p95/p99 latency per scenario and connection count.

Two ways to run it:

- against a server it starts itself (the default): gunicorn with
  cms.settings.production on the catalogue of bench/api_bench.py (created on
  first use), once per worker count (--workers 1 2) and per state of the
  full-page cache (--page-cache on off), so that one table shows how the hub
  scales with workers and what the page cache brings;

- against any base URL (--base-url https://127.0.0.1:8443, e.g. the topology
  of `make production` behind nginx): one configuration, described with
  --label; run it once per configuration. TLS certificates are not checked
  (the topology's is self-signed). The API's rate limit counts every request
  from this machine: raise HUB_API_RATE_LIMIT on the target for the run, or
  the 429 answers show up as errors.

    .venv/bin/python bench/capacity_bench.py \\
        --database-url postgres://hub@127.0.0.1:54361/hub_perf_bench
    .venv/bin/python bench/capacity_bench.py --base-url https://127.0.0.1:8443 \\
        --label "make production, 2 workers, page cache on"

See bench/README.md and docs/benchmarks.md (Capacity).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import ssl
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
import api_bench  # noqa: E402  (the catalogue, the server, wrk's script)
from api_bench import BenchError, log  # noqa: E402

ROOT = api_bench.ROOT
DEFAULT_PORT = 18362
TARGET_CACHED_RPS = 800  # cached anonymous pages, 32 connections
TARGET_CACHED_P95_MS = 50.0
TARGET_LISTING_RPS = 100  # events listing without the full-page cache


@dataclass(frozen=True)
class Scenario:
    key: str
    title: str
    path: str
    page: bool = False  # an HTML page: measured with and without the page cache
    unique_to: bool = False  # cold API: a `to` date of its own per request


def scenarios(args: argparse.Namespace, event_path: str) -> list[Scenario]:
    lang = args.lang
    api = "/api/v1/events/?" + urlencode(
        {"lang": lang, "country": args.country, "when": "upcoming", "page_size": 10})
    found = [
        Scenario("home", "home page", f"/{lang}/", page=True),
        Scenario("listing", "events listing, 2 filters",
                 f"/{lang}/events/?{args.listing_query}", page=True),
        Scenario("event", "event page", event_path, page=True),
        Scenario("api_warm", "API events list, warm", api),
        Scenario("api_cold", "API events list, cold", api, unique_to=True),
        Scenario("search", "faceted search (API)",
                 f"/api/v1/search/?{args.search_query}"),
        Scenario("widgets", "widgets.js", "/embed/v1/widgets.js"),
    ]
    return [s for s in found if s.key in args.scenarios]


# --- HTTP ------------------------------------------------------------------------
class Target:
    """Where the requests go: a base URL, plus the headers a proxy would add
    when the target is gunicorn itself."""

    def __init__(self, base_url: str, headers: dict[str, str]) -> None:
        parts = urlsplit(base_url)
        self.base_url = base_url.rstrip("/")
        self.https = parts.scheme == "https"
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or (443 if self.https else 80)
        self.headers = headers

    def fetch(self, path: str, timeout: float = 30) -> tuple[int, dict, bytes]:
        if self.https:
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE  # a self-signed test certificate
            conn = http.client.HTTPSConnection(self.host, self.port, timeout=timeout,
                                               context=context)
        else:
            conn = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        try:
            conn.request("GET", path, headers=self.headers)
            response = conn.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            conn.close()


def run_wrk(args: argparse.Namespace, target: Target, lua: Path, scenario: Scenario,
            connections: int, seconds: float, days: api_bench.DayBlocks) -> dict:
    extra = (["unique-to", str(days.take()), str(api_bench.COLD_SPAN)]
             if scenario.unique_to else ["fixed"])
    threads = min(args.threads, connections)
    command = ["wrk", "-t", str(threads), "-c", str(connections),
               "-d", f"{seconds:g}s", "--timeout", "10s", "-s", str(lua),
               *[f"-H{name}: {value}" for name, value in target.headers.items()],
               target.base_url + scenario.path, "--", *extra]
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    line = next((x for x in done.stdout.splitlines() if x.startswith("BENCH_JSON ")),
                None)
    if done.returncode != 0 or line is None:
        raise BenchError(f"wrk failed ({done.returncode}): {done.stderr or done.stdout}")
    return api_bench.figures(json.loads(line.removeprefix("BENCH_JSON ")))


def event_page(target: Target, args: argparse.Namespace) -> str:
    """The path of an upcoming event of the widget query (from the API)."""
    status, _headers, body = target.fetch("/api/v1/events/?" + urlencode(
        {"lang": args.lang, "country": args.country, "page_size": 1}))
    if status != 200:
        raise BenchError(f"the API answered {status}: {body[:300]!r}")
    results = json.loads(body)["results"]
    if not results:
        raise BenchError(f"no upcoming events in {args.country}: choose --country")
    return urlsplit(results[0]["url"]).path


def preflight(target: Target, chosen: list[Scenario], page_cache: bool | None,
              workers: int) -> dict:
    """Every scenario answers 200 before the load; pages come from the page
    cache (X-Cache: hit) after the first requests exactly when it is on."""
    found = {}
    for scenario in chosen:
        path = scenario.path + (f"&to={api_bench.cold_date(0)}"
                                if scenario.unique_to else "")
        status, headers, body = target.fetch(path)
        if status != 200:
            raise BenchError(f"{scenario.key}: GET {path} answered {status}: "
                             f"{body[:300]!r}")
        if scenario.key == "listing" and b"event-card" not in body:
            raise BenchError("the listing shows no events: choose --listing-query")
        states = []
        if scenario.page:  # per-worker caches: each worker misses once
            for _ in range(2 * workers + 1):
                _status, headers, _body = target.fetch(path)
                headers = {k.lower(): v for k, v in headers.items()}
                # nginx's micro-cache (make production) keeps the hub's answer,
                # X-Cache included: its HIT is a hit of the page cache too.
                states.append("hit" if headers.get("x-micro-cache") == "HIT"
                              else headers.get("x-cache", ""))
            if page_cache is not None and ("hit" in states) != page_cache:
                raise BenchError(f"{scenario.key}: X-Cache {states} with the page "
                                 f"cache {'on' if page_cache else 'off'}")
        found[scenario.key] = {"kb": len(body) / 1024, "x_cache": states}
    return found


def settle(target: Target) -> None:
    """Wait until the server has worked off what the last cell left queued:
    wrk stops on time, but requests still waiting in gunicorn's backlog are
    answered after it, and would slow the next cell down. /healthz touches
    nothing, so its answer arrives when the queue before it is done."""
    started = time.monotonic()
    try:
        target.fetch("/healthz", timeout=180)
    except OSError as error:
        log(f"the server did not settle ({error}); going on")
    waited = time.monotonic() - started
    if waited > 1:
        log(f"waited {waited:.0f} s for the server's queue to drain")


def measure(args: argparse.Namespace, target: Target, chosen: list[Scenario],
            meter: api_bench.CpuMeter | None, workdir: Path) -> dict:
    """Every scenario at every connection count, --rounds times (round by
    round, so a burst of load from elsewhere hits all alike); medians."""
    lua = workdir / "capacity.lua"
    lua.write_text(api_bench.LUA)
    days = api_bench.DayBlocks(args.threads, len(args.connections) * args.rounds * 3
                               + 2)
    runs: dict[tuple[str, int], list[dict]] = {}
    for number in range(1, args.rounds + 1):
        for scenario in chosen:
            for connections in args.connections:
                settle(target)
                if args.wait_quiet and meter is not None:
                    meter.wait_quiet(api_bench.FOREIGN_CPU_LIMIT, args.wait_quiet)
                if args.warmup:
                    run_wrk(args, target, lua, scenario, connections, args.warmup, days)
                    settle(target)
                before = meter.sample() if meter else None
                result = run_wrk(args, target, lua, scenario, connections,
                                 args.duration, days)
                if meter is not None:
                    result["cpu"] = api_bench.CpuMeter.usage(before, meter.sample())
                runs.setdefault((scenario.key, connections), []).append(result)
                other = (f", other processes {result['cpu']['other']:.2f} cores"
                         if "cpu" in result else "")
                log(f"round {number} {scenario.key} c={connections}: "
                    f"{result['rps']:,.0f} req/s, p50 {result['p50']:.1f} p95 "
                    f"{result['p95']:.1f} p99 {result['p99']:.1f} ms, "
                    f"{result['errors']} errors{other}")
    summary = {}
    for (key, connections), results in runs.items():
        summary[f"{key}@{connections}"] = {
            "scenario": key, "connections": connections,
            **{k: statistics.median(r[k] for r in results)
               for k in ("rps", "p50", "p95", "p99", "kb_per_response")},
            "errors": sum(r["errors"] for r in results),
            "other_cpu": max((r["cpu"]["other"] for r in results if "cpu" in r),
                             default=None),
            # CPU milliseconds per answer of the server and of PostgreSQL
            "server_ms": _cpu_ms(results, "server"),
            "postgres_ms": _cpu_ms(results, "postgres"),
            "rounds": results,
        }
    return summary


def _cpu_ms(results: list[dict], group: str) -> float | None:
    per_answer = [r["cpu"][group] / r["rps"] * 1000 for r in results
                  if "cpu" in r and r["rps"]]
    return statistics.median(per_answer) if per_answer else None


# --- own server --------------------------------------------------------------------
def prepare_own_server(args: argparse.Namespace) -> None:
    """The catalogue of api_bench, static files (production settings need
    their manifest) and the database search index."""
    from django.core.management import call_command

    must_load = api_bench.prepare_database(args)
    api_bench.setup_django(args)
    if must_load:
        api_bench.load_catalogue(args)
    else:
        call_command("migrate", verbosity=0, interactive=False)
    log("collecting static files")
    call_command("collectstatic", interactive=False, verbosity=0)
    from cms.events.models import EventPage
    from search.models import SearchDocument

    if SearchDocument.objects.count() < EventPage.objects.live().count():
        log("building the database search index (a few minutes)")
        call_command("search_index", "rebuild", "--backend", "database")


def configurations(args: argparse.Namespace) -> list[dict]:
    if args.base_url:  # one configuration; say it with one --workers/--page-cache
        return [{"label": args.label or args.base_url,
                 "workers": args.workers[0] if len(args.workers) == 1 else None,
                 "page_cache": (args.page_cache[0] == "on"
                                if len(args.page_cache) == 1 else None)}]
    return [{"label": f"{workers} worker{'s' if workers > 1 else ''}, page cache "
             f"{state}", "workers": workers, "page_cache": state == "on"}
            for workers in args.workers for state in args.page_cache]


def run_configuration(args: argparse.Namespace, config: dict, workdir: Path) -> dict:
    server = None
    meter = None
    if args.base_url:
        target = Target(args.base_url, {})
    else:
        server_args = argparse.Namespace(**{**vars(args), "workers": config["workers"],
                                            "page_cache": config["page_cache"]})
        server = api_bench.Server(server_args, workdir)
        server.start()
        target = Target(f"http://127.0.0.1:{args.port}", dict(api_bench.PROXY_HEADERS))
        postgres = api_bench.postmaster_pid()
        meter = api_bench.CpuMeter({"server": [server.process.pid],
                                    "postgres": [postgres] if postgres else []})
    try:
        chosen = scenarios(args, event_page(target, args))
        if config["page_cache"] is False:  # only pages change without it
            chosen = [s for s in chosen if s.page]
        log(f"{config['label']}: " + ", ".join(s.key for s in chosen))
        checks = preflight(target, chosen, config["page_cache"],
                           config["workers"] or 4)
        results = measure(args, target, chosen, meter, workdir)
    finally:
        if server is not None:
            server.stop()
    return {**config, "scenarios": [s.__dict__ for s in chosen], "preflight": checks,
            "results": results}


# --- report ---------------------------------------------------------------------------
def result_rows(config: dict) -> list[tuple[str, ...]]:
    titles = {s["key"]: s["title"] for s in config["scenarios"]}
    rows = []
    for r in config["results"].values():
        cpu = tuple(f"{r[k]:.1f}" if r.get(k) is not None else "-"
                    for k in ("server_ms", "postgres_ms"))
        if not r["rps"]:  # not one answer within the round: overloaded
            rows.append((titles[r["scenario"]], str(r["connections"]), "0",
                         "-", "-", "-", f"{r['errors']} (none answered)", "-", "-",
                         "-"))
            continue
        rows.append((titles[r["scenario"]], str(r["connections"]), f"{r['rps']:,.0f}",
                     f"{r['p50']:.1f}", f"{r['p95']:.1f}", f"{r['p99']:.1f}",
                     str(r["errors"]), f"{r['kb_per_response']:.1f}", *cpu))
    return rows


def verdicts(report: dict) -> list[str]:
    lines = []
    for config in report["configurations"]:
        results = config["results"]
        if config["page_cache"] is not False:
            cached = [results[f"{k}@32"] for k in ("home", "listing", "event")
                      if f"{k}@32" in results]
            for r in cached:
                met = ("met" if r["rps"] >= TARGET_CACHED_RPS
                       and r["p95"] < TARGET_CACHED_P95_MS and not r["errors"]
                       else "MISSED")
                lines.append(f"{config['label']}: {r['scenario']} at 32 connections "
                             f"{r['rps']:,.0f} req/s, p95 {r['p95']:.1f} ms, "
                             f"{r['errors']} errors (target >= {TARGET_CACHED_RPS} "
                             f"req/s, p95 < {TARGET_CACHED_P95_MS:g} ms, no "
                             f"errors): {met}")
        if config["page_cache"] is False:
            best = max((r["rps"] for r in results.values()
                        if r["scenario"] == "listing"), default=None)
            if best is not None:
                met = "met" if best >= TARGET_LISTING_RPS else "MISSED"
                lines.append(f"{config['label']}: events listing {best:,.0f} req/s at "
                             f"its best connection count (target >= "
                             f"{TARGET_LISTING_RPS}): {met}")
    return lines


def render(report: dict) -> str:
    m = report["machine"]
    lines = [
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM; "
        f"Python {m['python']}; load average before: {report['load_before']}",
        f"Date: {report['date']}  Revision: {m['revision']}",
        f"Command: {report['command']}",
        f"Load: wrk, {report['settings']['threads']} threads, "
        f"{report['settings']['duration']:g} s per cell after "
        f"{report['settings']['warmup']:g} s warm-up, median of "
        f"{report['settings']['rounds']} round(s). Target: {report['target']}.",
    ]
    for config in report["configurations"]:
        lines += ["", f"## {config['label']}", "",
                  api_bench.table(("scenario", "connections", "req/s", "p50 ms",
                                   "p95 ms", "p99 ms", "errors", "KiB",
                                   "server CPU ms", "PostgreSQL CPU ms"),
                                  result_rows(config))]
        others = [r["other_cpu"] for r in config["results"].values()
                  if r["other_cpu"] is not None]
        if others:
            lines.append(f"Other processes used up to {max(others):.2f} cores "
                         f"(median {statistics.median(others):.2f}).")
    first = report["configurations"][0]
    lines += ["", "URLs:", *[f"- {s['key']}: {s['path']}" for s in first["scenarios"]],
              "- api_cold adds &to=<a date after 2100, new on every request>",
              "", "Targets:", *[f"- {v}" for v in verdicts(report)]]
    return "\n".join(lines)


def machine() -> dict:
    import platform

    return {"cpu": api_bench.cpu_model(), "cores": os.cpu_count(),
            "ram_gb": round(api_bench.mem_total_kb() / 1024 / 1024, 1),
            "python": platform.python_version(), "revision": api_bench.revision()}


# --- main ------------------------------------------------------------------------------
ALL_SCENARIOS = ["home", "listing", "event", "api_warm", "api_cold", "search",
                 "widgets"]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    p.add_argument("--base-url", help="measure this server instead of starting one "
                   "(e.g. https://127.0.0.1:8443)")
    p.add_argument("--label", help="with --base-url: what the target is")
    p.add_argument("--database-url", default=os.environ.get(
        "BENCH_DATABASE_URL", api_bench.DEFAULT_DATABASE_URL),
        help="own server: the catalogue database (see api_bench.py)")
    p.add_argument("--events", type=int, default=2000,
                   help="own server: generated events besides the demo's")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--fresh", action="store_true",
                   help="own server: rebuild the catalogue database")
    p.add_argument("--port", type=int, default=DEFAULT_PORT,
                   help="own server: gunicorn's port on 127.0.0.1")
    p.add_argument("--workers", type=int, nargs="+", default=[1, 2],
                   help="own server: gunicorn worker counts to compare")
    p.add_argument("--worker-class", default="sync")
    p.add_argument("--page-cache", nargs="+", default=["on", "off"],
                   choices=["on", "off"], help="own server: full-page cache states")
    p.add_argument("--redis-url", default="",
                   help="own server: the shared cache (REDIS_URL), as in production")
    p.add_argument("--connections", type=int, nargs="+", default=[8, 32, 128])
    p.add_argument("--threads", type=int, default=2, help="wrk threads")
    p.add_argument("--duration", type=float, default=10, help="seconds per cell")
    p.add_argument("--warmup", type=float, default=2,
                   help="seconds of unmeasured load before each cell")
    p.add_argument("--rounds", type=int, default=1,
                   help="rounds of every cell; the median is reported")
    p.add_argument("--wait-quiet", type=float, default=0, metavar="SECONDS",
                   help="own server: before each cell, wait up to SECONDS until "
                   "other processes use less than "
                   f"{api_bench.FOREIGN_CPU_LIMIT} cores")
    p.add_argument("--lang", default="en", choices=api_bench.LANGUAGES)
    p.add_argument("--country", default="US",
                   help="of the API's widget query and the event page")
    p.add_argument("--listing-query", default="country=US&type=science-diplomacy-seminar",
                   help="the events listing's two filters")
    p.add_argument("--search-query", default="q=research&type=event&country=US&lang=en",
                   help="the faceted search")
    p.add_argument("--scenarios", nargs="+", default=ALL_SCENARIOS,
                   choices=ALL_SCENARIOS, metavar="NAME",
                   help=" ".join(ALL_SCENARIOS) + ", or a selection")
    p.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = p.parse_args(argv)
    args.page_size = 10  # api_bench's server environment reads these
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if subprocess.run(["which", "wrk"], capture_output=True).returncode != 0:
        raise BenchError("wrk is missing: apt-get install wrk")
    load_before = " ".join(f"{x:.2f}" for x in os.getloadavg())
    if not args.base_url:
        prepare_own_server(args)
    report = {
        "date": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "command": " ".join(["bench/capacity_bench.py", *sys.argv[1:]]),
        "machine": machine(), "load_before": load_before,
        "target": args.base_url or f"own gunicorn on 127.0.0.1:{args.port}, "
        "cms.settings.production" + (", Redis" if args.redis_url else
                                     ", local-memory cache per worker"),
        "settings": {k: getattr(args, k) for k in (
            "threads", "duration", "warmup", "rounds", "connections")},
        "configurations": [],
    }
    with tempfile.TemporaryDirectory(prefix="capacity-bench-") as workdir:
        for config in configurations(args):
            report["configurations"].append(
                run_configuration(args, config, Path(workdir)))
    print(render(report))
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2, default=str) + "\n")
    return 0


def run() -> int:
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
    started = time.monotonic()
    code = run()
    log(f"done in {time.monotonic() - started:.0f} s")
    sys.exit(code)
