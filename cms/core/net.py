"""The visitor's network address, as every part of the hub must see it.

Behind nginx every request comes from 127.0.0.1, so rate limits and login
throttling would count the proxy, not the visitor. X-Forwarded-For is only
believed when the direct peer is a proxy the operator trusts
(HUB_TRUSTED_PROXIES: addresses or networks, comma-separated); anyone else
could write any address into it.
"""

from __future__ import annotations

import ipaddress
from functools import cache

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@cache
def trusted_proxies() -> tuple[Network, ...]:
    raw = getattr(settings, "HUB_TRUSTED_PROXIES", ()) or ()
    if isinstance(raw, str):
        raw = raw.split(",")
    return tuple(ipaddress.ip_network(item.strip(), strict=False)
                 for item in raw if item.strip())


def _is_trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in trusted_proxies())


def client_ip(request: HttpRequest) -> str:
    """The address of the visitor: the direct peer, or, when that peer is a
    trusted proxy, the right-most address in X-Forwarded-For that is not one
    of our own proxies (the left-most entries are written by the client and
    prove nothing)."""
    peer = request.META.get("REMOTE_ADDR", "")
    if not _is_trusted(peer):
        return peer
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _is_trusted(hop):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return peer  # garbage from a trusted proxy: count the proxy
    return hops[0] if hops else peer


@receiver(setting_changed)
def _reset(*, setting: str, **kwargs) -> None:
    if setting == "HUB_TRUSTED_PROXIES":
        trusted_proxies.cache_clear()
