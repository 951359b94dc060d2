"""Issue 12.4: a stuck single-flight leader is replaced; a login has an overall deadline.

Each test fails on the code before the fix: later callers kept waiting on the dead flight and
failed with "timed out waiting for a token", forever.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import threading
import time
from collections.abc import Callable

import httpx
import pytest
from keyhouse._cache import MemoryCache
from keyhouse._errors import ProviderUnavailableError
from keyhouse._lifecycle import TokenManager

from .conftest import FakeStrategy, TokenServer

pytestmark = pytest.mark.timeout(60)


def _manager(server: TokenServer, **kw: object) -> TokenManager:
    return TokenManager(
        FakeStrategy(),
        MemoryCache(),
        client_factory=server.client,
        async_client_factory=server.async_client,
        timeout=0.5,  # waiters give up after 2 * 0.5 + 1 s
        **kw,  # type: ignore[arg-type]
    )


def _block_first_login(server: TokenServer) -> tuple[threading.Event, threading.Event]:
    """The first login blocks (a leader stuck where no deadline can reach it)."""
    entered, release = threading.Event(), threading.Event()
    first = [True]

    def gate() -> None:
        if first[0]:
            first[0] = False
            entered.set()
            release.wait(30)

    server.gate = gate
    return entered, release


def _quietly(mgr: TokenManager) -> Callable[[], None]:
    def lead() -> None:
        with contextlib.suppress(Exception):
            mgr.get_sync()

    return lead


def test_timed_out_waiter_lets_a_later_caller_start_a_fresh_flight(server: TokenServer) -> None:
    mgr = _manager(server)
    entered, release = _block_first_login(server)
    leader = threading.Thread(target=_quietly(mgr), daemon=True)
    leader.start()
    try:
        assert entered.wait(10)
        with pytest.raises(ProviderUnavailableError):
            mgr.get_sync()  # waits for the stuck leader, then gives up
        assert mgr.get_sync().token.startswith("tok-")  # a fresh flight, not the dead one
        assert server.logins == 2
    finally:
        release.set()
        leader.join(10)


def test_flight_past_its_deadline_is_replaced_without_waiting(server: TokenServer) -> None:
    mgr = _manager(server)
    entered, release = _block_first_login(server)
    leader = threading.Thread(target=_quietly(mgr), daemon=True)
    leader.start()
    try:
        assert entered.wait(10)
        time.sleep(mgr._wait_timeout + 0.1)  # the leader's whole budget is spent
        assert mgr.get_sync().token.startswith("tok-")
        assert server.logins == 2
    finally:
        release.set()
        leader.join(10)


def test_async_leader_whose_loop_stopped_is_replaced(server: TokenServer) -> None:
    mgr = TokenManager(
        FakeStrategy(),
        MemoryCache(),
        client_factory=server.client,
        async_client_factory=lambda: httpx.AsyncClient(transport=httpx.MockTransport(hang)),
        timeout=5.0,  # waiters would give up only after 11 s
    )
    reached: list[asyncio.Event] = []

    async def hang(request: httpx.Request) -> httpx.Response:
        reached[0].set()
        await asyncio.Event().wait()
        raise AssertionError("unreachable")

    loop = asyncio.new_event_loop()
    tasks: list[asyncio.Future[object]] = []

    async def start() -> None:
        reached.append(asyncio.Event())
        tasks.append(asyncio.ensure_future(mgr.get_async()))
        await reached[0].wait()

    try:
        loop.run_until_complete(start())  # returns: the loop stops with the leader pending
        started = time.monotonic()
        assert mgr.get_sync().token == "tok-1-secretpart"
        assert time.monotonic() - started < 5.0  # did not wait for the stopped leader
    finally:
        for task in asyncio.all_tasks(loop):
            task.cancel()
        loop.run_until_complete(asyncio.sleep(0))
        loop.close()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork()")
def test_forked_child_does_not_inherit_a_login_in_flight(server: TokenServer) -> None:
    mgr = _manager(server)
    entered, release = _block_first_login(server)
    leader = threading.Thread(target=_quietly(mgr), daemon=True)
    leader.start()
    try:
        assert entered.wait(10)
        pid = os.fork()
        if pid == 0:  # the child: the leader thread does not exist here
            code = 1
            try:
                code = 0 if mgr.get_sync().token.startswith("tok-") else 2
            except BaseException:
                code = 3
            finally:
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0
    finally:
        release.set()
        leader.join(10)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork()")
def test_forked_child_gets_its_own_connections() -> None:
    """A child forked after the parent called a provider must not send on the parent's pooled
    connection (both processes' bytes would interleave on one socket)."""
    import httpx
    from keyhouse import Keyhouse, Settings

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/auth/login"):
            return httpx.Response(200, json={"token": "tok-fork-1234"})
        return httpx.Response(200, json={"ok": True})

    settings = Settings.build(nuxera={"username": "u", "password": "pw-123456"})
    with Keyhouse(settings, transport=httpx.MockTransport(handler)) as kh:
        parent = kh.nuxera.client.get_httpx_client()
        assert parent.get("/api/auth/me").status_code == 200
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                child = kh.nuxera.client.get_httpx_client()
                ok = child is not parent and child.get("/api/auth/me").status_code == 200
                code = 0 if ok else 2
            except BaseException:
                code = 3
            finally:
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0
        assert kh.nuxera.client.get_httpx_client() is parent  # the parent keeps its own
