"""Starting, stopping, addresses, the command line and the admin routes."""

from __future__ import annotations

import os
import shlex
import socket
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


def _serve(*args: str) -> tuple[subprocess.Popen[str], str]:
    """``python -m keyhouse_sandbox --port 0 ARGS``: the process and what it printed first."""
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "keyhouse_sandbox", "--port", "0", *args],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        cwd=root,
    )
    assert proc.stdout is not None
    exports = sum(len(env_for(p, "http://x")) for p in PROVIDERS)  # --env prints only these
    lines: list[str] = []
    for line in proc.stdout:
        lines.append(line)
        if "Ctrl-C" in line or ("--env" in args and len(lines) == exports):
            break
    return proc, "".join(lines)


def _exports(text: str) -> dict[str, str]:
    env = {}
    for line in text.splitlines():
        if line.startswith("export "):
            key, _, value = line.removeprefix("export ").partition("=")
            (env[key],) = shlex.split(value)
    return env


def test_command_line_prints_base_urls_and_credentials() -> None:
    proc, text = _serve()
    try:
        url = text.split("keyhouse sandbox on ", 1)[1].split()[0]
        for p in PROVIDERS:
            assert f"{url}/{p}\n" in text
        assert DEMO_CREDENTIALS["ovok"]["client_id"] in text
        r = httpx.post(
            url + "/nuxera/api/auth/login", json={"username": "x", "password": "y"}, timeout=10
        )
        assert r.status_code == 401
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.mark.parametrize("flag", [(), ("--env",)], ids=["default", "env-only"])
def test_command_line_prints_ready_export_lines(flag: tuple[str, ...]) -> None:
    """One paste of the printed lines and the facade works against it (issue 14.11)."""
    from keyhouse import Keyhouse

    proc, text = _serve(*flag)
    try:
        env = _exports(text)
        assert env == {
            k: v
            for p in PROVIDERS
            for k, v in env_for(p, env[f"KEYHOUSE_{p.upper()}_BASE_URL"]).items()
        }
        if flag:
            assert all(line.startswith("export KEYHOUSE_") for line in text.splitlines())
        with Keyhouse.from_env(env) as kh:
            for p in PROVIDERS:
                assert kh.token(p)
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_command_line_port_in_use_is_a_message_not_a_traceback(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``keyhouse-sandbox`` on a busy port says so (issue 14.9)."""
    from keyhouse_sandbox.__main__ import main

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert f"port {port} on 127.0.0.1 is already in use" in err
    assert "--port 0" in err
