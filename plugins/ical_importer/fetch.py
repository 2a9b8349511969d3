"""Reading a feed: a local file or an http(s) URL, with a timeout, a size limit
and no requests into the hub's own network (the URLs come from admin users and
cron files, and the hub's machine also runs PostgreSQL and Elasticsearch).

Settings (all optional), ``HUB_ICAL_IMPORT = {...}``:
``timeout`` seconds per network operation (default 20; the whole download may
take three times that), ``max_bytes`` (default 10 MB), ``allow_private_networks``
(default False: loopback, private and link-local addresses are refused)."""

from __future__ import annotations

import http.client
import ipaddress
import socket
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from django.conf import settings

import cms

DEFAULTS = {"timeout": 20.0, "max_bytes": 10 * 1024 * 1024,
            "allow_private_networks": False}
MAX_REDIRECTS = 5
CHUNK = 64 * 1024
USER_AGENT = f"FlandersAcademicHub/{cms.__version__} (iCalendar importer)"


class FeedError(Exception):
    """The feed as a whole cannot be read; the message says what to do next."""


@dataclass
class Fetched:
    data: bytes
    charset: str | None = None
    content_type: str = ""


def options() -> dict:
    return {**DEFAULTS, **getattr(settings, "HUB_ICAL_IMPORT", {})}


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
    return url.strip()


def _refuse_address(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast


class _GuardMixin:
    """Checks the address actually connected to (not a prior DNS answer, which
    a second lookup could contradict)."""

    allow_private = False
    host: str
    sock: socket.socket

    def connect(self) -> None:
        super().connect()  # type: ignore[misc]
        peer = self.sock.getpeername()[0]
        if not self.allow_private and _refuse_address(peer):
            self.sock.close()
            raise FeedError(
                f"{self.host} resolves to {peer}, a private or local address; feeds "
                "are only fetched from the public internet (see "
                "HUB_ICAL_IMPORT['allow_private_networks'] in docs/ical-import.md).")


class _HTTP(_GuardMixin, http.client.HTTPConnection):
    pass


class _HTTPS(_GuardMixin, http.client.HTTPSConnection):
    pass


def fetch_url(url: str) -> Fetched:
    config = options()
    timeout = float(config["timeout"])
    limit = int(config["max_bytes"])
    deadline = time.monotonic() + 3 * timeout
    current = _normalise_url(url)
    for _hop in range(MAX_REDIRECTS + 1):
        parts = urlsplit(current)
        connection_class = _HTTPS if parts.scheme == "https" else _HTTP
        try:
            host = parts.hostname.encode("idna").decode("ascii")
        except UnicodeError:
            raise FeedError(f"{current}: the host name is not valid.") from None
        if ":" in host:  # an IPv6 literal
            host = f"[{host}]"
        connection = connection_class(host, parts.port, timeout=timeout)
        connection.allow_private = bool(config["allow_private_networks"])
        target = parts.path or "/"
        if parts.query:
            target += f"?{parts.query}"
        try:
            connection.request("GET", target, headers={
                "User-Agent": USER_AGENT, "Accept-Encoding": "identity",
                "Accept": "text/calendar, text/plain;q=0.5, */*;q=0.1"})
            response = connection.getresponse()
            if response.status in (301, 302, 303, 307, 308):
                location = response.getheader("Location")
                if not location:
                    raise FeedError(f"{current} redirects without a Location.")
                current = _normalise_url(urljoin(current, location))
                continue
            if response.status != 200:
                raise FeedError(
                    f"{current} answered HTTP {response.status} {response.reason}. "
                    "Check the feed URL in a browser; the feed's publisher may have "
                    "moved it.")
            return _read_body(response, current, limit, deadline)
        except FeedError:
            raise
        except TimeoutError:
            raise FeedError(f"{current} did not answer within {timeout:g} seconds; "
                            "try again later.") from None
        except (OSError, http.client.HTTPException) as exc:
            raise FeedError(f"Cannot fetch {current}: {exc}. Check the URL and that "
                            "the server is reachable.") from None
        finally:
            connection.close()
    raise FeedError(f"{url} redirects more than {MAX_REDIRECTS} times.")


def _read_body(response, url: str, limit: int, deadline: float) -> Fetched:
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
        if time.monotonic() > deadline:
            raise FeedError(f"{url} is too slow: the download did not finish in "
                            "time; try again later.")
        chunks.append(chunk)
    content_type = response.getheader("Content-Type", "")
    charset = response.headers.get_content_charset()
    return Fetched(b"".join(chunks), charset, content_type)
