"""Shared helpers for the core tests: a tiny sans-IO strategy and an in-memory token server."""

from __future__ import annotations

import asyncio
import itertools
import threading
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from keyhouse._credential import Credential, compute_expiry, refresh_usable
from keyhouse._errors import ProtocolError
from keyhouse._flow import (
    Flow,
    expect_json,
    raise_for_status,
    received_at,
    server_date,
    token_request,
)

from tests.redis_server import free_port

BASE = "https://auth.example"


class FakeStrategy:
    """Login with a password, refresh with a refresh token when it has one."""

    provider = "fake"
    identity = "user@example.org"
    cacheable = True

    def __init__(self, password: str = "pw-canary-0001", base_url: str = BASE) -> None:
        self.password = password
        self.base_url = base_url

    def key_material(self) -> tuple[str, ...]:
        return (self.password,)

    def obtain(self, previous: Credential | None) -> Flow:
        if refresh_usable(previous, time.time()):
            assert previous is not None
            response = yield token_request(
                "POST",
                f"{BASE}/refresh",
                kind="refresh",
                json={"refresh_token": previous.refresh_token},
            )
            if response.status_code != 401:
                return self._credential(response)
        response = yield token_request(
            "POST", f"{BASE}/login", json={"user": self.identity, "password": self.password}
        )
        return self._credential(response)

    def _credential(self, response: httpx.Response) -> Credential:
        raise_for_status(response, self.provider)
        body = expect_json(response, self.provider)
        token = body.get("token") if isinstance(body, dict) else None
        if not isinstance(token, str) or not token:
            raise ProtocolError("response is missing field 'token'", provider=self.provider)
        return Credential(
            token=token,
            obtained_at=received_at(response),
            expires_at=compute_expiry(
                token=token,
                received_at=received_at(response),
                expires_in=body.get("expires_in"),
                server_date=server_date(response),
                default_lifetime=3600,
            ),
            refresh_token=body.get("refresh_token"),
        )

    def apply(self, request: httpx.Request, credential: Credential) -> None:
        request.headers["Authorization"] = "Bearer " + credential.token


class TokenServer:
    """Issues tokens tok-1, tok-2, ... and serves /api/* for the latest valid one."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.counter = itertools.count(1)
        self.logins = 0
        self.refreshes = 0
        self.api_calls: list[str] = []
        self.valid: set[str] = set()
        self.expires_in: Any = 3600
        self.issue_refresh = False
        self.login_status = 200
        self.login_body: bytes | None = None
        self.gate: Callable[[], None] | None = None  # called inside login (blocks the leader)
        self.api_response: Callable[[httpx.Request], httpx.Response] | None = None

    def _issue(self) -> httpx.Response:
        token = f"tok-{next(self.counter)}-secretpart"
        self.valid.add(token)
        body: dict[str, Any] = {"token": token, "expires_in": self.expires_in}
        if self.issue_refresh:
            body["refresh_token"] = f"ref-{token}"
        return httpx.Response(200, json=body)

    def handle(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path == "/login":
            with self.lock:
                self.logins += 1
            if self.gate is not None:
                self.gate()
            if self.login_status != 200 or self.login_body is not None:
                return httpx.Response(self.login_status, content=self.login_body or b"{}")
            with self.lock:
                return self._issue()
        if path == "/refresh":
            with self.lock:
                self.refreshes += 1
                return self._issue()
        auth = request.headers.get("authorization", "")
        with self.lock:
            self.api_calls.append(auth)
            ok = auth.removeprefix("Bearer ") in self.valid
        if not ok:
            return httpx.Response(401, json={"error": "unauthorized"})
        if self.api_response is not None:
            return self.api_response(request)
        return httpx.Response(200, json={"ok": True})

    async def ahandle(self, request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(0.01)
        return await asyncio.to_thread(self.handle, request)

    def revoke_all(self) -> None:
        with self.lock:
            self.valid.clear()

    def client(self) -> httpx.Client:
        return httpx.Client(transport=httpx.MockTransport(self.handle))

    def async_client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=httpx.MockTransport(self.ahandle))


@pytest.fixture
def server() -> TokenServer:
    return TokenServer()


def closed_port_url() -> str:
    return f"redis://127.0.0.1:{free_port()}/0"
