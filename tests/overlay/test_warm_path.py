"""Issue 9: the warm path's shortcuts keep the per-hop credential semantics.

Per warm request the auth flow reuses one ``PendingCredential`` per credential, tells the
credential transport which URL it has already checked against the provider's origin, and the
transport writes the credential on a plain copy of the headers when its values are ASCII. A
request whose URL changed after the flow (a request hook) is checked again; a caller's own
non-ASCII header still decodes as before; a new credential gets a new ``PendingCredential``.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from keyhouse import Keyhouse
from keyhouse._transport import CREDENTIAL
from keyhouse_sandbox import Sandbox

from .conftest import environment

pytestmark = pytest.mark.timeout(60)

PATH = "/auth/session"  # ovok: an authenticated GET


class _Recording(httpx.BaseTransport):
    """The network transport, recording every hop as the wire sees it."""

    def __init__(self) -> None:
        self.transport = httpx.HTTPTransport()
        self.hops: list[tuple[str, httpx.Headers]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.hops.append((str(request.url), request.headers))
        return self.transport.handle_request(request)

    def close(self) -> None:
        self.transport.close()


@pytest.fixture
def recorded(sandbox: Sandbox) -> Iterator[tuple[Keyhouse, _Recording]]:
    wire = _Recording()
    with Keyhouse.from_env(environment(sandbox, "ovok"), transport=wire) as kh:
        yield kh, wire


def test_one_pending_credential_per_credential(
    recorded: tuple[Keyhouse, _Recording],
) -> None:
    kh, wire = recorded
    client = kh.ovok.client.get_httpx_client()
    first, second = client.get(PATH), client.get(PATH)
    assert first.status_code == second.status_code == 200
    pending = first.request.extensions[CREDENTIAL]
    assert second.request.extensions[CREDENTIAL] is pending  # not one per request
    kh.manager("ovok").invalidate()
    third = client.get(PATH)
    assert third.status_code == 200
    renewed = third.request.extensions[CREDENTIAL]
    assert renewed is not pending
    assert renewed.credential.token != pending.credential.token
    assert wire.hops[-1][1]["authorization"] == f"Bearer {renewed.credential.token}"
    # written per hop only: the request the caller sees carries no credential
    assert "authorization" not in third.request.headers


def test_a_url_replaced_after_the_flow_is_checked_again(
    recorded: tuple[Keyhouse, _Recording], sandbox: Sandbox
) -> None:
    """A request hook moves the request to another origin after the flow checked the old
    URL: the transport must not trust the flow's check for the new URL."""
    kh, wire = recorded
    client = kh.ovok.client.get_httpx_client()
    assert client.get(PATH).status_code == 200
    assert "authorization" in wire.hops[-1][1]
    elsewhere = httpx.URL(sandbox.base_url("ovok")).copy_with(host="localhost")

    def move(request: httpx.Request) -> None:
        request.url = elsewhere.copy_with(raw_path=request.url.raw_path)

    client.event_hooks["request"].append(move)
    before = len(wire.hops)
    # the sandbox there wants a token: its 401 is that origin's answer (no re-login for it)
    assert client.get(PATH).status_code == 401
    assert sandbox.counters("ovok").logins == 1
    moved = [(url, headers) for url, headers in wire.hops[before:] if "//localhost:" in url]
    assert moved
    assert not [url for url, headers in moved if "authorization" in headers]


def test_a_callers_non_ascii_header_keeps_its_encoding(
    recorded: tuple[Keyhouse, _Recording],
) -> None:
    kh, wire = recorded
    client = kh.ovok.client.get_httpx_client()
    response = client.get(PATH, headers={"x-note": "café".encode()})
    assert response.status_code == 200
    headers = wire.hops[-1][1]
    assert headers["x-note"] == "café"  # decoded as UTF-8, as httpx would
    assert headers["authorization"].startswith("Bearer ")


class _PublicOnly:
    """Headers offering only httpx's public mapping API (no item list to read directly)."""

    encoding = "ascii"

    def __init__(self, items: dict[str, str]) -> None:
        self.data = dict(items)

    def get(self, name: str) -> str | None:
        return self.data.get(name)

    def pop(self, name: str, default: str | None = None) -> str | None:
        return self.data.pop(name, default)

    def __setitem__(self, name: str, value: str) -> None:
        self.data[name.lower()] = value

    def copy(self) -> _PublicOnly:
        return _PublicOnly(self.data)


@pytest.mark.parametrize("public_only", [False, True], ids=["item-list", "public-api"])
def test_warm_path_header_helpers_match_httpx(public_only: bool) -> None:
    """``header``/``with_headers`` read and write what httpx's own API would, with or without
    httpx's item list (the fallback a future httpx would take), and never touch the original."""
    from typing import cast

    from keyhouse._transport import header, with_headers

    real = httpx.Headers({"Content-Type": "text/html", "X-Api-Key": "old", "Accept": "*/*"})
    fake = _PublicOnly({k: v for k, v in real.multi_items()})
    headers = cast(httpx.Headers, fake) if public_only else real
    assert header(headers, b"content-type") == b"text/html"
    assert header(headers, b"content-encoding") is None
    write = ((b"Authorization", b"authorization", b"Bearer t"),)
    new = with_headers(headers, write, frozenset({b"x-api-key", b"authorization"}))
    assert header(new, b"x-api-key") is None
    assert header(new, b"authorization") == b"Bearer t"
    assert header(new, b"accept") == b"*/*"
    assert header(headers, b"x-api-key") == b"old"  # the original is untouched
    assert header(headers, b"authorization") is None
    if not public_only:
        assert new["Authorization"] == "Bearer t"
        assert new.raw[-1] == (b"Authorization", b"Bearer t")  # spelled as the spec does


class _PublicUrl:
    """An ``httpx.URL`` seen through its public properties only (no parse result)."""

    def __init__(self, url: httpx.URL) -> None:
        self.scheme, self.raw_host, self.port = url.scheme, url.raw_host, url.port


@pytest.mark.parametrize(
    ("url", "origin"),
    [
        ("https://API.Example.com/x", ("https", "api.example.com", 443)),
        ("http://127.0.0.1:8080/p?q=1", ("http", "127.0.0.1", 8080)),
        ("https://[::1]/p", ("https", "::1", 443)),
        ("https://bücher.example:8443/", ("https", "xn--bcher-kva.example", 8443)),
        ("http://example.com:80/", ("http", "example.com", 80)),
    ],
)
def test_origin_of_reads_what_httpx_parsed(url: str, origin: tuple[str, str, int]) -> None:
    """``origin_of`` gives the same origin from httpx's parse result (the warm path) as from
    the public properties a future httpx would leave it (hosts lowercase, IDNA-encoded, the
    default port filled in), so a URL and the provider's base URL compare alike either way."""
    from typing import cast

    from keyhouse._transport import origin_of

    parsed = httpx.URL(url)
    assert origin_of(parsed) == origin
    assert origin_of(url) == origin
    assert origin_of(cast(httpx.URL, _PublicUrl(parsed))) == origin
