"""SSRF through the iCalendar importer's feed URL: every way of writing an
address of this machine, and redirects to one, is refused before a single
byte reaches it.

The internal services are real servers on 127.0.0.1 and ::1 that count
connections and requests (tests/security/servers.py). A redirect needs a
first hop the fetcher accepts; a server on 127.0.0.2 stands in for the
public internet through ``HUB_ICAL_IMPORT["allowed_networks"]``, the
setting an operator uses for a feed on an internal network. The fetcher's
deadlines and TLS are tested in test_fetching.py."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, quote, urlsplit

import pytest

from plugins.ical_importer.fetch import FeedError, fetch_url
from tests.security.servers import FeedServer

PRIVATE = "private or local address"


@pytest.fixture(scope="module")
def internal():
    """An internal service on the IPv4 loopback address."""
    server = FeedServer("127.0.0.1")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def internal_v6():
    server = FeedServer("::1")
    yield server
    server.stop()


class _Redirector(BaseHTTPRequestHandler):
    """``/to?u=<url>`` answers 302 with ``Location: <url>``."""

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        target = parse_qs(urlsplit(self.path).query).get("u", [""])[0]
        self.send_response(302 if target else 404)
        if target:
            self.send_header("Location", target)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def public_redirector():
    server = ThreadingHTTPServer(("127.0.0.2", 0), _Redirector)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.2:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def strict(settings):
    """The production default: private and local networks refused, except the
    stand-in for the public internet."""
    settings.HUB_ICAL_IMPORT = {"timeout": 2.0, "allowed_networks": ["127.0.0.2/32"]}


def notations(port: int) -> list[str]:
    """127.0.0.1 written every way a URL parser or resolver accepts."""
    hosts = ["127.0.0.1", "2130706433", "0177.0.0.1", "0x7f.0.0.1", "0x7f000001",
             "017700000001", "127.1", "127.0.1", "127.000.000.001", "0.0.0.0", "0",
             "localhost", "LOCALHOST", "LocalHost", "[::ffff:127.0.0.1]",
             "[::ffff:7f00:1]", "[0:0:0:0:0:ffff:7f00:1]"]
    urls = [f"http://{host}:{port}/feed.ics" for host in hosts]
    urls += [f"webcal://127.0.0.1:{port}/feed.ics", f"HTTP://127.0.0.1:{port}/feed.ics",
             f"http://user:pass@127.0.0.1:{port}/feed.ics",
             f"http://127.0.0.1:{port}#@example.org/feed.ics"]
    return urls


def notations_v6(port: int) -> list[str]:
    return [f"http://[::1]:{port}/feed.ics", f"http://[0:0:0:0:0:0:0:1]:{port}/feed.ics",
            f"http://[0000::1]:{port}/feed.ics", f"webcal://[::1]:{port}/feed.ics"]


def assert_refused(url: str, server: FeedServer) -> None:
    server.reset()
    with pytest.raises(FeedError) as error:
        fetch_url(url)
    assert PRIVATE in str(error.value), (url, str(error.value))
    assert server.seen.first_bytes == [] and server.seen.paths == [], (
        f"{url} reached the internal server: {server.seen}")


def test_every_notation_of_the_loopback_address_is_refused(strict, internal):
    for url in notations(internal.port):
        assert_refused(url, internal)
    assert internal.seen.connections == 0


def test_every_notation_of_the_ipv6_loopback_address_is_refused(strict, internal_v6):
    for url in notations_v6(internal_v6.port):
        assert_refused(url, internal_v6)


def test_redirects_to_internal_addresses_are_refused(strict, internal, internal_v6,
                                                     public_redirector):
    # the stand-in for a public server is fetched (so a refusal below is the
    # redirect's target, not the first hop)
    with pytest.raises(FeedError, match="answered HTTP 404"):
        fetch_url(f"{public_redirector}/nothing")
    targets = notations(internal.port) + ["http://169.254.169.254/latest/meta-data/",
                                          "http://10.0.0.1/", "http://192.168.0.1/",
                                          "http://[fe80::1]/", "http://[fd00::1]/"]
    for target in targets:
        internal.reset()
        with pytest.raises(FeedError) as error:
            fetch_url(f"{public_redirector}/to?u={quote(target, safe='')}")
        assert PRIVATE in str(error.value), (target, str(error.value))
        assert internal.seen.paths == [] and internal.seen.first_bytes == [], target
    for target in notations_v6(internal_v6.port):
        internal_v6.reset()
        with pytest.raises(FeedError, match=PRIVATE):
            fetch_url(f"{public_redirector}/to?u={quote(target, safe='')}")
        assert internal_v6.seen.paths == [], target


@pytest.mark.parametrize("target", ["file:///etc/passwd", "ftp://example.org/feed.ics",
                                    "gopher://127.0.0.1:6379/_INFO", "dict://127.0.0.1:11211/",
                                    "javascript:alert(1)", "//127.0.0.1/feed.ics"])
def test_redirects_to_other_schemes_are_refused(strict, internal, public_redirector,
                                                target):
    internal.reset()
    with pytest.raises(FeedError) as error:
        fetch_url(f"{public_redirector}/to?u={quote(target, safe='')}")
    message = str(error.value)
    assert "only http(s)" in message or PRIVATE in message, message
    assert internal.seen.paths == []


def test_other_schemes_and_hostless_urls_are_refused(strict):
    for url in ("file:///etc/passwd", "ftp://example.org/x.ics", "gopher://127.0.0.1/",
                "http:///feed.ics", "http://:80/feed.ics"):
        with pytest.raises(FeedError):
            fetch_url(url)
