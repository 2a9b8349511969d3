"""Reading a feed: a local file or an http(s) URL, within deadlines, a size
limit and no requests into the hub's own network (the URLs come from admin
users and cron files, and the hub's machine also runs PostgreSQL and
Elasticsearch).

A fetch cannot hang: resolving the name and connecting, receiving the response
headers, and the whole download (all redirects, headers and body) each have a
deadline, checked before every read, so a server that answers one byte every
few seconds is abandoned in time as surely as a silent one. The name is
resolved first and every address it resolves to is checked; the connection
then goes to a checked address, and only then does TLS start (SNI and
certificate checks for the name in the URL), so a refused address never sees
as much as a TLS ClientHello.

Settings (all optional), ``HUB_ICAL_IMPORT = {...}`` (docs/ical-import.md):
``timeout`` the longest wait for any one network operation (default 20),
``connect_timeout`` resolving and connecting, TLS included (default: timeout),
``header_timeout`` from sending the request to the end of the response headers
(default: timeout), ``total_timeout`` the whole fetch (default: 3 × timeout),
``max_bytes`` (default 10 MB), ``allow_private_networks`` (default False:
loopback, private and link-local addresses are refused), ``allowed_networks``
(non-public networks allowed all the same, e.g. ``["10.1.2.0/24"]``),
``ca_file`` (extra CA certificates, PEM, for feeds behind an internal CA),
``claim_timeout`` (default 600: a scheduled feed whose run stopped reporting
for that long is released, see feeds.py)."""

from __future__ import annotations

import http.client
import io
import socket
import ssl
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from django.conf import settings

from cms.core import outbound
from cms.core.version import HUB_VERSION

DEFAULTS = {"timeout": 20.0, "max_bytes": 10 * 1024 * 1024,
            "allow_private_networks": False, "allowed_networks": (),
            "connect_timeout": None, "header_timeout": None, "total_timeout": None,
            "ca_file": None, "claim_timeout": 600.0}
MAX_REDIRECTS = 5
CHUNK = 64 * 1024
USER_AGENT = f"FlandersAcademicHub/{HUB_VERSION} (iCalendar importer)"
PRIVATE_ADVICE = ("feeds are only fetched from the public internet (see "
                  "HUB_ICAL_IMPORT['allowed_networks'] in docs/ical-import.md)")


class FeedError(Exception):
    """The feed as a whole cannot be read; the message says what to do next."""


@dataclass
class Fetched:
    data: bytes
    charset: str | None = None
    content_type: str = ""


def options() -> dict:
    return {**DEFAULTS, **getattr(settings, "HUB_ICAL_IMPORT", {})}


def claim_timeout() -> float:
    """Seconds after which a feed's run that stopped reporting counts as dead
    (a killed worker); never shorter than a whole fetch may take."""
    return max(float(options()["claim_timeout"]), Limits.from_settings().total)


@dataclass(frozen=True)
class Limits:
    timeout: float  # one network operation
    connect: float  # resolving and connecting (TCP and TLS), per server
    headers: float  # request sent -> response headers complete
    total: float  # the whole fetch, redirects included
    max_bytes: int

    @classmethod
    def from_settings(cls) -> Limits:
        config = options()
        timeout = float(config["timeout"])
        return cls(
            timeout=timeout,
            connect=float(config["connect_timeout"] or timeout),
            headers=float(config["header_timeout"] or timeout),
            total=float(config["total_timeout"] or 3 * timeout),
            max_bytes=int(config["max_bytes"]),
        )


def is_url(source: str) -> bool:
    return "://" in source


def read_source(source: str) -> Fetched:
    if is_url(source):
        return fetch_url(source)
    return read_file(source)


def read_file(source: str) -> Fetched:
    path = Path(source).expanduser()
    limit = int(options()["max_bytes"])
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except FileNotFoundError:
        raise FeedError(f"{source}: no such file. Check the path, or give an "
                        "http(s) URL.") from None
    except OSError as exc:
        raise FeedError(f"Cannot read {source}: {exc.strerror or exc}. Check the "
                        "path and its permissions.") from None
    if len(data) > limit:
        raise FeedError(f"{source} is larger than {limit} bytes; split the feed or "
                        "raise HUB_ICAL_IMPORT['max_bytes'].")
    return Fetched(data)


# -- addresses -------------------------------------------------------------------------
def _normalise_url(url: str) -> str:
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme == "webcal":  # webcal:// is http(s) for calendar apps
        return "https" + url.strip()[len(parts.scheme):]
    if scheme not in ("http", "https"):
        raise FeedError(f"{url}: only http(s) and webcal URLs or local files can be "
                        "imported.")
    if not parts.hostname:
        raise FeedError(f"{url} has no host name.")
    try:
        parts.port  # noqa: B018 - raises on a port that is no number
    except ValueError:
        raise FeedError(f"{url} has an invalid port.") from None
    return url.strip()


def _refused(address: str) -> bool:
    """True for an address feeds must not be fetched from (cms/core/outbound.py)."""
    if options()["allow_private_networks"]:
        return False
    return outbound.is_refused(address, outbound.parse_networks(
        options()["allowed_networks"]))


class _Expired(Exception):
    """A deadline passed; ``phase`` names which one."""

    def __init__(self, phase: str) -> None:
        super().__init__(phase)
        self.phase = phase


class _Clock:
    """The deadlines of one fetch: the total one, and the one of the current
    phase (connect, headers or body)."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.end = time.monotonic() + limits.total
        self.phase, self.phase_end = "connect", self.end

    def start(self, phase: str, seconds: float | None) -> None:
        self.phase = phase
        self.phase_end = self.end if seconds is None else min(
            self.end, time.monotonic() + seconds)

    def expired_phase(self) -> str | None:
        now = time.monotonic()
        if now >= self.end:
            return "total"
        if now >= self.phase_end:
            return self.phase
        return None

    def wait(self) -> float:
        """How long the next operation may wait: at most the per-operation
        timeout, never past a deadline."""
        left = min(self.end, self.phase_end) - time.monotonic()
        if left <= 0:
            raise _Expired(self.expired_phase() or self.phase)
        return min(left, self.limits.timeout)


def _resolve(host: str, port: int, clock: _Clock) -> list[tuple]:
    """(family, sockaddr) for every address of ``host``, within the deadline."""
    try:
        return outbound.resolve(host, port, clock.wait())
    except outbound.ResolveTimeout:
        raise _Expired(clock.expired_phase() or "connect") from None
    except outbound.ResolveError as exc:
        raise FeedError(f"{exc}. Check the URL.") from None


def _tls_context() -> ssl.SSLContext:
    context = ssl.create_default_context()
    ca_file = options()["ca_file"]
    if ca_file:
        context.load_verify_locations(cafile=str(ca_file))
    return context


def _open(scheme: str, host: str, port: int, clock: _Clock) -> socket.socket:
    """A connected (and for https, TLS-wrapped) socket to a checked address."""
    clock.start("connect", clock.limits.connect)
    addresses = _resolve(host, port, clock)
    refused = [sockaddr[0] for _family, sockaddr in addresses
               if _refused(sockaddr[0])]
    if refused:  # one bad answer refuses the name: no connection at all
        raise FeedError(f"{host} resolves to {refused[0]}, a private or local "
                        f"address; {PRIVATE_ADVICE}.")
    error: OSError | None = None
    for family, sockaddr in addresses:
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            sock.settimeout(clock.wait())
            sock.connect(sockaddr)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if scheme == "https":
                sock.settimeout(clock.wait())  # bounds the whole handshake
                sock = _tls_context().wrap_socket(sock, server_hostname=host)
            return sock
        except (TimeoutError, _Expired):
            sock.close()
            raise
        except OSError as exc:  # refused or unreachable: try the next address
            sock.close()
            if isinstance(exc, ssl.SSLError):
                raise
            error = exc
    assert error is not None
    raise error


# -- HTTP over the checked connection --------------------------------------------------
class _Reader(io.RawIOBase):
    def __init__(self, timed: _TimedSocket) -> None:
        super().__init__()
        self.timed = timed

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        self.timed.arm()
        return self.timed.sock.recv_into(buffer)


class _TimedSocket:
    """The socket as http.client sees it: each read and write waits at most the
    per-operation timeout, and never past the current deadline (a socket
    timeout alone restarts with every byte a slow server sends)."""

    def __init__(self, sock: socket.socket, clock: _Clock) -> None:
        self.sock, self.clock = sock, clock

    def arm(self) -> None:
        self.sock.settimeout(self.clock.wait())

    def sendall(self, data: bytes) -> None:
        self.arm()
        self.sock.sendall(data)

    def makefile(self, mode: str, *args, **kwargs) -> io.BufferedReader:
        return io.BufferedReader(_Reader(self))

    def close(self) -> None:
        """http.client closes its side as soon as the headers say the server
        will close, before the body is read; ``_get`` closes the real socket
        when the fetch is done."""


class _Connection(http.client.HTTPConnection):
    """http.client over a socket opened by ``_open`` (http.client's own
    connect would resolve the name again, and could reach another address)."""

    def __init__(self, host: str, port: int, sock: _TimedSocket) -> None:
        super().__init__(host, port)
        self._timed = sock

    def connect(self) -> None:
        self.sock = self._timed


def _message(phase: str, url: str, limits: Limits) -> str:
    return {
        "connect": f"{url} did not accept a connection within {limits.connect:g} "
                   "seconds; check the URL, or try again later.",
        "headers": f"{url} did not answer within {limits.headers:g} seconds (no "
                   "complete response headers); try again later.",
        "body": f"{url} stopped sending for {limits.timeout:g} seconds; try again "
                "later.",
        "total": f"{url} is too slow: the download did not finish within "
                 f"{limits.total:g} seconds; try again later.",
    }[phase]


def fetch_url(url: str) -> Fetched:
    limits = Limits.from_settings()
    clock = _Clock(limits)
    current = _normalise_url(url)
    for _hop in range(MAX_REDIRECTS + 1):
        try:
            response = _get(current, clock)
        except _Expired as exc:
            raise FeedError(_message(exc.phase, current, limits)) from None
        except TimeoutError:
            phase = clock.expired_phase()
            if phase is None and clock.phase == "headers":
                raise FeedError(f"{current} did not answer within "
                                f"{limits.timeout:g} seconds; try again "
                                "later.") from None
            raise FeedError(_message(phase or clock.phase, current, limits)) from None
        except ssl.SSLError as exc:
            raise FeedError(f"Cannot fetch {current}: its TLS certificate or "
                            f"handshake failed ({exc.reason or exc}). Check the "
                            "URL; the publisher must fix the certificate.") from None
        except (OSError, http.client.HTTPException) as exc:
            raise FeedError(f"Cannot fetch {current}: {exc}. Check the URL and that "
                            "the server is reachable.") from None
        if isinstance(response, str):  # a redirect
            current = response
            continue
        return response
    raise FeedError(f"{url} redirects more than {MAX_REDIRECTS} times.")


def _get(url: str, clock: _Clock) -> Fetched | str:
    """One request: the body, or the URL a redirect points to."""
    parts = urlsplit(url)
    host = parts.hostname
    if ":" not in host:  # IPv6 literals need no IDNA
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            raise FeedError(f"{url}: the host name is not valid.") from None
    port = parts.port or (443 if parts.scheme == "https" else 80)
    sock = _TimedSocket(_open(parts.scheme, host, port, clock), clock)
    connection = _Connection(host, port, sock)
    if parts.scheme == "https":
        connection.default_port = 443  # so the Host header omits :443
    target = parts.path or "/"
    if parts.query:
        target += f"?{parts.query}"
    response = None
    try:
        clock.start("headers", clock.limits.headers)
        connection.request("GET", target, headers={
            "User-Agent": USER_AGENT, "Accept-Encoding": "identity",
            "Accept": "text/calendar, text/plain;q=0.5, */*;q=0.1"})
        response = connection.getresponse()
        clock.start("body", None)
        if response.status in (301, 302, 303, 307, 308):
            location = response.getheader("Location")
            if not location:
                raise FeedError(f"{url} redirects without a Location.")
            return _normalise_url(urljoin(url, location))
        if response.status != 200:
            raise FeedError(
                f"{url} answered HTTP {response.status} {response.reason}. "
                "Check the feed URL in a browser; the feed's publisher may have "
                "moved it.")
        return _read_body(response, url, clock.limits.max_bytes)
    finally:
        if response is not None:
            response.close()
        connection.close()
        sock.sock.close()


def _read_body(response, url: str, limit: int) -> Fetched:
    length = response.getheader("Content-Length")
    if length and length.isdigit() and int(length) > limit:
        raise FeedError(f"{url} is {length} bytes, more than the limit of {limit}; "
                        "raise HUB_ICAL_IMPORT['max_bytes'] if the feed is genuine.")
    chunks, size = [], 0
    while chunk := response.read1(CHUNK):
        size += len(chunk)
        if size > limit:
            raise FeedError(f"{url} sent more than {limit} bytes; raise "
                            "HUB_ICAL_IMPORT['max_bytes'] if the feed is genuine.")
        chunks.append(chunk)
    content_type = response.getheader("Content-Type", "")
    charset = response.headers.get_content_charset()
    return Fetched(b"".join(chunks), charset, content_type)
