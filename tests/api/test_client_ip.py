"""The visitor's address behind trusted proxies (cms/core/net.py)."""

import pytest
from django.test import RequestFactory

from cms.core.net import client_ip


@pytest.mark.parametrize(("trusted", "peer", "forwarded", "expected"), [
    ([], "203.0.113.5", "198.51.100.7", "203.0.113.5"),  # untrusted peer: XFF ignored
    (["127.0.0.1"], "127.0.0.1", "198.51.100.7", "198.51.100.7"),
    (["127.0.0.1"], "127.0.0.1", "", "127.0.0.1"),
    # The client may write anything on the left; the right-most untrusted hop counts.
    (["127.0.0.1", "10.0.0.0/8"], "127.0.0.1", "1.2.3.4, 198.51.100.7, 10.1.2.3",
     "198.51.100.7"),
    (["127.0.0.1"], "127.0.0.1", "not-an-ip", "127.0.0.1"),
    (["::1"], "::1", "2001:db8::1", "2001:db8::1"),
])
def test_client_ip_believes_only_trusted_proxies(settings, trusted, peer, forwarded,
                                                 expected):
    settings.HUB_TRUSTED_PROXIES = trusted
    request = RequestFactory().get("/", REMOTE_ADDR=peer,
                                   HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected
