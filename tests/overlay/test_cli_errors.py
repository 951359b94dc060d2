"""The ``keyhouse`` command shows no traceback: every problem is a clear message, exit code 1
(a provider configured but not installed, a provider name it does not know, a malformed
``KEYHOUSE_CACHE``); ``keyhouse providers`` shows its table despite a configuration problem."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from keyhouse import _registry
from keyhouse._cli import main
from keyhouse._registry import REGISTRY
from keyhouse_sandbox import Sandbox

from .test_sixth_provider import _env, acme

__all__ = ["acme"]

OVOK = {
    "KEYHOUSE_OVOK_EMAIL": "a@example.org",
    "KEYHOUSE_OVOK_PASSWORD": "pw-cli-errors-1",
    "KEYHOUSE_OVOK_CLIENT_ID": "5e505642-9024-474d-9434-e5a44f505cc5",
}
NUXERA = {"KEYHOUSE_NUXERA_USERNAME": "u", "KEYHOUSE_NUXERA_PASSWORD": "pw-cli-errors-2"}


def _output(capsys: pytest.CaptureFixture[str]) -> str:
    captured = capsys.readouterr()
    text = captured.out + captured.err
    assert "Traceback" not in text
    return text


@pytest.mark.parametrize("command", ["check", "token"])
def test_a_configured_provider_without_its_package_names_what_to_install(
    command: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "keyhouse_ovok", None)  # not importable, nor found
    monkeypatch.setattr(REGISTRY, "_entries", {})  # its entry read again: no auth.json
    assert main([command, "ovok"], OVOK) == 1
    text = _output(capsys)
    assert 'pip install "keyhouse[ovok]"' in text
    assert "generated/ovok" in text


def test_a_provider_package_missing_a_dependency_names_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The package is there but one of its own imports is not (a broken install): a typed
    error naming the missing module and what to reinstall, not an ImportError traceback."""
    for name in [n for n in sys.modules if n == "keyhouse_ovok" or n.startswith("keyhouse_ovok.")]:
        monkeypatch.delitem(sys.modules, name)  # imported afresh; put back after the test
    monkeypatch.setitem(sys.modules, "attrs", None)  # the generated models' dependency
    monkeypatch.setattr(REGISTRY, "_entries", {})
    before = set(sys.modules)
    try:
        assert main(["check", "ovok"], OVOK) == 1
    finally:
        for name in set(sys.modules) - before:  # the half-imported package's modules
            del sys.modules[name]
    text = _output(capsys)
    assert "'attrs'" in text
    assert 'pip install "keyhouse[ovok]"' in text


def test_a_provider_package_without_a_readable_auth_json_says_so(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(_registry, "_read_auth", lambda name: None)  # importable, no auth.json
    monkeypatch.setattr(REGISTRY, "_entries", {})
    assert main(["check", "ovok"], OVOK) == 1
    text = _output(capsys)
    assert "'keyhouse_ovok' declares no way to obtain ovok tokens" in text
    assert 'pip install "keyhouse[ovok]"' in text


def test_token_of_an_unknown_provider_lists_the_known(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["token", "nosuch"], {}) == 1
    err = capsys.readouterr().err
    assert "unknown provider 'nosuch'" in err
    assert all(name in err for name in REGISTRY)


def test_token_of_a_provider_discovered_from_its_spec(
    acme: Path, sandbox: Sandbox, capsys: pytest.CaptureFixture[str]
) -> None:
    assert "acme" not in REGISTRY  # not offered: found by its installed package
    assert main(["token", "acme"], _env(sandbox)) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    assert len(out.strip()) >= 8


@pytest.mark.parametrize("command", ["check", "providers"])
def test_a_cache_setting_that_is_no_url_is_shown_whole(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([command], {**NUXERA, "KEYHOUSE_CACHE": "FILE:/tmp/x"}) == 1
    assert "got 'FILE:/tmp/x'" in _output(capsys)


@pytest.mark.parametrize(
    "cache", ["redis:/:pw-canary-cli-3@host/0", "redis//host/0?password=pw-canary-cli-3"]
)
def test_a_cache_setting_with_user_info_or_a_query_is_still_redacted(
    cache: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check"], {**NUXERA, "KEYHOUSE_CACHE": cache}) == 1
    text = _output(capsys)
    assert "KEYHOUSE_CACHE" in text
    assert "pw-canary-cli-3" not in text


@pytest.mark.parametrize(
    "cache",
    [
        "cachehost:6380,password=pw-canary-rl-9",  # StackExchange.Redis / Azure connection string
        "redis:pw-canary-rl-9",  # a password pasted after the scheme
    ],
)
@pytest.mark.parametrize("command", ["check", "providers"])
def test_a_malformed_cache_setting_holding_a_password_is_not_printed(
    command: str, cache: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Only ``memory`` and ``file:`` values are shown whole: a Redis connection string in the
    ``host:port,password=…`` form (what Azure shows) or a bare ``redis:<password>`` reached
    the terminal with its password once values without '://', '@', '?' or '#' were."""
    assert main([command], {**NUXERA, "KEYHOUSE_CACHE": cache}) == 1
    captured = capsys.readouterr()
    text = captured.out + captured.err
    assert "KEYHOUSE_CACHE" in text
    assert "pw-canary-rl-9" not in text, text


def _rows(out: str) -> dict[str, list[str]]:
    return {line.split()[0]: line.split() for line in out.splitlines() if line.strip()}


def test_providers_shows_its_table_despite_a_provider_problem(
    capsys: pytest.CaptureFixture[str],
) -> None:
    env = {**NUXERA, "KEYHOUSE_OVOK_EMAIL": "a@example.org"}  # no password
    assert main(["providers"], env) == 1
    captured = capsys.readouterr()
    rows = _rows(captured.out)
    assert rows["nuxera"][:3] == ["nuxera", "yes", "yes"]
    assert rows["ovok"][:3] == ["ovok", "yes", "invalid"]
    assert rows["bforeai"][:3] == ["bforeai", "yes", "no"]
    assert "KEYHOUSE_OVOK_PASSWORD is missing" in captured.err
    assert "Traceback" not in captured.out + captured.err


def test_providers_shows_its_table_despite_a_global_problem(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["providers"], {**NUXERA, "KEYHOUSE_TIMEOUT": "soon"}) == 1
    captured = capsys.readouterr()
    assert _rows(captured.out)["nuxera"][:3] == ["nuxera", "yes", "yes"]
    assert "KEYHOUSE_TIMEOUT must be a number" in captured.err
