"""Request ids and JSON logs of the hub under gunicorn (production settings)."""

from __future__ import annotations

import re
import uuid

from .conftest import LIVE, wait_until

pytestmark = LIVE


def test_request_id_from_the_proxy_is_echoed_and_a_bad_one_replaced(hubs):
    hub = hubs["b"]
    given = f"ops-{uuid.uuid4().hex}"
    assert hub.get("/healthz", {"X-Request-ID": given}).headers["X-Request-ID"] == given
    for hostile in ("a b", "x" * 65, "id\u00e9", "<script>", ""):
        answered = hub.get("/healthz", {"X-Request-ID": hostile}
                           ).headers["X-Request-ID"]
        assert answered != hostile and re.fullmatch(r"[0-9a-f]{32}", answered)
    first = hub.get("/healthz").headers["X-Request-ID"]
    assert first != hub.get("/healthz").headers["X-Request-ID"]  # one per request


def test_every_line_of_a_failing_request_carries_its_id_and_the_traceback(hubs):
    hub = hubs["b"]
    rid = f"ops-{uuid.uuid4().hex}"
    answer = hub.get("/ops-test/fail", {"X-Request-ID": rid})
    assert answer.status == 500
    assert answer.headers["X-Request-ID"] == rid
    body = answer.body.decode()
    assert "Something went wrong" in body and "Traceback" not in body

    def lines():
        found = [line for line in hub.log_lines() if line.get("request_id") == rid]
        return found if any(line["level"] == "ERROR" for line in found) else None

    mine = wait_until(lines, 5, "no ERROR line with the request id was logged")
    messages = [line["message"] for line in mine]
    assert "about to fail on purpose" in messages  # the view's own line
    error = next(line for line in mine if line["level"] == "ERROR")
    assert error["logger"] == "django.request"
    assert "/ops-test/fail" in error["message"]
    assert error["exc_info"].startswith("Traceback (most recent call last):")
    assert "DeliberateFailure: the operations tests asked for a server error" in (
        error["exc_info"])
    assert {"time", "process", "status_code"} <= set(error)
    # Lines of other requests do not claim this id.
    assert all(line.get("request_id") != rid for line in hub.log_lines()
               if line not in mine)
