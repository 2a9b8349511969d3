"""Requests the hub makes to addresses that users typed (iCalendar feeds,
webhook endpoints): which addresses they may reach.

The hub's machine also runs PostgreSQL, Elasticsearch and Redis, and its
network may hold more; a URL from the admin must not become a way into them
(server-side request forgery). So a host name is resolved first, every
address it resolves to is checked, and the caller connects to a checked
address (never resolving the name again: DNS may answer differently the
second time). One refused answer refuses the name.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
from collections.abc import Iterable

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
#: (family, sockaddr) as ``socket.connect`` takes them.
Address = tuple[int, tuple]


class ResolveError(OSError):
    """The name has no usable address; the message says why."""


class ResolveTimeout(TimeoutError):
    """The name was not resolved in time."""


def parse_networks(raw: str | Iterable[str] | None) -> list[Network]:
    """Networks from a list, or a comma-separated string, of CIDR blocks."""
    if isinstance(raw, str):
        raw = raw.split(",")
    return [ipaddress.ip_network(item.strip(), strict=False)
            for item in raw or () if item.strip()]


def is_refused(address: str, allowed: Iterable[Network] = (), *,
               allow_loopback: bool = False) -> bool:
    """True for an address outside the public internet: private, loopback,
    link-local, reserved, multicast (unless in ``allowed``, or loopback and
    ``allow_loopback``)."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if any(ip in network for network in allowed):
        return False
    if allow_loopback and ip.is_loopback:
        return False
    return not ip.is_global or ip.is_multicast


def resolve(host: str, port: int, timeout: float) -> list[Address]:
    """Every IPv4/IPv6 address of ``host``. getaddrinfo cannot be
    interrupted, so it runs in a daemon thread that is abandoned (it ends on
    its own) when ``timeout`` passes."""
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        family = socket.AF_INET6 if ip.version == 6 else socket.AF_INET
        return [(family, (host, port, 0, 0) if ip.version == 6 else (host, port))]
    answer: dict = {}

    def lookup() -> None:
        try:
            answer["infos"] = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except OSError as exc:
            answer["error"] = exc

    worker = threading.Thread(target=lookup, name="outbound-dns", daemon=True)
    worker.start()
    worker.join(max(timeout, 0.0))
    if worker.is_alive():
        raise ResolveTimeout(f"{host} was not resolved within {timeout:g} seconds")
    if "error" in answer:
        raise ResolveError(f"Cannot resolve {host}: {answer['error']}")
    seen, found = set(), []
    for family, _type, _proto, _name, sockaddr in answer["infos"]:
        if family in (socket.AF_INET, socket.AF_INET6) and sockaddr not in seen:
            seen.add(sockaddr)
            found.append((family, sockaddr))
    if not found:
        raise ResolveError(f"Cannot resolve {host}: no IPv4 or IPv6 address")
    return found


def refused_addresses(addresses: Iterable[Address], allowed: Iterable[Network] = (),
                      *, allow_loopback: bool = False) -> list[str]:
    """The addresses among ``addresses`` that must not be reached."""
    allowed = list(allowed)
    return [sockaddr[0] for _family, sockaddr in addresses
            if is_refused(sockaddr[0], allowed, allow_loopback=allow_loopback)]
