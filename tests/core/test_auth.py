from __future__ import annotations

import asyncio
import logging
import threading

import httpx
import pytest
from keyhouse._auth import KeyhouseAuth
from keyhouse._cache import MemoryCache
from keyhouse._errors import (
    AuthenticationError,
    KeyhouseError,
    ProtocolError,
    ProviderUnavailableError,
    RateLimitedError,
)
from keyhouse._lifecycle import TokenManager
from keyhouse._redact import Secret
from keyhouse._retry import RetryPolicy
from keyhouse._transport import RetryTransport

from .conftest import FakeStrategy, TokenServer

API = "https://api.example/api/thing"


def setup(server: TokenServer, **auth_kw: object) -> tuple[TokenManager, httpx.Client]:
    mgr = TokenManager(
        FakeStrategy(),
        MemoryCache(),
        "fake:key",
        client_factory=server.client,
        async_client_factory=server.async_client,
    )
    client = httpx.Client(
        transport=httpx.MockTransport(server.handle), auth=KeyhouseAuth(mgr, **auth_kw)
    )  # type: ignore[arg-type]
    return mgr, client


def async_client(server: TokenServer, mgr: TokenManager) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.MockTransport(server.ahandle), auth=KeyhouseAuth(mgr))


def test_requests_are_authenticated_with_one_login(server: TokenServer) -> None:
    _, client = setup(server)
    for _ in range(5):
        assert client.get(API).json() == {"ok": True}
    assert server.logins == 1
    assert server.api_calls == ["Bearer tok-1-secretpart"] * 5


def test_revoked_token_is_replaced_once_and_the_call_succeeds(server: TokenServer) -> None:
    _, client = setup(server)
    client.get(API)
    server.revoke_all()
    assert client.post(API, json={"a": 1}).status_code == 200
    assert server.logins == 2
    assert server.api_calls[-2:] == ["Bearer tok-1-secretpart", "Bearer tok-2-secretpart"]


def test_64_threads_seeing_the_same_401_cause_one_relogin(server: TokenServer) -> None:
    _, client = setup(server)
    client.get(API)
    server.revoke_all()
    barrier = threading.Barrier(64)
    statuses: list[int] = []

    def call() -> None:
        barrier.wait()
        statuses.append(client.get(API).status_code)

    threads = [threading.Thread(target=call) for _ in range(64)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert statuses == [200] * 64
    assert server.logins == 2


def test_second_401_raises_authentication_error(server: TokenServer) -> None:
    _, client = setup(server)
    server.api_response = lambda r: httpx.Response(401, json={"error": "nope"})
    with pytest.raises(AuthenticationError) as info:
        client.get(API)
    assert info.value.status == 401
    assert info.value.body == {"error": "nope"}
    assert server.logins == 2


def test_one_shot_body_is_not_resent_blindly(server: TokenServer) -> None:
    mgr, _ = setup(server)
    auth = KeyhouseAuth(mgr)

    def body():  # type: ignore[no-untyped-def]
        yield b"chunk"

    request = httpx.Request("POST", API, content=body())
    credential = mgr.get_sync()
    with pytest.raises(AuthenticationError, match="one-shot"):
        auth._replay(request, credential)
    auth._replay(httpx.Request("POST", API, json={"a": 1}), credential)  # bytes: fine


def test_body_is_resent_after_401(server: TokenServer) -> None:
    _, client = setup(server)
    client.get(API)
    server.revoke_all()
    bodies: list[bytes] = []

    def echo(request: httpx.Request) -> httpx.Response:
        bodies.append(request.read())
        return httpx.Response(200, json={})

    server.api_response = echo
    assert client.put(API, files={"audio": ("a.wav", b"RIFF....", "audio/wav")}).status_code == 200
    assert len(bodies) == 1
    assert b"RIFF...." in bodies[0]


@pytest.mark.parametrize(
    ("response", "error"),
    [
        (httpx.Response(429, headers={"Retry-After": "7"}, json={}), RateLimitedError),
        (httpx.Response(503, json={}), ProviderUnavailableError),
        (httpx.Response(502, text="<html>bad gateway</html>"), ProviderUnavailableError),
        (
            httpx.Response(500, text="<html>oops</html>", headers={"content-type": "text/html"}),
            ProviderUnavailableError,
        ),
        (
            httpx.Response(
                200, text="<html>login page</html>", headers={"content-type": "text/html"}
            ),
            ProtocolError,
        ),
    ],
)
def test_final_response_mapping(
    server: TokenServer, response: httpx.Response, error: type[KeyhouseError]
) -> None:
    _, client = setup(server)
    server.api_response = lambda r: response
    with pytest.raises(error) as info:
        client.get(API)
    assert info.value.provider == "fake"  # type: ignore[attr-defined]
    if isinstance(info.value, RateLimitedError):
        assert info.value.retry_after == 7.0


@pytest.mark.parametrize(
    "response",
    [
        httpx.Response(200, json={"a": 1}),
        httpx.Response(404, json={"error": "not found"}),
        httpx.Response(204),
        httpx.Response(200, content=b"%PDF-1.7 \xff", headers={"content-type": "application/pdf"}),
        httpx.Response(200, text="plain", headers={"content-type": "text/plain"}),
    ],
)
def test_valid_responses_pass_through(server: TokenServer, response: httpx.Response) -> None:
    _, client = setup(server)
    server.api_response = lambda r: response
    assert client.get(API).status_code == response.status_code


@pytest.mark.parametrize(
    "response",
    [
        httpx.Response(200, content=b'{"ok": tru', headers={"content-type": "application/json"}),
        httpx.Response(400, content=b"not json"),
    ],
)
def test_json_bodies_are_left_to_the_callers_parse(
    server: TokenServer, response: httpx.Response
) -> None:
    # The flow parses nothing (a body is parsed once, by the caller: the generated client turns
    # a bad body into ProtocolError).
    _, client = setup(server)
    server.api_response = lambda r: response
    answer = client.get(API)
    assert (answer.status_code, answer.content) == (response.status_code, response.content)


def test_check_body_can_be_turned_off(server: TokenServer) -> None:
    _, client = setup(server, check_body=False)
    server.api_response = lambda r: httpx.Response(
        200, text="<html/>", headers={"content-type": "text/html"}
    )
    assert client.get(API).status_code == 200


def test_credentials_only_go_to_the_providers_origin(server: TokenServer) -> None:
    _, client = setup(server, origin="https://api.example")
    client.get(API)
    client.get("https://elsewhere.example/api/thing")
    assert server.api_calls == ["Bearer tok-1-secretpart", ""]


def test_post_with_retrying_transport_is_sent_once(server: TokenServer) -> None:
    calls: list[str] = []

    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path.startswith("/api"):
            calls.append(request.method)
            return httpx.Response(503, json={})
        return server.handle(request)

    mgr = TokenManager(FakeStrategy(), client_factory=server.client)
    transport = RetryTransport(
        httpx.MockTransport(handle), RetryPolicy(jitter=0), sleep=lambda s: None
    )
    client = httpx.Client(transport=transport, auth=KeyhouseAuth(mgr))
    with pytest.raises(ProviderUnavailableError):
        client.post(API, json={})
    assert calls == ["POST"]
    calls.clear()
    with pytest.raises(ProviderUnavailableError):
        client.get(API)
    assert calls == ["GET"] * 4


async def test_async_flow_with_revocation(server: TokenServer) -> None:
    mgr, _ = setup(server)
    async with async_client(server, mgr) as client:
        assert (await client.get(API)).status_code == 200
        server.revoke_all()
        results = await asyncio.gather(*(client.get(API) for _ in range(200)))
    assert {r.status_code for r in results} == {200}
    assert server.logins == 2


async def test_async_1000_requests_cold_one_login(server: TokenServer) -> None:
    mgr, _ = setup(server)
    async with async_client(server, mgr) as client:
        results = await asyncio.gather(*(client.get(API) for _ in range(1000)))
    assert {r.status_code for r in results} == {200}
    assert server.logins == 1
    await mgr.aclose()


async def test_async_errors(server: TokenServer) -> None:
    mgr, _ = setup(server)
    server.api_response = lambda r: httpx.Response(401)
    async with async_client(server, mgr) as client:
        with pytest.raises(AuthenticationError):
            await client.get(API)
        server.api_response = lambda r: httpx.Response(
            200, content=b"<html/>", headers={"content-type": "text/html"}
        )
        with pytest.raises(ProtocolError):
            await client.get(API)


def test_canary_secrets_never_leak(server: TokenServer, caplog: pytest.LogCaptureFixture) -> None:
    password = Secret("pw-canary-8c1d77")
    caplog.set_level(logging.DEBUG)
    strategy = FakeStrategy(password.reveal())
    mgr = TokenManager(strategy, client_factory=server.client)
    client = httpx.Client(transport=httpx.MockTransport(server.handle), auth=KeyhouseAuth(mgr))
    client.get(API)
    token = mgr.get_sync().token
    texts = [repr(mgr), repr(mgr.get_sync()), str(mgr.get_sync()), repr(password)]
    # failures whose bodies echo the secrets
    server.login_status = 401
    server.login_body = f'{{"echo": "{password.reveal()} {token}"}}'.encode()
    server.revoke_all()
    with pytest.raises(KeyhouseError) as info:
        client.get(API)
    texts += [str(info.value), repr(info.value)]
    server.login_status = 200
    server.login_body = f"<html>{password.reveal()} {token}</html>".encode()
    mgr.invalidate()
    with pytest.raises(ProtocolError) as info2:
        mgr.get_sync()
    texts += [str(info2.value), repr(info2.value)]
    from keyhouse._redact import logger

    logger.debug("token %s password %s", token, password.reveal())
    texts.append(caplog.text)
    texts += [logging.Formatter().format(r) for r in caplog.records]
    blob = "\n".join(texts)
    assert password.reveal() not in blob
    assert token not in blob


def test_operation_refusing_fresh_tokens_costs_no_login_per_call(server: TokenServer) -> None:
    """Low: an operation that always answers 401 cost two logins per call and took the token
    from the operations that accept it. A 401 right after a fresh login invalidates nothing."""
    _, client = setup(server)

    def refuse_admin(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/admin"):
            return httpx.Response(401, json={"error": "not for you"})
        return httpx.Response(200, json={"ok": True})

    server.api_response = refuse_admin
    assert client.get(API).status_code == 200
    for _ in range(3):
        with pytest.raises(AuthenticationError):
            client.get("https://api.example/api/admin")
    assert server.logins == 2  # the first login, and one more on the first refusal
    assert client.get(API).status_code == 200
    assert server.logins == 2
    assert server.api_calls[-1] == "Bearer tok-2-secretpart"


@pytest.mark.parametrize(
    ("ctype", "body"),
    [
        ("application/x-ndjson", b'{"a": 1}\n{"b": 2}\n'),
        ("application/jsonl", b'{"a": 1}\r\n[1, 2]\r\n\r\n'),
        ("application/json-seq", b'\x1e{"a": 1}\n\x1e{"b": 2}\n'),
    ],
)
def test_json_lines_bodies_are_accepted(server: TokenServer, ctype: str, body: bytes) -> None:
    """Low: NDJSON bodies were rejected as malformed JSON (the whole body parsed as one)."""
    _, client = setup(server)
    server.api_response = lambda request: httpx.Response(
        200, content=body, headers={"content-type": ctype}
    )
    assert client.get(API).content == body
