"""Issue 12.8: a Redis password in the URL's query string (``?password=…``, which redis-py
accepts) appeared in repr(Keyhouse), repr(Settings), the unreachable-cache WARNING and
``keyhouse providers``; a malformed Redis URL must not be echoed whole either."""

from __future__ import annotations

import logging

import pytest
from keyhouse import ConfigurationError, Keyhouse, Settings
from keyhouse._cache import RedisCache
from keyhouse._cli import main
from keyhouse._credential import Credential

from .conftest import closed_port_url
from .test_cache import K

PASSWORD = "redis-query-canary-5b1e"
KEY = "userinfo-canary-77aa"


def _url() -> str:
    return closed_port_url() + f"?password={PASSWORD}&db=0"


def test_settings_and_keyhouse_reprs_hide_a_query_password() -> None:
    settings = Settings.from_env({"KEYHOUSE_CACHE": _url()})
    assert PASSWORD not in repr(settings)
    with Keyhouse(settings) as kh:
        assert PASSWORD not in repr(kh)
        assert "password=***" in repr(kh)


def test_unreachable_cache_warning_hides_a_query_password(
    caplog: pytest.LogCaptureFixture,
) -> None:
    cache = RedisCache(_url(), socket_timeout=0.5)
    with caplog.at_level(logging.WARNING, logger="keyhouse"):
        cache.set(K, Credential(token="tok-abcdef", obtained_at=0.0, expires_at=2e9))
    cache.close()
    assert "unreachable" in caplog.text
    assert PASSWORD not in caplog.text


def test_providers_command_hides_a_query_password(capsys: pytest.CaptureFixture[str]) -> None:
    env = {
        "KEYHOUSE_CACHE": _url(),
        "KEYHOUSE_NUXERA_USERNAME": "u",
        "KEYHOUSE_NUXERA_PASSWORD": "p",
    }
    assert main(["providers"], env) == 0
    out = capsys.readouterr().out
    assert "redis://" in out
    assert PASSWORD not in out


@pytest.mark.parametrize(
    "url",
    [
        f"redis://[::1/0?password={PASSWORD}",
        f"redis:/host/0?password={PASSWORD}",
        f"redis://:{KEY}@host:port/0?password={PASSWORD}",
        f"redis://host/0?password={PASSWORD}&socket_timeout=abc",
    ],
)
def test_malformed_redis_url_is_not_echoed(url: str) -> None:
    with (
        pytest.raises(ConfigurationError) as caught,
        Keyhouse(Settings.from_env({"KEYHOUSE_CACHE": url})),
    ):
        pass
    assert PASSWORD not in str(caught.value)
    assert KEY not in str(caught.value)
    shown: str
    try:
        shown = repr(Settings.from_env({"KEYHOUSE_CACHE": url}))
    except ConfigurationError as exc:
        shown = str(exc)
    assert PASSWORD not in shown
