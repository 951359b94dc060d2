"""Starting, stopping, addresses, the command line and the admin routes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from keyhouse_sandbox import DEMO_CREDENTIALS, PROVIDERS, Sandbox, env_for


def test_start_stop_and_base_urls() -> None:
    sb = Sandbox(providers=["ovok"])
    with sb:
        assert sb.base_url("ovok") == f"http://127.0.0.1:{sb.port}/ovok"
        r = httpx.post(sb.base_url("ovok") + "/v2/auth/login", json={})
        assert r.status_code == 422  # fields missing: "could not be validated"
        with pytest.raises(KeyError):
            sb.base_url("nuxera")
    with pytest.raises(httpx.ConnectError):
        httpx.post(f"http://127.0.0.1:{sb.port}/ovok/v2/auth/login", json={})


def test_two_sandboxes_get_distinct_free_ports() -> None:
    with Sandbox(providers=["oauth2"]) as a, Sandbox(providers=["oauth2"]) as b:
        assert a.port != b.port


def test_serves_every_provider(sandbox: Sandbox) -> None:
    assert sandbox.providers == PROVIDERS
    described = sandbox.describe()
    for p in PROVIDERS:
        assert described[p]["base_url"] == sandbox.base_url(p)
        assert described[p]["credentials"] == DEMO_CREDENTIALS[p]


def test_unknown_provider_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown providers"):
        Sandbox(providers=["nope"])


def test_env_for_uses_keyhouse_names() -> None:
    env = env_for("imiassist", "http://127.0.0.1:1/imiassist")
    assert env["KEYHOUSE_IMIASSIST_EMAIL"] == DEMO_CREDENTIALS["imiassist"]["email"]
    assert env["KEYHOUSE_IMIASSIST_SUBDOMAIN"] == "healthcarecomms"
    assert env["KEYHOUSE_IMIASSIST_BASE_URL"].endswith("/imiassist")
    assert set(env_for("cardioexplorer")) == {
        "KEYHOUSE_CARDIOEXPLORER_CLIENT_ID",
        "KEYHOUSE_CARDIOEXPLORER_CLIENT_SECRET",
        "KEYHOUSE_CARDIOEXPLORER_SCOPE",
    }


def test_admin_routes_are_off_unless_enabled() -> None:
    with Sandbox(providers=["ovok"]) as sb:
        assert httpx.post(sb.url + "/_admin/reset").status_code == 404
    with Sandbox(providers=["ovok"], admin=True) as sb:
        r = httpx.post(
            sb.url + "/_admin/faults",
            json={"provider": "ovok", "fault": "fail_5xx", "args": {"n": 1}},
        )
        assert r.status_code == 200
        assert httpx.get(sb.base_url("ovok") + "/auth/session").status_code == 503
        assert httpx.get(sb.base_url("ovok") + "/auth/session").status_code == 401
        counters = httpx.get(sb.url + "/_admin/counters/ovok").json()
        assert counters["requests"]["GET /auth/session"] == 2
        assert counters["faulted"] == 1
        r = httpx.post(sb.url + "/_admin/lifetimes", json={"provider": "ovok", "access": 5})
        assert r.json()["access"] == 5
        bad = httpx.post(sb.url + "/_admin/faults", json={"provider": "ovok", "fault": "rm -rf"})
        assert bad.status_code == 400
        assert httpx.post(sb.url + "/_admin/reset", json={}).status_code == 200
        assert sb.counters("ovok").total == 0
        assert sb.lifetimes("ovok")["access"] == 3600


def test_command_line_prints_base_urls_and_credentials() -> None:
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "keyhouse_sandbox", "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        cwd=root,
    )
    try:
        assert proc.stdout is not None
        lines = []
        for line in proc.stdout:
            lines.append(line)
            if "Ctrl-C" in line:
                break
        text = "".join(lines)
        url = text.split("keyhouse sandbox on ", 1)[1].split()[0]
        for p in PROVIDERS:
            assert f"{p}: {url}/{p}" in text
        assert DEMO_CREDENTIALS["ovok"]["client_id"] in text
        r = httpx.post(
            url + "/nuxera/api/auth/login", json={"username": "x", "password": "y"}, timeout=10
        )
        assert r.status_code == 401
    finally:
        proc.terminate()
        proc.wait(timeout=10)
