"""Nothing blocking runs on the event loop: the file and Redis caches are touched from worker
threads only, on every async path including a token the provider keeps rejecting (issue 9.5)."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from keyhouse._auth import KeyhouseAuth
from keyhouse._errors import AuthenticationError
from keyhouse._lifecycle import TokenManager

from tests.redis_server import redis_server

from .conftest import FakeStrategy, TokenServer

API = "https://api.example/api/thing"

# ``lock()`` only builds a context manager; entering it is what blocks (and runs in a thread).
_WATCHED = ("get", "set", "delete")


def _watch(cache: Any) -> list[str]:
    """Record every cache call made on a thread that is running an event loop."""
    on_loop: list[str] = []
    for name in _WATCHED:
        original: Callable[..., Any] = getattr(cache, name)

        @functools.wraps(original)
        def call(*args: Any, _name: str = name, _original: Any = original, **kw: Any) -> Any:
            if asyncio._get_running_loop() is not None:
                on_loop.append(_name)
            return _original(*args, **kw)

        setattr(cache, name, call)
    return on_loop


@pytest.fixture(params=["file", "redis"])
def blocking_cache(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Any]:
    if request.param == "file":
        from keyhouse._cache import FileCache

        yield FileCache(tmp_path / "tokens.json")
        return
    from keyhouse._cache import RedisCache

    with redis_server(tmp_path) as server:
        cache = RedisCache(server.url)
        yield cache
        cache.close()


async def test_the_401_path_never_blocks_the_loop(server: TokenServer, blocking_cache: Any) -> None:
    on_loop = _watch(blocking_cache)
    manager = TokenManager(
        FakeStrategy(),
        blocking_cache,
        client_factory=server.client,
        async_client_factory=server.async_client,
    )
    transport = httpx.MockTransport(server.ahandle)
    async with httpx.AsyncClient(transport=transport, auth=KeyhouseAuth(manager)) as client:
        assert (await client.get(API)).status_code == 200  # login, cache set
        server.revoke_all()
        assert (await client.get(API)).status_code == 200  # 401, invalidate, re-login
        server.api_response = lambda r: httpx.Response(401)  # every token refused
        with pytest.raises(AuthenticationError):
            await client.get(API)
    assert server.logins >= 2
    assert on_loop == []


async def test_arevoke_never_blocks_the_loop(server: TokenServer, blocking_cache: Any) -> None:
    """Sign-out (issue 9.7) reads and deletes the shared record from worker threads only."""
    on_loop = _watch(blocking_cache)
    manager = TokenManager(
        FakeStrategy(),
        blocking_cache,
        client_factory=server.client,
        async_client_factory=server.async_client,
    )
    first = await manager.get_async()
    await manager.arevoke()
    assert await asyncio.to_thread(blocking_cache.get, manager.key) is None
    assert (await manager.get_async()).token != first.token
    assert server.logins == 2
    assert on_loop == []
