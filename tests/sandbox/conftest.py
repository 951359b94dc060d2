"""Sandbox tests: one server per session (the plugin's fixtures), reset around every test."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import httpx
import pytest
from keyhouse_sandbox import DEMO_CREDENTIALS, Sandbox
from keyhouse_sandbox.pytest_plugin import sandbox, sandbox_server

__all__ = ["sandbox", "sandbox_server"]


@pytest.fixture
def client(sandbox: Sandbox) -> Iterator[Callable[[str], httpx.Client]]:
    """``client("ovok")``: an httpx client on that provider's base URL."""
    clients: list[httpx.Client] = []

    def make(provider: str) -> httpx.Client:
        c = httpx.Client(base_url=sandbox.base_url(provider), timeout=10)
        clients.append(c)
        return c

    yield make
    for c in clients:
        c.close()


def login(c: httpx.Client, provider: str) -> dict[str, str]:
    """Log in with the demo credentials; returns the headers the business calls need."""
    cr = DEMO_CREDENTIALS[provider]
    if provider == "cardioexplorer":
        r = c.post(
            "/api/organization-auth/authenticate",
            json={
                "clientId": cr["client_id"],
                "clientSecret": cr["client_secret"],
                "scope": cr["scope"],
            },
        )
        r.raise_for_status()
        return {"authorization": "Bearer " + r.json()["data"]["accessToken"]}
    if provider == "bforeai":
        r = c.post("/user/login", json=cr)
        r.raise_for_status()
        return {"authorization": "Bearer " + r.json()["Token"]}
    if provider == "imiassist":
        r = c.post("/api/v1/auth/login", json=cr)
        r.raise_for_status()
        access = {"authorization": "Bearer " + r.json()["access"]}
        t = c.post("/api/v1/auth/token", headers=access)
        t.raise_for_status()
        return {"x-api-key": t.json()["api_key"], "x-api-token": t.json()["token"], **access}
    if provider == "ovok":
        r = c.post(
            "/v2/auth/login",
            json={"email": cr["email"], "password": cr["password"], "clientId": cr["client_id"]},
        )
        r.raise_for_status()
        return {"authorization": "Bearer " + r.json()["accessToken"]}
    if provider == "nuxera":
        r = c.post("/api/auth/login", json={"username": cr["username"], "password": cr["password"]})
        r.raise_for_status()
        return {"authorization": "Bearer " + r.json()["token"]}
    raise AssertionError(provider)


#: One cheap authenticated GET-or-POST per provider, for fault and counter tests.
PROBE: dict[str, tuple[str, str]] = {
    "cardioexplorer": ("POST", "/api/auth/magic-links/generate"),
    "bforeai": ("GET", "/authheader/list"),
    "imiassist": ("GET", "/api/v1/auth/token"),
    "ovok": ("GET", "/auth/session"),
    "nuxera": ("GET", "/api/auth/me"),
}
