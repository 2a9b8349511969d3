"""SSRF through a webhook URL: every way of writing the loopback address is
refused at delivery time, before a single byte reaches the internal server
(the same notations as the iCalendar importer's test, tests/security)."""

from __future__ import annotations

import pytest

from cms.webhooks.delivery import DeliveryError, address_problem, post
from tests.security.test_ssrf import notations, notations_v6

PRIVATE = "private or local address"


def https(urls: list[str]) -> list[str]:
    return [url.replace("http://", "https://", 1) for url in urls
            if url.startswith("http://")]


def test_every_notation_of_loopback_is_refused(internal, internal_v6, settings):
    settings.HUB_WEBHOOK_ALLOW_LOOPBACK = False
    settings.HUB_WEBHOOK_TIMEOUT = 2.0
    urls = https(notations(internal.port)) + https(notations_v6(internal_v6.port))
    for url in urls:
        with pytest.raises(DeliveryError) as error:
            post(url, b"{}", {"Content-Type": "application/json"})
        if "@" not in url.split("#")[0]:  # credentials are refused before that
            assert PRIVATE in str(error.value), (url, str(error.value))
            assert address_problem(url) is not None, url
    for server in (internal, internal_v6):
        assert server.seen.connections == 0, server.seen
