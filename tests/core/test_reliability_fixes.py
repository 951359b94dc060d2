"""Regressions for what the reliability suite found, pinned at the mechanism that was fixed.

Sans-IO or ``httpx.MockTransport``-style transports: each case needs a failure (a body that
breaks off, a body that does not match its Content-Encoding) that a real server cannot be
asked for per request.
"""

from __future__ import annotations

import asyncio
import gzip
import os
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from keyhouse._cache import FileCache, cache_key
from keyhouse._credential import MAX_LIFETIME, Credential, compute_expiry
from keyhouse._errors import (
    PasswordExpiredError,
    ProtocolError,
    ProviderUnavailableError,
    snippet,
)
from keyhouse._flow import run_sync
from keyhouse._redact import register
from keyhouse._registry import entry
from keyhouse._retry import RetryPolicy, parse_retry_after
from keyhouse._settings import Settings
from keyhouse._transport import (
    AsyncCredentialTransport,
    AsyncRetryTransport,
    CredentialTransport,
    RetryTransport,
)

POLICY = RetryPolicy(attempts=3, base=0.0, cap=0.0, total=5.0, jitter=0.0)
URL = "https://api.example/v1/items"
GZIPPED = gzip.compress(b'{"items": []}')


class _Broken(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A body that sends its first chunk, then loses the connection."""

    def __iter__(self) -> Iterator[bytes]:
        yield GZIPPED[:12]  # a valid start: the failure is the drop, not the encoding
        raise httpx.RemoteProtocolError("peer closed connection without sending complete body")

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield GZIPPED[:12]  # a valid start: the failure is the drop, not the encoding
        raise httpx.RemoteProtocolError("peer closed connection without sending complete body")


class _DropsOnce(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """The first response's body breaks off; later ones are whole (gzip-encoded)."""

    def __init__(self) -> None:
        self.sent = 0

    def _respond(self, request: httpx.Request) -> httpx.Response:
        self.sent += 1
        headers = {"content-type": "application/json", "content-encoding": "gzip"}
        if self.sent == 1:
            return httpx.Response(200, headers=headers, stream=_Broken(), request=request)
        return httpx.Response(
            200, headers=headers, stream=httpx.ByteStream(GZIPPED), request=request
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self._respond(request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return self._respond(request)


def _retrying(inner: _DropsOnce) -> RetryTransport:
    return RetryTransport(inner, POLICY, sleep=lambda s: None)


def test_a_body_dropped_mid_way_is_retried_for_a_get() -> None:
    inner = _DropsOnce()
    with httpx.Client(transport=_retrying(inner)) as client:
        response = client.get(URL)
    assert inner.sent == 2
    assert response.json() == {"items": []}  # the raw body was kept: gzip still decodes


def test_a_body_dropped_mid_way_is_retried_async() -> None:
    inner = _DropsOnce()

    async def _no_sleep(seconds: float) -> None:
        return None

    async def run() -> httpx.Response:
        transport = AsyncRetryTransport(inner, POLICY, sleep=_no_sleep)
        async with httpx.AsyncClient(transport=transport) as client:
            return await client.get(URL)

    assert asyncio.run(run()).json() == {"items": []}
    assert inner.sent == 2


def test_a_post_business_call_is_neither_buffered_nor_resent() -> None:
    inner = _DropsOnce()
    with (
        httpx.Client(transport=_retrying(inner)) as client,
        pytest.raises(httpx.RemoteProtocolError),
    ):
        client.post(URL, json={"a": 1})
    assert inner.sent == 1


def test_the_credential_transport_maps_a_drop_that_exhausts_the_retries() -> None:
    inner = _DropsOnce()
    transport = CredentialTransport(inner, RetryPolicy(attempts=1), provider="acme")
    with httpx.Client(transport=transport) as client, pytest.raises(ProviderUnavailableError):
        client.get(URL)


class _Fixed(httpx.BaseTransport, httpx.AsyncBaseTransport):
    def __init__(self, body: bytes, encoding: str = "gzip") -> None:
        self.body, self.encoding = body, encoding

    def _respond(self, request: httpx.Request) -> httpx.Response:
        headers = {"content-type": "application/octet-stream", "content-encoding": self.encoding}
        return httpx.Response(
            200, headers=headers, stream=httpx.ByteStream(self.body), request=request
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self._respond(request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return self._respond(request)


@pytest.mark.parametrize("encoding", ["gzip", "deflate"])
def test_a_body_not_matching_its_content_encoding_is_a_protocol_error(encoding: str) -> None:
    transport = CredentialTransport(_Fixed(b"plainly not compressed", encoding), provider="acme")
    with httpx.Client(transport=transport) as client, pytest.raises(ProtocolError):
        client.get(URL)


def test_a_body_not_matching_its_content_encoding_is_a_protocol_error_async() -> None:
    async def run() -> None:
        transport = AsyncCredentialTransport(_Fixed(b"plainly not compressed"), provider="acme")
        async with httpx.AsyncClient(transport=transport) as client:
            await client.get(URL)

    with pytest.raises(ProtocolError):
        asyncio.run(run())


def test_a_well_encoded_body_passes_the_decoding_check_whole() -> None:
    payload = os.urandom(200_000)
    transport = CredentialTransport(_Fixed(gzip.compress(payload)), provider="acme")
    with httpx.Client(transport=transport) as client:
        assert client.get(URL).content == payload


def test_retry_after_beyond_float_range_is_garbage() -> None:
    assert parse_retry_after("9" * 309) is None
    assert parse_retry_after("9" * 5000) is None
    assert parse_retry_after("9" * 308) == float("9" * 308)


def test_snippet_redacts_before_cutting() -> None:
    secret = "s3cr3t-straddling-the-cut-77"
    register(secret)
    for pad in range(370, 420):  # the old code cut at 400 characters, then redacted
        shown = snippet(" " * pad + secret)
        assert not any(secret[i : i + 8] in shown for i in range(len(secret) - 7)), shown


def test_compute_expiry_caps_absurd_lifetimes() -> None:
    now = time.time()
    assert compute_expiry(token="t", received_at=now, expires_in=1e20) == now + MAX_LIFETIME
    assert compute_expiry(token="t", received_at=now, expires_in=60) == now + 60
    # an int beyond float range is unusable, not an OverflowError: the default applies
    got = compute_expiry(token="t", received_at=now, expires_in=10**400, default_lifetime=5.0)
    assert got == now + 5.0


def test_credential_repr_survives_any_expiry() -> None:
    credential = Credential(token="t0ken-repr", obtained_at=0.0, expires_at=1e300)
    assert "t0ken-repr" not in repr(credential)
    assert Credential.from_dict({"v": 1, "token": "t0ken", "obtained_at": 10**400}) is None


def test_file_cache_removes_stale_temp_files(tmp_path: Path) -> None:
    path = tmp_path / "tokens.json"
    key = cache_key("fake", "https://auth.example", "k", ("pw",))
    folder = FileCache(path).folder
    folder.mkdir(mode=0o700)
    own = folder / f".{FileCache(path)._record(key).stem}.tmp"  # this key's, killed mid-write
    stale = folder / ".fake_v2_killed.tmp"  # another key's, killed an hour ago
    fresh = folder / ".fake_v2_writing.tmp"
    other = tmp_path / ".other.json.killed.tmp"
    for leftover in (own, stale, fresh, other):
        leftover.write_text('{"token": "half-written"}')
    old = time.time() - 3600
    os.utime(stale, (old, old))
    os.utime(other, (old, old))

    FileCache(path).set(key, Credential(token="t0ken-file", obtained_at=1.0))

    assert not own.exists()  # the key's writers are locked out: nobody's
    assert not stale.exists()  # swept (the folder's first sweep is due at once)
    assert fresh.exists()  # could be a live writer's (it would hold the lock, but be safe)
    assert other.exists()  # another cache's
    assert FileCache(path).get(key) is not None


def test_bforeai_password_expired_message_is_bounded() -> None:
    settings = Settings.build(bforeai={"username": "u", "password": "pw-123456"})
    strategy = entry("bforeai").build_strategy(settings.providers["bforeai"])
    expiration = "2024-01-01T00:00:00Z" + "y" * 10_000

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(403, json={"PasswordExpiration": expiration})

    with (
        httpx.Client(transport=httpx.MockTransport(handler)) as client,
        pytest.raises(PasswordExpiredError) as info,
    ):
        run_sync(strategy.obtain(None), client, provider="bforeai")
    assert len(str(info.value)) < 300
    assert "2024-01-01T00:00:00Z" in str(info.value)
    assert info.value.password_expired_at == expiration
