"""A gunicorn worker sends a response's head and body in one write, so a worker
killed mid-request never leaves nginx holding headers without a body
(tests/production/test_faults.py::test_gunicorn_workers_killed is the fault
itself, under load)."""

from __future__ import annotations

import socket

import pytest
from gunicorn.config import Config
from gunicorn.http import RequestParser
from gunicorn.http import wsgi as gunicorn_wsgi

from cms.operations.gunicorn_hooks import send_head_with_body


class RecordingSocket:
    """A real socket that remembers what each sendall carried."""

    def __init__(self, sock: socket.socket):
        self._sock = sock
        self.writes: list[bytes] = []

    def sendall(self, data: bytes) -> None:
        self.writes.append(bytes(data))
        self._sock.sendall(data)

    def __getattr__(self, name):
        return getattr(self._sock, name)


class PatchedResponse(gunicorn_wsgi.Response):
    """A subclass, so the test patches nothing that other tests use."""


@pytest.fixture
def exchange():
    client, server = socket.socketpair()
    client.sendall(b"GET /api/v1/search/?q=x HTTP/1.1\r\nHost: hub\r\n\r\n")
    cfg = Config()
    request = next(iter(RequestParser(cfg, server, ("127.0.0.1", 5000))))
    recording = RecordingSocket(server)
    yield request, recording, cfg, client
    client.close()
    server.close()


def received(client: socket.socket) -> bytes:
    client.settimeout(2)
    data = b""
    while b"\r\n\r\n" not in data or not data.endswith(b"}"):
        data += client.recv(65536)
    return data


@pytest.mark.parametrize("patched", [False, True])
def test_head_and_body_leave_in_one_write(exchange, patched):
    request, sock, cfg, client = exchange
    response_class = PatchedResponse if patched else gunicorn_wsgi.Response
    if patched:
        send_head_with_body(PatchedResponse)
    body = b'{"count": 1, "results": [{"title": "Leuven"}]}'
    response = response_class(request, sock, cfg)
    response.start_response("200 OK", [("Content-Type", "application/json"),
                                       ("Content-Length", str(len(body)))])
    response.write(body)
    response.close()

    data = received(client)
    head, _, payload = data.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200 OK\r\n")
    assert b"Content-Length: %d" % len(body) in head
    assert payload == body
    # gunicorn as shipped needs two writes; the hub's worker needs one.
    assert len(sock.writes) == (1 if patched else 2)
    assert response.sent == len(body)


def test_streamed_and_chunked_responses_keep_gunicorns_path(exchange):
    request, sock, cfg, client = exchange
    send_head_with_body(PatchedResponse)
    response = PatchedResponse(request, sock, cfg)
    response.start_response("200 OK", [("Content-Type", "application/json")])
    response.write(b'{"a": ')
    response.write(b"1}")
    response.close()
    client.settimeout(2)
    data = b""
    while not data.endswith(b"0\r\n\r\n"):
        data += client.recv(65536)
    assert b"Transfer-Encoding: chunked" in data
    assert b'6\r\n{"a": \r\n2\r\n1}\r\n0\r\n\r\n' in data
    assert len(sock.writes) > 2
