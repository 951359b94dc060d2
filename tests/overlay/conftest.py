"""Fixtures: the sandbox (from keyhouse_sandbox's pytest plugin), its environment, a Keyhouse."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from keyhouse import Keyhouse
from keyhouse_sandbox import Sandbox, env_for
from keyhouse_sandbox.pytest_plugin import sandbox, sandbox_server

__all__ = ["env", "kh", "sandbox", "sandbox_server"]

from tests.specdata import PROVIDERS


def environment(sb: Sandbox, *names: str) -> dict[str, str]:
    env: dict[str, str] = {}
    for name in names or PROVIDERS:
        env.update(env_for(name, sb.base_url(name)))
    return env


@pytest.fixture
def env(sandbox: Sandbox) -> dict[str, str]:
    """KEYHOUSE_* variables configuring all five providers against the sandbox."""
    return environment(sandbox)


@pytest.fixture
def kh(env: dict[str, str]) -> Iterator[Keyhouse]:
    with Keyhouse.from_env(env) as keyhouse:
        yield keyhouse
