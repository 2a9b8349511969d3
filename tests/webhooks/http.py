"""A plain HTTP POST as a hub delivery makes one, for the receivers' tests."""

from __future__ import annotations

import json
from urllib.error import HTTPError
from urllib.request import Request, urlopen


def post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, dict]:
    """The status and JSON answer of a POST, whatever the status."""
    request = Request(url, data=body, headers=headers, method="POST")
    try:
        with urlopen(request, timeout=10) as answer:
            return answer.status, json.load(answer)
    except HTTPError as error:
        return error.code, json.load(error)
