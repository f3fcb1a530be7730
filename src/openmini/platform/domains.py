"""Request domain allow-lists (security invariant 2), with WeChat's rules.

A mini program reaches the network only through ``wx.request``/``uploadFile``/``downloadFile``
(https) and ``wx.connectSocket`` (wss), and only to hosts its developer registered: exact host
names, no IP addresses or ``localhost``, a port only when the entry names one. Developer tools
can turn the check off for a project (``setting.urlCheck: false``), as WeChat's do.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import urlsplit

Kind = Literal["request", "uploadFile", "downloadFile", "connectSocket"]
SCHEMES: dict[str, str] = {"request": "https", "uploadFile": "https", "downloadFile": "https", "connectSocket": "wss"}


@dataclass(frozen=True)
class Domain:
    scheme: str
    host: str
    port: int | None

    @classmethod
    def parse(cls, entry: str) -> Domain:
        """``https://api.example.com`` or ``wss://chat.example.com:8443``; raises ValueError otherwise."""
        parts = urlsplit(entry.strip())
        if parts.scheme not in ("https", "wss") or not parts.hostname or parts.path not in ("", "/"):
            raise ValueError(f"not a https:// or wss:// domain: {entry!r}")
        if _is_ip_or_local(parts.hostname):
            raise ValueError(f"IP addresses and localhost cannot be registered: {entry!r}")
        return cls(parts.scheme, parts.hostname.lower(), parts.port)


@dataclass(frozen=True)
class DomainPolicy:
    domains: tuple[Domain, ...] = ()
    url_check: bool = True
    extra: dict[str, tuple[Domain, ...]] = field(default_factory=dict)

    @classmethod
    def from_entries(cls, entries: list[str], *, url_check: bool = True) -> DomainPolicy:
        return cls(tuple(Domain.parse(e) for e in entries), url_check)

    def refusal(self, url: str, kind: Kind) -> str | None:
        """None when ``url`` may be reached by ``kind``; otherwise WeChat's reason."""
        try:
            parts = urlsplit(url)
            port = parts.port
        except ValueError:
            return "invalid url"
        if not parts.hostname:
            return "invalid url"
        expected = SCHEMES[kind]
        if not self.url_check:
            allowed = ("http", "https") if expected == "https" else ("ws", "wss")
            return None if parts.scheme in allowed else "invalid url"
        if parts.scheme != expected:
            return "invalid url" if parts.scheme not in ("http", "https", "ws", "wss") else "url not in domain list"
        host = parts.hostname.lower()
        for domain in self.domains:
            if domain.scheme == expected and domain.host == host and (domain.port is None or domain.port == port):
                if domain.port is None and port is not None and port != 443 and expected == "https":
                    continue
                return None
        return "url not in domain list"


def _is_ip_or_local(host: str) -> bool:
    if host.lower() == "localhost" or host.lower().endswith(".localhost"):
        return True
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True
