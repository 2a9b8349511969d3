"""A receiver of the Flanders Academic Hub's webhooks: Python's standard
library only (a WSGI application; any WSGI server can run `application`).

    WEBHOOK_SECRET=whsec_... python3 verify.py 8000

It answers 200 to a delivery signed with the endpoint's secret less than five
minutes ago, 401 to anything else (400 without the headers or JSON).
"""

import hashlib
import hmac
import json
import os
import sys
import time
from wsgiref.simple_server import make_server

SECRET = os.environ.get("WEBHOOK_SECRET", "")
TOLERANCE_SECONDS = 300  # older (or future) timestamps are refused: no replay
MAX_BODY = 1024 * 1024  # a delivery describes one item


def signature_valid(secret: str, body: bytes, timestamp: str, header: str) -> bool:
    """One "v1=" value of the header is HMAC-SHA256(secret, "<timestamp>.<body>")
    and the timestamp is recent."""
    try:
        sent = int(timestamp)
    except ValueError:
        return False
    if abs(time.time() - sent) > TOLERANCE_SECONDS:
        return False
    message = str(sent).encode() + b"." + body
    expected = hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
    values = [part.strip()[3:] for part in header.split(",")
              if part.strip().startswith("v1=")]
    return any(hmac.compare_digest(expected, value) for value in values)


def application(environ, start_response):
    def answer(status, data):
        body = json.dumps(data).encode()
        start_response(status, [("Content-Type", "application/json"),
                                ("Content-Length", str(len(body)))])
        return [body]

    if environ["REQUEST_METHOD"] != "POST":
        return answer("405 Method Not Allowed", {"error": "POST only"})
    length = environ.get("CONTENT_LENGTH") or "0"
    if not length.isdigit() or int(length) > MAX_BODY:
        return answer("400 Bad Request", {"error": "a body of 1 MB at most"})
    body = environ["wsgi.input"].read(int(length))
    timestamp = environ.get("HTTP_HUB_WEBHOOK_TIMESTAMP", "")
    header = environ.get("HTTP_HUB_WEBHOOK_SIGNATURE", "")
    if not timestamp or not header:
        return answer("400 Bad Request", {"error": "not a hub delivery"})
    if not SECRET or not signature_valid(SECRET, body, timestamp, header):
        return answer("401 Unauthorized", {"error": "bad signature or timestamp"})
    try:
        event = json.loads(body)
    except ValueError:
        event = None
    if not isinstance(event, dict):
        return answer("400 Bad Request", {"error": "not a JSON object"})
    # Verified: act on it here, quickly (queue slow work; the hub waits).
    delivery = environ.get("HTTP_HUB_WEBHOOK_ID", "")
    print("received", event.get("type"), delivery, flush=True)
    return answer("200 OK", {"received": delivery})


if __name__ == "__main__":
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 8000
    make_server("127.0.0.1", port, application).serve_forever()
