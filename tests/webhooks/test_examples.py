"""The verification examples of docs/webhooks.md (docs/examples/webhooks/),
each run as the real server a reader would start: ``php -S ... verify.php``
and ``python3 verify.py <port>``. The hub's own delivery code (a publication,
the task, the signed POST) reaches them and they answer 200; they refuse a
wrong secret, a tampered body and an old timestamp; the page shows the files
as they are."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.error import HTTPError
from urllib.request import urlopen

import pytest

from cms.webhooks import delivery as hub_delivery
from cms.webhooks import signing
from cms.webhooks.models import Delivery, DeliveryStatus, Endpoint
from tests.factories import make_event, make_institution, publish
from tests.webhooks.http import post

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "docs/examples/webhooks"
SECRET = signing.new_secret()  # the examples' WEBHOOK_SECRET
BODY = json.dumps({"type": "event.updated", "data": {"title": "Study fair"}}).encode()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stderr.read()
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"the example did not listen on {port}")


@pytest.fixture(scope="module", params=["php", "python"])
def example(request):
    """One example as a server of its own, with SECRET in its environment;
    yields its URL."""
    port = free_port()
    command = (["php", "-S", f"127.0.0.1:{port}", "verify.php"]
               if request.param == "php" else
               [sys.executable, "verify.py", str(port)])
    process = subprocess.Popen(command, cwd=EXAMPLES, env={"WEBHOOK_SECRET": SECRET,
                                                            "PATH": "/usr/bin:/bin"},
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               text=True)
    try:
        wait_for(port, process)
        yield f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture
def endpoint(example, settings, site_tree) -> Endpoint:
    """KU Leuven's endpoint at the example; the hub may post to loopback."""
    settings.HUB_WEBHOOK_ALLOW_LOOPBACK = True
    return Endpoint.objects.create(organisation=make_institution(), name="Example",
                                   url=example, secret=SECRET)


def signed(secret: str = SECRET, body: bytes = BODY,
           now: float | None = None) -> dict[str, str]:
    return signing.signed_headers(secret, body, str(uuid.uuid4()), "event.updated",
                                  now=now)


def answers(endpoint: Endpoint) -> list[tuple[str, int, dict]]:
    """(event, HTTP status, the JSON answer) of every attempt."""
    return [(d.event, a.status_code, json.loads(a.response_excerpt))
            for d in Delivery.objects.filter(endpoint=endpoint).order_by("created_at")
            for a in d.attempt_log.all()]


@pytest.mark.django_db
def test_the_hubs_deliveries_are_accepted(endpoint, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        fair = make_event(endpoint.organisation, "Study fair", slug="fair")
    with django_capture_on_commit_callbacks(execute=True):
        fair.title = "Study fair, new hall"
        publish(fair)
    first, second = Delivery.objects.filter(endpoint=endpoint).order_by("created_at")
    assert answers(endpoint) == [
        ("event.published", 200, {"received": str(first.pk)}),
        ("event.updated", 200, {"received": str(second.pk)})]
    assert {first.status, second.status} == {DeliveryStatus.DELIVERED}

    # A new secret on the hub: it also signs with the old one for a while, so
    # the example (still on the old secret) keeps accepting.
    endpoint.roll_secret()
    with django_capture_on_commit_callbacks(execute=True):
        publish(fair)
    assert answers(endpoint)[-1][:2] == ("event.updated", 200)


@pytest.mark.django_db
def test_a_delivery_signed_with_another_secret_is_refused(
        endpoint, django_capture_on_commit_callbacks):
    endpoint.secret = signing.new_secret()
    endpoint.save()
    with django_capture_on_commit_callbacks(execute=True):
        make_event(endpoint.organisation, "Study fair", slug="fair")
    assert answers(endpoint) == [
        ("event.published", 401, {"error": "bad signature or timestamp"})]
    # Not acknowledged: the hub tries again later.
    [delivery] = Delivery.objects.filter(endpoint=endpoint)
    assert delivery.status == DeliveryStatus.PENDING and delivery.next_attempt_at


@pytest.mark.parametrize("case", ["tampered body", "old timestamp", "future timestamp",
                                  "no v1 value"])
def test_a_forged_or_replayed_delivery_is_refused(example, case):
    body, headers = BODY, signed()
    assert post(example, body, headers)[0] == 200
    if case == "tampered body":  # the hub's headers, someone else's body
        body = BODY.replace(b"Study fair", b"Study fail")
    elif case == "old timestamp":  # a recorded delivery, played again
        headers = signed(now=time.time() - signing.TOLERANCE_SECONDS - 5)
    elif case == "future timestamp":
        headers = signed(now=time.time() + signing.TOLERANCE_SECONDS + 5)
    else:
        headers[signing.SIGNATURE_HEADER] = headers[signing.SIGNATURE_HEADER][3:]
    assert post(example, body, headers) == (401, {"error": "bad signature or timestamp"})


def test_what_is_not_a_delivery_is_a_400(example):
    assert post(example, BODY, {"Content-Type": "application/json"})[0] == 400
    for garbage in (b"not json", b"[1, 2]"):
        assert post(example, garbage, signed(body=garbage))[0] == 400
    with pytest.raises(HTTPError) as refused:
        urlopen(example, timeout=10)
    assert refused.value.code == 405


def test_the_hub_signs_as_the_examples_verify():
    """The hub's delivery headers are those of the signing contract."""
    endpoint = Endpoint(secret=SECRET)
    headers = hub_delivery.signed_headers(endpoint, Delivery(event="event.updated"),
                                          BODY)
    assert signing.verify(SECRET, BODY, headers[signing.TIMESTAMP_HEADER],
                          headers[signing.SIGNATURE_HEADER])


def test_the_docs_show_the_tested_files():
    page = (ROOT / "docs/webhooks.md").read_text()
    section = page.split("## Verifying a delivery", 1)[1].split("\n## ", 1)[0]
    for name, language in (("verify.py", "python"), ("verify.php", "php")):
        code = (EXAMPLES / name).read_text()
        assert f"```{language}\n{code}```" in section, name
