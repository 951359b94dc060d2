"""Issue 12 lows in the sandbox: its ``--admin`` routes refuse what a web page could send
(CSRF, DNS rebinding), bad bodies are 4xx not 500, and SIGTERM stops a server that holds a
request in a latency fault."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
from keyhouse_sandbox import Sandbox

pytestmark = pytest.mark.timeout(60)

FAULT = {"provider": "ovok", "fault": "fail_5xx", "args": {"n": 1}}


@pytest.fixture(scope="module")
def admin_sandbox() -> Iterator[Sandbox]:
    with Sandbox(providers=["ovok"], admin=True, validate=False) as sb:
        yield sb


def test_admin_refuses_a_foreign_host_header(admin_sandbox: Sandbox) -> None:
    """DNS rebinding: a page on evil.example resolving to 127.0.0.1 sends its own Host."""
    url = admin_sandbox.url + "/_admin/faults"
    r = httpx.post(url, json=FAULT, headers={"host": "evil.example"})
    assert r.status_code == 403
    r = httpx.get(admin_sandbox.url + "/_admin/counters/ovok", headers={"host": "evil.example"})
    assert r.status_code == 403
    assert admin_sandbox.faults("ovok").pending == []
    ok = httpx.post(
        url, json={**FAULT, "fault": "clear", "args": {}}, headers={"host": "localhost"}
    )
    assert ok.status_code == 200


@pytest.mark.parametrize(
    "ctype", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data", None]
)
def test_admin_refuses_non_json_content_types(admin_sandbox: Sandbox, ctype: str | None) -> None:
    """CSRF: a cross-origin "simple" request can POST text/plain or a form, never JSON."""
    headers = {"content-type": ctype} if ctype else {}
    body = b'{"provider": "ovok", "fault": "fail_5xx", "args": {"n": 1}}'
    r = httpx.post(admin_sandbox.url + "/_admin/faults", content=body, headers=headers)
    assert r.status_code == 415
    r = httpx.post(admin_sandbox.url + "/_admin/reset", content=b"", headers=headers)
    assert r.status_code == 415
    assert admin_sandbox.faults("ovok").pending == []


@pytest.mark.parametrize(
    "body", [b"{not json", b"[1, 2]", b'"text"', b"\xff\xfe", b"[" * 100_000 + b"]" * 100_000]
)
@pytest.mark.parametrize("route", ["faults", "lifetimes", "tenants"])
def test_malformed_admin_body_is_a_400(admin_sandbox: Sandbox, route: str, body: bytes) -> None:
    r = httpx.post(
        f"{admin_sandbox.url}/_admin/{route}",
        content=body,
        headers={"content-type": "application/json"},
    )
    assert r.status_code == 400


def test_deeply_nested_json_on_a_provider_route_is_a_4xx() -> None:
    with Sandbox(providers=["ovok", "imiassist"], validate=False) as sb:
        deep = b"[" * 100_000 + b"]" * 100_000
        for url in (
            sb.base_url("ovok") + "/v2/auth/login",
            sb.base_url("imiassist") + "/api/v1/auth/login",
        ):
            r = httpx.post(url, content=deep, headers={"content-type": "application/json"})
            assert 400 <= r.status_code < 500, url


@pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM")
def test_sigterm_stops_a_server_holding_a_request_in_a_latency_fault() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "keyhouse_sandbox", "--port", "0", "--admin"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        match = re.search(r"http://[\d.]+:\d+", first)
        assert match, first
        url = match.group()
        deadline = time.monotonic() + 20
        while True:
            try:
                httpx.get(url + "/_admin/counters/ovok", timeout=1)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline
                time.sleep(0.05)
        latency = {"provider": "ovok", "fault": "latency", "args": {"seconds": 3600}}
        assert httpx.post(url + "/_admin/faults", json=latency).status_code == 200

        def hold() -> None:
            with contextlib.suppress(httpx.HTTPError):
                httpx.get(url + "/ovok/auth/session", timeout=30)

        held = threading.Thread(target=hold, daemon=True)
        held.start()
        time.sleep(0.5)  # the request is in the server, sleeping
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=15) is not None
    finally:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
