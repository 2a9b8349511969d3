"""A real webhook receiver on 127.0.0.1 (one per test module), and the
settings webhook tests run with (loopback receivers allowed, a retry
schedule in seconds)."""

from __future__ import annotations

import http.server
import json
import threading
from dataclasses import dataclass, field

import pytest

from cms.webhooks import signing
from tests.security.test_ssrf import (  # noqa: F401 - the same internal services
    internal,
    internal_v6,
)


@dataclass
class Received:
    headers: dict
    body: bytes

    @property
    def payload(self) -> dict:
        return json.loads(self.body)

    @property
    def event(self) -> str:
        return self.headers[signing.EVENT_HEADER]

    def verifies(self, secret: str) -> bool:
        return signing.verify(secret, self.body,
                              self.headers[signing.TIMESTAMP_HEADER],
                              self.headers[signing.SIGNATURE_HEADER])


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        receiver: Receiver = self.server.receiver
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        receiver.received.append(Received(dict(self.headers.items()), body))
        answer = receiver.answer_body.encode()
        self.send_response(receiver.status)
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True


@dataclass
class Receiver:
    """Records every POST; answers ``status``. ``down()`` stops listening
    (connections are refused), ``up()`` listens again on the same port."""

    port: int = 0
    status: int = 200
    answer_body: str = "ok"
    received: list[Received] = field(default_factory=list)
    _server: _Server | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks/hub"

    def up(self) -> None:
        self._server = _Server(("127.0.0.1", self.port), _Handler)
        self._server.receiver = self
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def down(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def reset(self) -> None:
        self.status, self.answer_body = 200, "ok"
        self.received.clear()
        if self._server is None:
            self.up()

    def events(self) -> list[str]:
        return [item.event for item in self.received]


@pytest.fixture(scope="module")
def _module_receiver():
    receiver = Receiver()
    receiver.up()
    yield receiver
    receiver.down()


@pytest.fixture
def receiver(_module_receiver, settings) -> Receiver:
    settings.HUB_WEBHOOK_ALLOW_LOOPBACK = True
    settings.HUB_WEBHOOK_RETRY_SCHEDULE = [1, 1]
    settings.HUB_WEBHOOK_TIMEOUT = 2.0
    _module_receiver.reset()
    return _module_receiver
