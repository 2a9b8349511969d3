"""Real misbehaving feed servers on the loopback interface, for the fetching
tests (tests/security/test_fetching.py).

Each server is a thread accepting TCP connections and answering by path:

* ``/feed.ics``: a small valid feed;
* ``/slow-headers``: ``HTTP/1.1 200 OK`` and then one byte of headers every
  ``drip`` seconds, never finishing them;
* ``/slow-body``: complete headers, then one byte of body every ``drip``
  seconds;
* ``/silent``: reads the request and says nothing;
* ``/redirect/<n>``: a redirect to ``/redirect/<n+1>``, for ever;
* ``/to/<URL, quoted>``: a redirect to that URL;
* ``/huge``: an endless body as fast as the client reads it;
* ``/slow-once``: like ``/slow-body`` the first time, then the feed.

Slow answers give up after ``give_up`` seconds, so that a client without
deadlines fails its test in bounded time instead of hanging the suite. The
server records what it saw: connections, request paths, the first byte of every
connection (0x16 is a TLS ClientHello), and the SNI names of TLS handshakes.
"""

from __future__ import annotations

import socket
import ssl
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

FEED = (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Hub tests//EN\r\n"
        b"BEGIN:VEVENT\r\nUID:fetch-1@hub.example\r\nSUMMARY:Fetched event\r\n"
        b"DTSTART:20300506T080000Z\r\nDTEND:20300506T090000Z\r\n"
        b"LOCATION:Leuven\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
TLS_HANDSHAKE = 0x16


@dataclass
class Seen:
    connections: int = 0
    first_bytes: list[int] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    server_names: list[str] = field(default_factory=list)


class FeedServer:
    """A misbehaving HTTP(S) server; ``url(path)`` gives its address."""

    def __init__(self, host: str = "127.0.0.1", *, tls: ssl.SSLContext | None = None,
                 name: str | None = None, drip: float = 0.5,
                 give_up: float = 30.0) -> None:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.listener = socket.socket(family, socket.SOCK_STREAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind((host, 0))
        self.listener.listen(32)
        self.listener.settimeout(0.2)
        self.port = self.listener.getsockname()[1]
        self.host, self.name = host, name or host
        self.tls, self.drip, self.give_up = tls, drip, give_up
        self.seen = Seen()
        self.stopping = threading.Event()
        if tls is not None:
            tls.sni_callback = self._sni
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def url(self, path: str = "/feed.ics", scheme: str | None = None) -> str:
        scheme = scheme or ("https" if self.tls else "http")
        host = f"[{self.name}]" if ":" in self.name else self.name
        return f"{scheme}://{host}:{self.port}{path}"

    def reset(self) -> None:
        self.seen = Seen()

    def stop(self) -> None:
        self.stopping.set()
        self.thread.join(5)
        self.listener.close()

    # -- serving ---------------------------------------------------------------
    def _sni(self, sslobj, server_name, context) -> None:
        self.seen.server_names.append(server_name or "")

    def _accept(self) -> None:
        while not self.stopping.is_set():
            try:
                conn, _peer = self.listener.accept()
            except (TimeoutError, OSError):
                continue
            self.seen.connections += 1
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        try:
            conn.settimeout(5)
            first = conn.recv(1, socket.MSG_PEEK)
            if first:
                self.seen.first_bytes.append(first[0])
            if self.tls is not None:
                conn = self.tls.wrap_socket(conn, server_side=True)
            request = b""
            while b"\r\n\r\n" not in request and len(request) < 65536:
                chunk = conn.recv(4096)
                if not chunk:
                    return
                request += chunk
            path = request.split(b" ", 2)[1].decode("latin-1")
            self.seen.paths.append(path)
            self._answer(conn, path)
        except (OSError, ssl.SSLError, IndexError):
            pass
        finally:
            conn.close()

    def _answer(self, conn: socket.socket, path: str) -> None:
        if path == "/feed.ics":
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/calendar\r\n"
                         b"Content-Length: %d\r\nConnection: close\r\n\r\n%s"
                         % (len(FEED), FEED))
        elif path == "/slow-headers":
            conn.sendall(b"HTTP/1.1 200 OK\r\n")
            self._drip(conn, b"X-Slow: " + b"z" * 10_000)
        elif path == "/slow-once" and self.seen.paths.count(path) > 1:
            self._answer(conn, "/feed.ics")
        elif path in ("/slow-body", "/slow-once"):
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/calendar\r\n"
                         b"Connection: close\r\n\r\n")
            self._drip(conn, FEED * 1000)
        elif path == "/silent":
            self.stopping.wait(self.give_up)
        elif path.startswith("/redirect/"):
            step = int(path.rsplit("/", 1)[1]) + 1
            conn.sendall(b"HTTP/1.1 302 Found\r\nLocation: /redirect/%d\r\n"
                         b"Content-Length: 0\r\nConnection: close\r\n\r\n" % step)
        elif path.startswith("/to/"):
            location = unquote(path[4:]).encode()
            conn.sendall(b"HTTP/1.1 302 Found\r\nLocation: %s\r\n"
                         b"Content-Length: 0\r\nConnection: close\r\n\r\n" % location)
        elif path == "/huge":
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/calendar\r\n"
                         b"Connection: close\r\n\r\nBEGIN:VCALENDAR\r\n")
            block = b"X-FILLER:" + b"x" * 65_000 + b"\r\n"
            deadline = time.monotonic() + self.give_up
            while time.monotonic() < deadline and not self.stopping.is_set():
                conn.sendall(block)
        else:
            conn.sendall(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n"
                         b"Connection: close\r\n\r\n")

    def _drip(self, conn: socket.socket, data: bytes) -> None:
        deadline = time.monotonic() + self.give_up
        for index in range(len(data)):
            if time.monotonic() > deadline or self.stopping.wait(self.drip):
                return
            conn.sendall(data[index:index + 1])


def self_signed_certificate(directory: Path, name: str = "localhost") -> tuple[Path,
                                                                               Path]:
    """A certificate for ``name`` and its key, made with openssl (scripts/test.sh
    installs it)."""
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
         "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
         "-subj", f"/CN={name}", "-addext", f"subjectAltName=DNS:{name}",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True)
    return cert, key


def tls_server_context(cert: Path, key: Path) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return context
