"""Edges of the auth flow's 401 handling, and its error messages, on the sandbox.

- a large streamed upload (sent once, never resent) refused with 401 twice in a row costs one
  login, not one per call;
- a 401 from another origin a redirect led to is that origin's answer: the provider's token is
  kept and no login follows;
- a final 502/503/504 says its status once.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from keyhouse import AuthenticationError, ProviderUnavailableError
from keyhouse_sandbox import Sandbox

from tests.core.test_upload_streams import LARGE, PUT, _contact
from tests.overlay.test_faults import _kh

pytestmark = pytest.mark.timeout(60)

SYNC = pytest.mark.parametrize("sync", [True, False], ids=["sync", "async"])
CONTACTS = "/api/v1/contacts"
IMIASSIST_HEADERS = ("x-api-key", "x-api-token", "authorization")


def _large_puts(sandbox: Sandbox, sync: bool, revokes: tuple[bool, ...]) -> list[str]:
    """On one IMIASSIST client: create a contact, then PUT a 4 MiB streamed body to it once per
    entry of ``revokes`` (every token revoked first when true). Each PUT's status, or the
    message of its AuthenticationError."""
    faults = sandbox.faults("imiassist")
    results: list[str] = []

    def before(revoke: bool) -> None:
        if revoke:
            faults.revoke_all_tokens()

    if sync:
        with _kh(sandbox) as kh:
            client = kh.imiassist.client.get_httpx_client()
            url = f"{CONTACTS}/{client.post(CONTACTS, json={}).json()['contact_id']}"
            for revoke in revokes:
                before(revoke)
                try:
                    results.append(str(client.put(url, content=_contact(LARGE, True)).status_code))
                except AuthenticationError as exc:
                    results.append(exc.message)
        return results

    async def run() -> None:
        async with _kh(sandbox) as kh:
            client = kh.imiassist.client.get_async_httpx_client()
            url = f"{CONTACTS}/{(await client.post(CONTACTS, json={})).json()['contact_id']}"
            for revoke in revokes:
                before(revoke)
                try:
                    response = await client.put(url, content=_contact(LARGE, False))
                    results.append(str(response.status_code))
                except AuthenticationError as exc:
                    results.append(exc.message)

    asyncio.run(run())
    return results


@SYNC
def test_a_large_upload_refused_twice_costs_one_login_not_one_per_call(
    sandbox: Sandbox, sync: bool
) -> None:
    """The first 401 may be a dead token: log in once, and the one-shot body is the error.
    The fresh token's first 401 on the same operation (the sandbox refuses it again, as a
    provider refusing the operation with any token would) is the second 401 after a login:
    raised at once, no new login (before the fix: a login on every such call)."""
    results = _large_puts(sandbox, sync, (True, True, True))
    assert "one-shot" in results[0]
    assert all("freshly issued" in r for r in results[1:]), results
    counters = sandbox.counters("imiassist")
    assert counters.logins == 2  # the POST's, then the one after the first 401
    assert counters.requests[PUT] == 3  # each sent once


@SYNC
def test_a_large_upload_after_a_dead_token_goes_out_with_the_fresh_one(
    sandbox: Sandbox, sync: bool
) -> None:
    """The token the first 401 brought is tried on the next call, not refused unseen."""
    assert _large_puts(sandbox, sync, (True, False))[1:] == ["200"]
    counters = sandbox.counters("imiassist")
    assert counters.logins == 2
    assert counters.requests[PUT] == 2


class _Refuses(BaseHTTPRequestHandler):
    """Another origin: records each request's headers, answers 401."""

    seen: list[dict[str, str]]

    def _answer(self) -> None:
        self.seen.append({k.lower(): v for k, v in self.headers.items()})
        self.rfile.read(int(self.headers.get("content-length") or 0))
        body = b'{"error": "unauthorized"}'
        self.send_response(401)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def refusing_host() -> Iterator[tuple[str, list[dict[str, str]]]]:
    seen: list[dict[str, str]] = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), type("Refuses", (_Refuses,), {"seen": seen}))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/landing", seen
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@SYNC
def test_a_401_from_another_origin_keeps_the_token(
    sandbox: Sandbox, refusing_host: tuple[str, list[dict[str, str]]], sync: bool
) -> None:
    """The sandbox redirects to another port of 127.0.0.1, which answers 401: that answer is
    returned as it is, the token is not invalidated and no login follows (before the fix: a
    login, and the request resent)."""
    location, seen = refusing_host
    sandbox.faults("imiassist").redirect(location, endpoint=f"POST {CONTACTS}")

    async def apost() -> tuple[int, str]:
        async with _kh(sandbox) as kh:
            token = await kh.atoken("imiassist")
            client = kh.imiassist.client.get_async_httpx_client()
            response = await client.post(CONTACTS, json={}, follow_redirects=True)
            assert await kh.atoken("imiassist") == token
            return response.status_code, str(response.request.url)

    if sync:
        with _kh(sandbox) as kh:
            token = kh.token("imiassist")
            client = kh.imiassist.client.get_httpx_client()
            response = client.post(CONTACTS, json={}, follow_redirects=True)
            assert kh.token("imiassist") == token
            status, url = response.status_code, str(response.request.url)
    else:
        status, url = asyncio.run(apost())
    assert (status, url) == (401, location)
    counters = sandbox.counters("imiassist")
    assert counters.logins == 1
    assert counters.requests[f"POST {CONTACTS}"] == 1
    assert len(seen) == 1
    assert [h for h in IMIASSIST_HEADERS if h in seen[0]] == []


@pytest.mark.parametrize("status", [502, 503, 504])
def test_a_final_5xx_says_its_status_once(sandbox: Sandbox, status: int) -> None:
    """Before: "POST /api/v1/contacts answered 503 (HTTP 503)"."""
    sandbox.faults("imiassist").fail_5xx(1, status=status, endpoint=f"POST {CONTACTS}")
    with _kh(sandbox) as kh, pytest.raises(ProviderUnavailableError) as info:
        kh.imiassist.client.get_httpx_client().post(CONTACTS, json={})
    message = str(info.value)
    assert info.value.status == status
    assert message.count(str(status)) == 1, message
    assert f"{CONTACTS} failed" in message
