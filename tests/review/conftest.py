"""Fixtures of the cache review: the sandbox (keyhouse_sandbox's pytest plugin) and Redis."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from keyhouse_sandbox.pytest_plugin import sandbox, sandbox_server

from tests.redis_server import RedisServer, redis_server

__all__ = ["own_redis", "sandbox", "sandbox_server"]


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[RedisServer]:
    """A redis-server of this test alone (it gets paused)."""
    with redis_server(tmp_path) as server:
        yield server
