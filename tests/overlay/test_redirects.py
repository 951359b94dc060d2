"""Issue 12.3: no credential header follows a redirect to another origin.

The sandbox's ``redirect`` fault answers 307 with a ``Location`` on another origin (a plain
recording HTTP server on another port of 127.0.0.1); the test follows it with
``follow_redirects=True`` and checks every header the other host received. httpx strips only
``Authorization`` on a cross-origin hop, so before the fix bfore.ai's ``X-Authorization``,
IMIASSIST's ``X-Api-Key``/``X-Api-Token`` and Nuxera's ``x-api-key`` arrived there.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest
from keyhouse import Keyhouse
from keyhouse_sandbox import BFOREAI_DEMO_API_KEY, Sandbox

from .conftest import environment

pytestmark = pytest.mark.timeout(60)


class _Recorder(BaseHTTPRequestHandler):
    """Another origin: records each request's headers, answers ``status`` with a JSON body."""

    seen: list[dict[str, str]]
    status: int
    body: bytes

    def _answer(self) -> None:
        self.seen.append({k.lower(): v for k, v in self.headers.items()})
        length = int(self.headers.get("content-length") or 0)
        if length:
            self.rfile.read(length)
        self.send_response(self.status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    do_GET = do_POST = _answer

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def recording_host(
    status: int = 200, body: bytes = b"{}"
) -> Iterator[tuple[str, list[dict[str, str]]]]:
    """A server on another port of 127.0.0.1: the URL to redirect to, and what it received."""
    seen: list[dict[str, str]] = []
    attributes = {"seen": seen, "status": status, "body": body}
    server = ThreadingHTTPServer(("127.0.0.1", 0), type("Recorder", (_Recorder,), attributes))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/landing", seen
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.fixture
def other_host() -> Iterator[tuple[str, list[dict[str, str]]]]:
    with recording_host() as host:
        yield host


# provider -> (extra settings, method, path of a business operation, credential headers)
CASES = {
    "bforeai": (
        {"KEYHOUSE_BFOREAI_API_KEY": BFOREAI_DEMO_API_KEY},
        "GET",
        "/v2/feed/intel",  # accepts the API key (apiKeyAuth)
        ("x-authorization", "authorization"),
    ),
    "imiassist": ({}, "POST", "/api/v1/contacts", ("x-api-key", "x-api-token", "authorization")),
    "nuxera": ({}, "POST", "/api/transcribe", ("x-api-key", "authorization")),
    "ovok": ({}, "GET", "/auth/session", ("authorization",)),
    "cardioexplorer": ({}, "GET", "/api/ccs/v1/tests/t-1/result", ("authorization",)),
}


def _configure(sandbox: Sandbox, name: str, location: str) -> tuple[dict[str, str], str, str]:
    extra, method, path, _ = CASES[name]
    env = environment(sandbox, name)
    if extra:  # the API-key form of bfore.ai instead of username and password
        env = {k: v for k, v in env.items() if not k.endswith(("_USERNAME", "_PASSWORD"))}
    env.update(extra)
    sandbox.faults(name).redirect(location, endpoint=path.replace("t-1", "{id}"))
    return env, method, path


@pytest.mark.parametrize("name", sorted(CASES))
def test_no_credential_header_reaches_another_origin(
    sandbox: Sandbox, other_host: tuple[str, list[dict[str, str]]], name: str
) -> None:
    location, seen = other_host
    env, method, path = _configure(sandbox, name, location)
    with Keyhouse.from_env(env) as kh:
        client = kh.client(name).client.get_httpx_client()
        response = client.request(method, path, json={}, follow_redirects=True)
    assert response.status_code == 200
    assert len(seen) == 1, "the redirect was not followed"
    leaked = [h for h in CASES[name][3] if h in seen[0]]
    assert leaked == []


@pytest.mark.parametrize("name", ["bforeai", "imiassist", "nuxera"])
def test_no_credential_header_reaches_another_origin_async(
    sandbox: Sandbox, other_host: tuple[str, list[dict[str, str]]], name: str
) -> None:
    location, seen = other_host
    env, method, path = _configure(sandbox, name, location)

    async def main() -> int:
        async with Keyhouse.from_env(env) as kh:
            client = kh.client(name).client.get_async_httpx_client()
            response = await client.request(method, path, json={}, follow_redirects=True)
            return response.status_code

    assert asyncio.run(main()) == 200
    assert len(seen) == 1
    assert [h for h in CASES[name][3] if h in seen[0]] == []


def test_same_origin_calls_still_carry_the_credentials(sandbox: Sandbox) -> None:
    """The headers are written per hop: a normal call (and one redirected back to the same
    origin) is still authenticated."""
    env = environment(sandbox, "imiassist")
    base = sandbox.base_url("imiassist")
    sandbox.faults("imiassist").redirect(base + "/api/v1/contacts", endpoint="/api/v1/contacts")
    with Keyhouse.from_env(env) as kh:
        client = kh.imiassist.client.get_httpx_client()
        response = client.post("/api/v1/contacts", json={}, follow_redirects=True)
    assert response.status_code in (200, 201)
    assert len(response.history) == 1


def test_request_hooks_never_see_custom_credential_headers(sandbox: Sandbox) -> None:
    """Low finding: a logging request hook printed ``X-Api-Key``/``X-Api-Token`` in full
    (httpx's header repr masks only ``Authorization``)."""
    env = environment(sandbox, "imiassist")
    logged: list[str] = []
    with Keyhouse.from_env(env) as kh:
        client = kh.imiassist.client.get_httpx_client()
        client.event_hooks["request"].append(lambda r: logged.append(repr(r.headers)))
        client.event_hooks["response"].append(lambda r: logged.append(repr(r.request.headers)))
        assert client.post("/api/v1/contacts", json={}).status_code in (200, 201)
        credential = kh.manager("imiassist").current()
    assert credential is not None
    secrets = [credential.token, credential.extra["api_key"]]
    assert logged
    assert not [line for line in logged for s in secrets if s in line]


def test_non_ascii_issued_token_is_a_typed_error() -> None:
    """Low finding: a non-ASCII token raised a raw ``UnicodeEncodeError`` while its header was
    written (IMIASSIST's ``X-Api-Token``)."""
    from keyhouse import ProtocolError

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/auth/login"):
            return httpx.Response(200, json={"access": "acc-1234", "refresh": "ref-1234"})
        if request.url.path.endswith("/auth/token"):
            return httpx.Response(
                200,
                json={
                    "api_key": "kéy-1234",
                    "token": "tøken-1234",
                    "created_at": "2026-01-01T00:00:00Z",
                    "expires_at": "2099-01-01T00:00:00Z",
                },
            )
        return httpx.Response(200, json={})

    env = {
        "KEYHOUSE_IMIASSIST_EMAIL": "a@b.example",
        "KEYHOUSE_IMIASSIST_PASSWORD": "pw-123456",
        "KEYHOUSE_IMIASSIST_SUBDOMAIN": "x",
        "KEYHOUSE_IMIASSIST_DOMAIN": "example.org",
    }
    with (
        Keyhouse.from_env(env, transport=httpx.MockTransport(handler)) as kh,
        pytest.raises(ProtocolError, match="ASCII"),
    ):
        kh.imiassist.client.get_httpx_client().post("/api/v1/contacts", json={})
