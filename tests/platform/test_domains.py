"""Security invariant 2: only registered domains, with WeChat's rules."""

from __future__ import annotations

import pytest

from openmini.platform.domains import Domain, DomainPolicy

POLICY = DomainPolicy.from_entries(["https://api.example.com", "https://pay.example.com:8443", "wss://chat.example.com"])


@pytest.mark.parametrize(
    ("url", "kind", "refusal"),
    [
        ("https://api.example.com/v1/items?x=1", "request", None),
        ("https://API.example.com/", "uploadFile", None),
        ("https://api.example.com:443/", "request", None),
        ("https://api.example.com:8080/", "request", "url not in domain list"),
        ("https://pay.example.com:8443/x", "request", None),
        ("https://pay.example.com/x", "request", "url not in domain list"),
        ("http://api.example.com/", "request", "url not in domain list"),
        ("https://evil.example.com/", "request", "url not in domain list"),
        ("https://api.example.com.evil.net/", "request", "url not in domain list"),
        ("https://example.com/", "request", "url not in domain list"),
        ("wss://chat.example.com:9999/socket", "connectSocket", None),
        ("wss://api.example.com/", "connectSocket", "url not in domain list"),
        ("https://chat.example.com/", "request", "url not in domain list"),
        ("https://127.0.0.1/", "request", "url not in domain list"),
        ("javascript:alert(1)", "request", "invalid url"),
        ("not a url", "request", "invalid url"),
        ("https://api.example.com:99999/", "request", "invalid url"),
    ],
)
def test_allow_list(url: str, kind: str, refusal: str | None) -> None:
    assert POLICY.refusal(url, kind) == refusal  # type: ignore[arg-type]


@pytest.mark.parametrize("entry", ["http://a.com", "https://127.0.0.1", "https://localhost", "https://[::1]",
                                   "https://a.com/path", "ftp://a.com", "a.com"])
def test_unregistrable_entries_are_rejected(entry: str) -> None:
    with pytest.raises(ValueError):
        Domain.parse(entry)


def test_url_check_off_allows_any_http_host_but_keeps_schemes_apart() -> None:
    open_policy = DomainPolicy(url_check=False)
    assert open_policy.refusal("http://127.0.0.1:8000/x", "request") is None
    assert open_policy.refusal("ws://127.0.0.1:8000/x", "connectSocket") is None
    assert open_policy.refusal("ws://127.0.0.1:8000/x", "request") == "invalid url"
    assert open_policy.refusal("file:///etc/passwd", "downloadFile") == "invalid url"
