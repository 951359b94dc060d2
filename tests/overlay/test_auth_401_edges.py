"""Edges of the auth flow's 401 handling, and its error messages, on the sandbox.

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
from keyhouse import ProviderUnavailableError
from keyhouse_sandbox import Sandbox

from tests.overlay.test_faults import _kh

pytestmark = pytest.mark.timeout(60)

SYNC = pytest.mark.parametrize("sync", [True, False], ids=["sync", "async"])
CONTACTS = "/api/v1/contacts"
IMIASSIST_HEADERS = ("x-api-key", "x-api-token", "authorization")


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
