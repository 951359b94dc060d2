"""Counters: logins, refreshes and requests per provider and endpoint."""

from __future__ import annotations

import threading
from collections.abc import Callable

import httpx
from keyhouse_sandbox import DEMO_CREDENTIALS, Sandbox

from .conftest import login

Client = Callable[[str], httpx.Client]


def test_logins_refreshes_and_requests(sandbox: Sandbox, client: Client) -> None:
    c = client("ovok")
    cr = DEMO_CREDENTIALS["ovok"]
    body = {"email": cr["email"], "password": cr["password"], "clientId": cr["client_id"]}
    refresh = c.post("/v2/auth/login", json=body).json()["refreshToken"]
    c.post("/v2/auth/login", json={**body, "password": "wrong"})
    c.post("/auth/refresh-token", json={"refresh_token": refresh})
    snap = sandbox.counters("ovok")
    assert (snap.logins, snap.refreshes, snap.total) == (1, 1, 3)
    assert snap.requests["POST /v2/auth/login"] == 2
    assert snap.requests["POST /auth/refresh-token"] == 1
    assert sandbox.counters("nuxera").total == 0
    sandbox.reset_counters("ovok")
    assert sandbox.counters("ovok").total == 0


def test_path_templates_key_the_requests(sandbox: Sandbox, client: Client) -> None:
    c = client("ovok")
    h = login(c, "ovok")
    c.delete("/auth/session/00000000-0000-0000-0000-000000000000", headers=h)
    c.delete("/auth/session/all", headers=h)
    assert sandbox.counters("ovok").requests["DELETE /auth/session/{option}"] == 2


def test_counters_are_thread_safe(sandbox: Sandbox) -> None:
    url = sandbox.base_url("nuxera") + "/api/auth/me"

    def hit() -> None:
        with httpx.Client() as c:
            for _ in range(25):
                c.get(url)

    threads = [threading.Thread(target=hit) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sandbox.counters("nuxera").requests["GET /api/auth/me"] == 200


def test_imiassist_and_bforeai_count_token_renewals(sandbox: Sandbox, client: Client) -> None:
    login(client("imiassist"), "imiassist")
    assert (sandbox.counters("imiassist").logins, sandbox.counters("imiassist").refreshes) == (1, 1)
    b = client("bforeai")
    h = login(b, "bforeai")
    b.get("/user/renew", headers=h)
    assert (sandbox.counters("bforeai").logins, sandbox.counters("bforeai").refreshes) == (1, 1)
