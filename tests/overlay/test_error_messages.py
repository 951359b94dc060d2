"""Errors say where a request went (issue 14.8): method, host and path, and whether the host
was the documented default because ``KEYHOUSE_<PROVIDER>_BASE_URL`` was unset."""

from __future__ import annotations

import re
import socket
import sys

import httpx
import pytest
from keyhouse import Keyhouse, ProtocolError, ProviderUnavailableError, RetryPolicy, Settings
from keyhouse._errors import where
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


# --- issue 14.9: typed errors, not tracebacks ---------------------------------------------------


def test_redis_cache_without_redis_installed(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``KEYHOUSE_CACHE=redis://…`` without the extra: a ConfigurationError naming the extra,
    from the API and from the CLI (exit 1, no traceback)."""
    from keyhouse import ConfigurationError
    from keyhouse._cli import main

    for name in [m for m in sys.modules if m == "redis" or m.startswith("redis.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "redis", None)  # import redis -> ModuleNotFoundError
    env = {
        "KEYHOUSE_CACHE": "redis://127.0.0.1:6379/0",
        "KEYHOUSE_NUXERA_USERNAME": "u",
        "KEYHOUSE_NUXERA_PASSWORD": "p",
        "KEYHOUSE_NUXERA_BASE_URL": "http://127.0.0.1:9",
    }
    expected = r'pip install "keyhouse\[redis\]"'
    with pytest.raises(ConfigurationError, match=expected), Keyhouse.from_env(env) as kh:
        kh.token("nuxera")
    assert main(["check", "nuxera"], environ=env) == 1
    err = capsys.readouterr().err
    assert 'pip install "keyhouse[redis]"' in err
    assert "Traceback" not in err


def test_demo_runs_the_installed_providers_and_names_the_rest(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from keyhouse._cli import main

    for gone in ("keyhouse_cardioexplorer", "keyhouse_imiassist"):
        for name in [m for m in sys.modules if m == gone or m.startswith(gone + ".")]:
            monkeypatch.delitem(sys.modules, name)
        monkeypatch.setitem(sys.modules, gone, None)  # not installed
    assert main(["demo"], environ={}) == 0
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    out = captured.out
    assert "CardioExplorer     skipped: keyhouse_cardioexplorer is not installed" in out
    assert "pip install keyhouse-cardioexplorer" in out
    assert "pip install keyhouse-imiassist" in out
    for title in ("bfore.ai PreCrime", "Ovok", "Nuxera AI"):
        line = next(line for line in out.splitlines() if line.strip().startswith(title))
        assert "FAILED" not in line
        assert "skipped" not in line
    assert "skipped: the async side calls every provider" in out


# --- issue 14.12: README environment section, --version, grammar -------------------------------


def test_readme_lists_every_global_variable() -> None:
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    source = (root / "overlays" / "keyhouse" / "_settings.py").read_text(encoding="utf-8")
    readme = (root / "README.md").read_text(encoding="utf-8")
    environment = readme.split("### Environment", 1)[1].split("\n### ", 1)[0]
    variables = set(re.findall(r'"(KEYHOUSE_[A-Z]+)"', source))
    assert variables >= {"KEYHOUSE_CACHE", "KEYHOUSE_TIMEOUT", "KEYHOUSE_LEEWAY"}
    for variable in sorted(variables):
        assert f"`{variable}`" in environment, variable


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    import keyhouse
    from keyhouse._cli import main

    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"keyhouse {keyhouse.__version__}")
    assert "ovok " in out  # the installed clients' versions


@pytest.mark.parametrize(
    ("variable", "text"),
    [
        ("KEYHOUSE_OVOK_USERNAME", "is not an Ovok setting"),
        ("KEYHOUSE_IMIASSIST_USERNAME", "is not an IMIASSIST setting"),
        ("KEYHOUSE_NUXERA_EMAIL", "is not a Nuxera AI setting"),
    ],
)
def test_articles(variable: str, text: str) -> None:
    from keyhouse import ConfigurationError

    with pytest.raises(ConfigurationError, match=text):
        Settings.from_env({variable: "x"})
