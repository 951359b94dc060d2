"""Streamed request bodies in the retry loop, the mirror of the response side's read-ahead (see
test_reliability_fixes): at most ~1 MiB is read ahead, a body that fits is kept for a resend,
a larger one streams on and is sent once, whatever the answer.

``_Records`` stands in for a server where one cannot tell: how much of the body had been pulled
when the request went out, and what the first (503) try carried. The rest runs on the sandbox.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from keyhouse import AuthenticationError, ProviderConnectionError, ProviderUnavailableError
from keyhouse._retry import READ_AHEAD
from keyhouse._transport import AsyncRetryTransport, RetryTransport
from keyhouse_sandbox import Sandbox

from tests.core.test_reliability_fixes import CHUNK, POLICY, URL
from tests.overlay.test_faults import _kh

LARGE = 64  # chunks: 4 MiB, four times what is read ahead
SMALL = 4
PUT = "PUT /api/v1/contacts/{contact_id}"
SYNC = pytest.mark.parametrize("sync", [True, False], ids=["sync", "async"])


class _Body:
    """``count`` chunks as a generator (sync or async), counting those pulled."""

    def __init__(self, count: int, head: bytes = b"", tail: bytes = b"") -> None:
        self.count, self.head, self.tail, self.pulled = count, head, tail, 0

    def chunks(self) -> Iterator[bytes]:
        yield self.head
        for _ in range(self.count):
            self.pulled += 1
            yield CHUNK
        yield self.tail

    async def achunks(self) -> AsyncIterator[bytes]:
        for chunk in self.chunks():
            yield chunk

    def content(self, sync: bool) -> Iterator[bytes] | AsyncIterator[bytes]:
        return self.chunks() if sync else self.achunks()


class _Records(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Answers ``statuses`` in turn; records the chunks pulled when each request arrived, and
    the bytes it carried."""

    def __init__(self, body: _Body, *statuses: int) -> None:
        self.body, self.statuses = body, statuses
        self.pulled: list[int] = []
        self.sent: list[bytes] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.pulled.append(self.body.pulled)
        assert isinstance(request.stream, httpx.SyncByteStream)
        self.sent.append(b"".join(request.stream))
        return httpx.Response(self.statuses[len(self.sent) - 1])

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.pulled.append(self.body.pulled)
        assert isinstance(request.stream, httpx.AsyncByteStream)
        self.sent.append(b"".join([chunk async for chunk in request.stream]))
        return httpx.Response(self.statuses[len(self.sent) - 1])


def _put(records: _Records, sync: bool) -> int:
    """PUT ``records.body`` through a retrying transport over ``records``: the final status."""
    content = records.body.content(sync)
    if sync:
        with httpx.Client(transport=RetryTransport(records, POLICY)) as client:
            return client.put(URL, content=content).status_code

    async def run() -> int:
        async with httpx.AsyncClient(transport=AsyncRetryTransport(records, POLICY)) as client:
            return (await client.put(URL, content=content)).status_code

    return asyncio.run(run())


@SYNC
def test_a_large_streamed_put_goes_out_after_the_read_ahead_not_the_whole_body(sync: bool) -> None:
    """A 4 MiB generator body is not held in memory whole: the request goes out once ~1 MiB
    has been read ahead, and the rest streams on behind it."""
    records = _Records(_Body(LARGE), 200)
    assert _put(records, sync) == 200
    assert records.pulled == [READ_AHEAD // len(CHUNK) + 1]  # not all 64 chunks
    assert records.sent == [b"".join(_Body(LARGE).chunks())]  # nothing lost or doubled


@SYNC
def test_a_small_streamed_put_is_kept_and_resent_whole_after_a_503(sync: bool) -> None:
    records = _Records(_Body(SMALL), 503, 200)
    assert _put(records, sync) == 200
    assert records.sent == [CHUNK * SMALL] * 2


def _contact(chunks: int, sync: bool) -> Iterator[bytes] | AsyncIterator[bytes]:
    """A JSON contact padded with ``chunks`` chunks, as a generator."""
    return _Body(chunks, b'{"first_name": "Jane", "notes": "', b'"}').content(sync)


def _upload(sandbox: Sandbox, content: Any, sync: bool, before: Callable[[], object]) -> int:
    """Create an IMIASSIST contact, call ``before``, then PUT ``content`` to it through the
    facade (retrying): the PUT's status."""
    if sync:
        with _kh(sandbox) as kh:
            client = kh.imiassist.client.get_httpx_client()
            contact = client.post("/api/v1/contacts", json={}).json()["contact_id"]
            before()
            return client.put(f"/api/v1/contacts/{contact}", content=content).status_code

    async def run() -> int:
        async with _kh(sandbox) as kh:
            client = kh.imiassist.client.get_async_httpx_client()
            contact = (await client.post("/api/v1/contacts", json={})).json()["contact_id"]
            before()
            return (await client.put(f"/api/v1/contacts/{contact}", content=content)).status_code

    return asyncio.run(run())


@SYNC
def test_a_large_streamed_put_arrives_whole(sandbox: Sandbox, sync: bool) -> None:
    assert _upload(sandbox, _contact(LARGE, sync), sync, lambda: None) == 200


@SYNC
def test_a_large_streamed_put_answered_503_is_sent_once(sandbox: Sandbox, sync: bool) -> None:
    """A body larger than the read-ahead cannot be resent: the 503 is the caller's typed error."""
    faults = sandbox.faults("imiassist")
    with pytest.raises(ProviderUnavailableError):
        _upload(sandbox, _contact(LARGE, sync), sync, lambda: faults.fail_5xx(1, endpoint=PUT))
    assert sandbox.counters("imiassist").requests[PUT] == 1


def test_a_large_file_put_answered_503_is_sent_once(sandbox: Sandbox, tmp_path: Path) -> None:
    (tmp_path / "upload").write_bytes(b"".join(_Body(LARGE).chunks()))
    faults = sandbox.faults("imiassist")
    with (tmp_path / "upload").open("rb") as file, pytest.raises(ProviderUnavailableError):
        _upload(sandbox, file, True, lambda: faults.fail_5xx(1, endpoint=PUT))
    assert sandbox.counters("imiassist").requests[PUT] == 1


def test_a_large_streamed_put_whose_answer_drops_is_sent_once(sandbox: Sandbox) -> None:
    faults = sandbox.faults("imiassist")
    with pytest.raises(ProviderConnectionError):
        _upload(
            sandbox, _contact(LARGE, True), True, lambda: faults.drop_connections(1, endpoint=PUT)
        )
    assert sandbox.counters("imiassist").requests[PUT] == 1


@SYNC
def test_a_large_streamed_put_refused_with_401_is_not_resent(sandbox: Sandbox, sync: bool) -> None:
    """After a 401 the auth flow would resend the request with a fresh token: a body that
    streamed past the read-ahead is spent, so that is the typed one-shot error instead."""
    faults = sandbox.faults("imiassist")
    with pytest.raises(AuthenticationError, match="one-shot"):
        _upload(sandbox, _contact(LARGE, sync), sync, faults.revoke_all_tokens)
    assert sandbox.counters("imiassist").requests[PUT] == 1


@SYNC
def test_a_small_streamed_put_refused_with_401_is_resent(sandbox: Sandbox, sync: bool) -> None:
    """A body within the read-ahead was kept in memory: the 401's resend carries it whole."""
    faults = sandbox.faults("imiassist")
    assert _upload(sandbox, _contact(SMALL, sync), sync, faults.revoke_all_tokens) == 200
    assert sandbox.counters("imiassist").requests[PUT] == 2
