"""The verification examples of docs/webhooks.md (docs/examples/webhooks/),
each run as the real server a reader would start: ``php -S ... verify.php``
and ``python3 verify.py <port>``. They accept a delivery signed as the hub
signs it (cms.webhooks.signing) and refuse a tampered body, a wrong secret and
an old timestamp; the page shows the files as they are."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.error import HTTPError
from urllib.request import Request, urlopen

import pytest

from cms.webhooks import signing

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "docs/examples/webhooks"
SECRET = signing.new_secret()
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
def receiver(request):
    """One example as a server of its own, with the endpoint's secret in its
    environment; yields its URL and the lines it logged."""
    port = free_port()
    command = (["php", "-S", f"127.0.0.1:{port}", "verify.php"]
               if request.param == "php" else
               [sys.executable, "verify.py", str(port)])
    process = subprocess.Popen(command, cwd=EXAMPLES, env={"WEBHOOK_SECRET": SECRET,
                                                            "PATH": "/usr/bin:/bin"},
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    try:
        wait_for(port, process)
        yield {"url": f"http://127.0.0.1:{port}/", "process": process}
    finally:
        process.terminate()
        process.wait(10)


def post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, dict]:
    request = Request(url, data=body, headers=headers, method="POST")
    try:
        with urlopen(request, timeout=10) as answer:
            return answer.status, json.load(answer)
    except HTTPError as error:
        return error.code, json.load(error)


def delivery(secret: str = SECRET, body: bytes = BODY,
             now: float | None = None) -> dict[str, str]:
    return signing.signed_headers(secret, body, str(uuid.uuid4()), "event.updated",
                                  now=now)


def test_a_signed_delivery_is_accepted(receiver):
    headers = delivery()
    assert post(receiver["url"], BODY, headers) == (
        200, {"received": headers[signing.ID_HEADER]})
    # While the hub replaces a secret it sends two v1 values: one is enough.
    rotating = {**headers, signing.SIGNATURE_HEADER:
                "v1=" + "0" * 64 + ", " + headers[signing.SIGNATURE_HEADER]}
    assert post(receiver["url"], BODY, rotating)[0] == 200


@pytest.mark.parametrize("case", ["tampered body", "wrong secret", "old timestamp",
                                  "future timestamp", "no v1 value"])
def test_a_forged_or_replayed_delivery_is_refused(receiver, case):
    body, headers = BODY, delivery()
    if case == "tampered body":
        body = BODY.replace(b"Study fair", b"Study fail")
    elif case == "wrong secret":
        headers = delivery(secret=signing.new_secret())
    elif case == "old timestamp":  # a recorded delivery, played again
        headers = delivery(now=time.time() - signing.TOLERANCE_SECONDS - 5)
    elif case == "future timestamp":
        headers = delivery(now=time.time() + signing.TOLERANCE_SECONDS + 5)
    else:
        headers[signing.SIGNATURE_HEADER] = headers[signing.SIGNATURE_HEADER][3:]
    assert post(receiver["url"], body, headers) == (
        401, {"error": "bad signature or timestamp"})


def test_what_is_not_a_delivery_is_a_400(receiver):
    assert post(receiver["url"], BODY, {"Content-Type": "application/json"})[0] == 400
    garbage = b"not json"
    assert post(receiver["url"], garbage, delivery(body=garbage))[0] == 400
    with pytest.raises(HTTPError) as refused:
        urlopen(receiver["url"], timeout=10)
    assert refused.value.code == 405


def test_the_docs_show_the_tested_files():
    page = (ROOT / "docs/webhooks.md").read_text()
    section = page.split("## Verifying a delivery", 1)[1].split("\n## ", 1)[0]
    for name, language in (("verify.py", "python"), ("verify.php", "php")):
        code = (EXAMPLES / name).read_text()
        assert f"```{language}\n{code}```" in section, name
