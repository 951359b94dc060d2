"""Issue 12 lows: ``keyhouse check`` with a far-future cache record; ``*.localhost``."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from keyhouse import Keyhouse, Settings
from keyhouse._cli import main
from keyhouse._credential import Credential
from keyhouse._settings import check_base_url


def test_check_survives_a_cache_record_beyond_year_9999(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    env = {
        "KEYHOUSE_CACHE": f"file:{tmp_path / 'tokens.json'}",
        "KEYHOUSE_NUXERA_USERNAME": "doctor.far",
        "KEYHOUSE_NUXERA_PASSWORD": "pw-far-future-1",
    }
    with Keyhouse(Settings.from_env(env)) as kh:
        manager = kh.manager("nuxera")
        far = Credential(token="far-future-token-1", obtained_at=time.time(), expires_at=1e13)
        manager.cache.set(manager.key, far)
    assert main(["check", "nuxera"], env) == 0
    out = capsys.readouterr().out
    assert "nuxera" in out
    assert "ok" in out
    assert "far-future-token-1" not in out


@pytest.mark.parametrize("host", ["evil.localhost", "a.b.localhost", "localhost.example"])
def test_only_localhost_itself_counts_as_loopback(host: str) -> None:
    _, problem = check_base_url(f"http://{host}:8080/api")
    assert problem is not None
    assert "HTTPS" in problem


@pytest.mark.parametrize("host", ["localhost", "LOCALHOST", "127.0.0.1", "[::1]"])
def test_loopback_hosts_may_use_plain_http(host: str) -> None:
    assert check_base_url(f"http://{host}:8080/api")[1] is None
