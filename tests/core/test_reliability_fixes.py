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
from keyhouse._flow import drive_sync
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


CHUNK = b"x" * 65_536
CHUNKS = 100  # 6.4 MB: far past what the retry loop reads ahead


class _Large(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A large body, counting the chunks pulled from it; ``drop_after`` breaks it off."""

    def __init__(self, drop_after: int | None = None) -> None:
        self.pulled, self.drop_after, self.closed = 0, drop_after, False

    def _next(self) -> bytes:
        if self.pulled == self.drop_after:
            raise httpx.RemoteProtocolError("peer closed connection without sending complete body")
        self.pulled += 1
        return CHUNK

    def __iter__(self) -> Iterator[bytes]:
        for _ in range(CHUNKS):
            yield self._next()

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for _ in range(CHUNKS):
            yield self._next()

    def close(self) -> None:
        self.closed = True

    async def aclose(self) -> None:
        self.closed = True


class _Serves(httpx.BaseTransport, httpx.AsyncBaseTransport):
    def __init__(self, body: _Large) -> None:
        self.body, self.sent = body, 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.sent += 1
        return httpx.Response(200, stream=self.body, request=request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return self.handle_request(request)


def test_a_large_get_streams_past_what_the_retry_loop_reads_ahead() -> None:
    """A streamed GET gets its first bytes before the whole body is in memory: the retry loop
    reads ahead at most ~1 MiB (a drop within it is retried), then the body streams on."""
    body = _Large()
    transport = CredentialTransport(_Serves(body), POLICY, provider="acme")
    with httpx.Client(transport=transport) as client, client.stream("GET", URL) as response:
        chunks = response.iter_raw()
        assert next(chunks)
        assert body.pulled <= 2**20 // len(CHUNK) + 2  # not the 100 chunks of the whole body
        assert len(CHUNK) + sum(map(len, chunks)) == CHUNKS * len(CHUNK)  # nothing lost
    assert body.closed


@pytest.mark.parametrize("sync", [True, False], ids=["sync", "async"])
def test_a_drop_past_the_read_ahead_is_a_typed_error_not_a_resend(sync: bool) -> None:
    """Past the read-ahead the body is the caller's: a drop there is a typed error, and the
    request is not sent again (its first megabyte may have been used already)."""
    body = _Large(drop_after=50)
    served = _Serves(body)
    if sync:
        transport = CredentialTransport(served, POLICY, provider="acme")
        with httpx.Client(transport=transport) as client, pytest.raises(ProviderUnavailableError):
            client.get(URL)
    else:

        async def run() -> None:
            transport = AsyncCredentialTransport(served, POLICY, provider="acme")
            async with httpx.AsyncClient(transport=transport) as client:
                await client.get(URL)

        with pytest.raises(ProviderUnavailableError):
            asyncio.run(run())
    assert served.sent == 1


def test_a_large_async_get_streams_too() -> None:
    body = _Large()

    async def run() -> int:
        transport = AsyncCredentialTransport(_Serves(body), POLICY, provider="acme")
        async with (
            httpx.AsyncClient(transport=transport) as client,
            client.stream("GET", URL) as response,
        ):
            chunks = response.aiter_raw()
            first = await chunks.__anext__()
            pulled = body.pulled
            rest = [chunk async for chunk in chunks]
        assert len(first) + sum(map(len, rest)) == CHUNKS * len(CHUNK)
        return pulled

    assert asyncio.run(run()) <= 2**20 // len(CHUNK) + 2
    assert body.closed


class _AsyncLarge(httpx.AsyncByteStream):
    """An async-only large body, as httpx's own async transports give (no ``close``)."""

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for _ in range(CHUNKS):
            yield CHUNK


class _LargeUnavailableOnce(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """A 503 with a large body, then a 200."""

    def __init__(self) -> None:
        self.sent = 0

    def _respond(
        self, request: httpx.Request, large: httpx.SyncByteStream | httpx.AsyncByteStream
    ) -> httpx.Response:
        self.sent += 1
        if self.sent == 1:
            return httpx.Response(503, stream=large, request=request)
        return httpx.Response(200, json={"items": []}, request=request)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self._respond(request, _Large())

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return self._respond(request, _AsyncLarge())


@pytest.mark.parametrize("sync", [True, False], ids=["sync", "async"])
def test_a_large_retryable_answer_is_let_go_and_retried(sync: bool) -> None:
    """A 503 whose body is larger than the read-ahead is retried like any 503 (its body, which
    nobody reads, is not streamed on)."""
    inner = _LargeUnavailableOnce()
    if sync:
        with httpx.Client(transport=CredentialTransport(inner, POLICY, provider="acme")) as c:
            assert c.get(URL).json() == {"items": []}
    else:

        async def run() -> httpx.Response:
            transport = AsyncCredentialTransport(inner, POLICY, provider="acme")
            async with httpx.AsyncClient(transport=transport) as client:
                return await client.get(URL)

        assert asyncio.run(run()).json() == {"items": []}
    assert inner.sent == 2


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
        drive_sync(strategy.obtain(None), client, provider="bforeai")
    assert len(str(info.value)) < 300
    assert "2024-01-01T00:00:00Z" in str(info.value)
    assert info.value.password_expired_at == expiration
