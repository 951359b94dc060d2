"""Errors say where a request went (issue 14.8): method, host and path, and whether the host
was the documented default because ``KEYHOUSE_<PROVIDER>_BASE_URL`` was unset."""

from __future__ import annotations

import socket

import httpx
import pytest
from keyhouse import Keyhouse, ProtocolError, ProviderUnavailableError, RetryPolicy, Settings
from keyhouse._flow import where
from keyhouse_sandbox import DEMO_CREDENTIALS, Sandbox

ONCE = RetryPolicy(attempts=1)


def _nuxera(base_url: str) -> Keyhouse:
    creds = DEMO_CREDENTIALS["nuxera"]
    settings = Settings.build(
        nuxera={"username": creds["username"], "password": creds["password"], "base_url": base_url},
        retry=ONCE,
    )
    return Keyhouse(settings)


def test_404_names_method_host_and_path(sandbox: Sandbox) -> None:
    base = sandbox.url  # no provider prefix: the sandbox has no such route
    with _nuxera(base) as kh, pytest.raises(ProtocolError) as info:
        kh.token("nuxera")
    message = str(info.value)
    assert f"POST {base}/api/auth/login" in message
    assert "HTTP 404" in message
    assert "documented default" not in message  # BASE_URL was set


def test_connection_error_names_method_host_and_path() -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with _nuxera(f"http://127.0.0.1:{port}") as kh, pytest.raises(ProviderUnavailableError) as e:
        kh.token("nuxera")
    assert f"POST http://127.0.0.1:{port}/api/auth/login" in str(e.value)
    assert "could not reach" in str(e.value)


@pytest.mark.parametrize(
    ("provider", "url", "variable"),
    [
        ("nuxera", "https://api.nuxera.ai/api/auth/login", "KEYHOUSE_NUXERA_BASE_URL"),
        ("ovok", "https://api.sandbox.ovok.com/v2/auth/login", "KEYHOUSE_OVOK_BASE_URL"),
    ],
)
def test_the_documented_default_host_is_called_so(provider: str, url: str, variable: str) -> None:
    text = where(httpx.Request("POST", url + "?x=1"), provider)
    assert text.startswith(f"POST {url};")  # no query string
    assert f"is the documented default, used when {variable} is unset" in text


def test_another_host_gets_no_default_note() -> None:
    text = where(httpx.Request("POST", "https://staging.nuxera.example/api/auth/login"), "nuxera")
    assert text == "POST https://staging.nuxera.example/api/auth/login"
