"""The client's address, and the proxies allowed to tell it (``BFF_TRUSTED_PROXIES``).

Log-in throttling and rate limits count per client address, so whoever can choose the address can escape
them. ``X-Forwarded-For`` is believed only when the socket peer is a listed proxy, and then only as far as
the chain goes through listed proxies: the address used is the right-most hop that is not a trusted proxy
(each proxy appends the peer it saw; anything to the left of that hop the client may have written itself).

    peer untrusted (or no proxies listed)       -> the peer, whatever the header says
    peer trusted, header "a, p1" (p1 trusted)   -> a
    peer trusted, header "x, a" (a untrusted)   -> a      (x was written by the client)
    peer trusted, no usable hop in the header   -> the peer

``bff serve`` gives the same list to uvicorn (``forwarded_allow_ips``) and switches its ``proxy_headers`` off
when the list is empty; uvicorn then rewrites the peer by the same rule, and ``client_address`` finds an
untrusted peer and keeps it.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from functools import lru_cache

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class TrustedProxies:
    """A parsed allow-list of proxy addresses and networks (``10.0.0.0/8``, ``127.0.0.1``, ``::1``)."""

    def __init__(self, entries: Iterable[str] = ()) -> None:
        self.entries = tuple(entry.strip() for entry in entries if entry.strip())
        networks: list[Network] = []
        for entry in self.entries:
            try:
                networks.append(ipaddress.ip_network(entry, strict=False))
            except ValueError as exc:
                raise ValueError(f"BFF_TRUSTED_PROXIES: {entry!r} is not an IP address or network") from exc
        self.networks = tuple(networks)

    def __bool__(self) -> bool:
        return bool(self.networks)

    def trusts(self, host: str | None) -> bool:
        address = _ip(host)
        return address is not None and any(address in network for network in self.networks)

    def client(self, peer: str | None, forwarded_for: str | None) -> str:
        """The client's address given the socket ``peer`` and the ``X-Forwarded-For`` header value."""
        if peer is None:
            return "unknown"
        if not self.trusts(peer) or not forwarded_for:
            return peer
        for hop in reversed(forwarded_for.split(",")):
            address = _ip(hop)
            if address is None:
                return peer  # a hop we cannot read: nothing to its left can be trusted either
            if not self.trusts(str(address)):
                return str(address)
        return peer


@lru_cache(maxsize=8)
def trusted_proxies(entries: tuple[str, ...]) -> TrustedProxies:
    """The parsed allow-list of the settings' ``trusted_proxies``, parsed once per process."""
    return TrustedProxies(entries)


def _ip(text: str | None) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    if not text:
        return None
    text = text.strip()
    if text.startswith("[") and "]" in text:  # [v6]:port
        text = text[1:text.index("]")]
    elif text.count(":") == 1:  # v4:port
        text = text.split(":", 1)[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None
