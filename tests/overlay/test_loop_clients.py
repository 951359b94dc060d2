"""Issue 12.5: each ``asyncio.run()`` left an event loop, an ``httpx.AsyncClient`` and a
socket alive (300 runs: 301 live loops and clients, one more fd each). The per-loop clients of
the facade and of the token manager are now closed when their loop shuts down."""

from __future__ import annotations

import asyncio
import gc
import os

import httpx
import pytest
from keyhouse import Keyhouse
from keyhouse_sandbox import Sandbox

from .conftest import environment

pytestmark = pytest.mark.timeout(120)

RUNS = 300


def _live(kind: type) -> int:
    gc.collect()
    return sum(1 for o in gc.get_objects() if isinstance(o, kind))


def _fds() -> int:
    return len(os.listdir("/proc/self/fd"))


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="counts fds in /proc")
def test_300_asyncio_runs_leave_no_loop_client_or_socket_behind(sandbox: Sandbox) -> None:
    with Keyhouse.from_env(environment(sandbox, "ovok")) as kh:

        async def call() -> None:
            # the token manager's per-loop client (login) and the facade's (business call)
            kh.invalidate("ovok")
            response = await kh.ovok.client.get_async_httpx_client().get("/auth/session")
            assert response.status_code == 200

        asyncio.run(call())  # warm up: imports, the first connection
        loops, clients, fds = (
            _live(asyncio.AbstractEventLoop),
            _live(httpx.AsyncClient),
            _fds(),
        )
        for _ in range(RUNS):
            asyncio.run(call())
        assert _live(asyncio.AbstractEventLoop) - loops <= 2
        assert _live(httpx.AsyncClient) - clients <= 2
        assert _fds() - fds <= 4
