"""Review of a61e93a..main, KEYHOUSE_CACHE in messages (af30c26): tests written first that fail
on main."""

from __future__ import annotations

import pytest
from keyhouse._cli import main

NUXERA = {"KEYHOUSE_NUXERA_USERNAME": "u", "KEYHOUSE_NUXERA_PASSWORD": "pw-review-late-1"}


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
    """safe_cache now prints whole any value without '://', '@', '?' or '#': a Redis
    connection string in the ``host:port,password=…`` form (what Azure shows) or a bare
    ``redis:<password>`` reaches the terminal with its password. Before af30c26 such a value
    showed its scheme only, or '<malformed>'."""
    assert main([command], {**NUXERA, "KEYHOUSE_CACHE": cache}) == 1
    captured = capsys.readouterr()
    text = captured.out + captured.err
    assert "KEYHOUSE_CACHE" in text
    assert "pw-canary-rl-9" not in text, text
