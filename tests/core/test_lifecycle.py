from __future__ import annotations

import asyncio
import multiprocessing
import threading
import time
from pathlib import Path

import httpx
import pytest
from keyhouse._cache import FileCache, MemoryCache, TokenCache
from keyhouse._credential import Credential
from keyhouse._errors import AuthenticationError, ProtocolError, ProviderUnavailableError
from keyhouse._lifecycle import TokenManager

from .conftest import FakeStrategy, TokenServer

#: the cache key of ``manager()``'s configuration
KEY = TokenManager(FakeStrategy(), key="fake:key").key


def manager(server: TokenServer, cache: TokenCache | None = None, **kw: float) -> TokenManager:
    return TokenManager(
        FakeStrategy(),
        cache or MemoryCache(),
        "fake:key",
        client_factory=server.client,
        async_client_factory=server.async_client,
        **kw,
    )


def count_waiters(mgr: TokenManager) -> list[int]:
    """Wrap the manager's wait so the test knows when every thread is waiting."""
    waiting = [0]
    original = mgr._wait_sync
    lock = threading.Lock()

    def wait(future):  # type: ignore[no-untyped-def]
        with lock:
            waiting[0] += 1
        return original(future)

    mgr._wait_sync = wait  # type: ignore[method-assign]
    return waiting


def gate_until(condition, timeout: float = 20.0):  # type: ignore[no-untyped-def]
    def gate() -> None:
        deadline = time.monotonic() + timeout
        while not condition() and time.monotonic() < deadline:
            time.sleep(0.005)

    return gate


def run_threads(n: int, target) -> list[object]:  # type: ignore[no-untyped-def]
    results: list[object] = [None] * n
    barrier = threading.Barrier(n)

    def work(i: int) -> None:
        barrier.wait()
        try:
            results[i] = target()
        except Exception as exc:
            results[i] = exc

    threads = [threading.Thread(target=work, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


def test_64_threads_cold_cache_one_login(server: TokenServer) -> None:
    mgr = manager(server)
    waiting = count_waiters(mgr)
    server.gate = gate_until(lambda: waiting[0] >= 63)
    results = run_threads(64, lambda: mgr.get_sync().token)
    assert server.logins == 1
    assert mgr.logins == 1
    assert waiting[0] == 63
    assert set(results) == {"tok-1-secretpart"}


def test_failed_login_wakes_every_waiter_with_that_error(server: TokenServer) -> None:
    server.login_status = 401
    mgr = manager(server)
    waiting = count_waiters(mgr)
    server.gate = gate_until(lambda: waiting[0] >= 63)
    results = run_threads(64, mgr.get_sync)
    assert server.logins == 1
    assert all(isinstance(r, AuthenticationError) for r in results)
    assert len({id(r) for r in results}) == 1  # the leader's error, shared
    # the next call tries again (no negative caching of failures)
    server.login_status = 200
    assert mgr.get_sync().token.startswith("tok-")
    assert server.logins == 2


async def test_1000_tasks_cold_cache_one_login(server: TokenServer) -> None:
    mgr = manager(server)
    tokens = await asyncio.gather(*(mgr.get_async() for _ in range(1000)))
    assert server.logins == 1
    assert mgr.logins == 1
    assert {t.token for t in tokens} == {"tok-1-secretpart"}
    await mgr.aclose()


async def test_1000_tasks_share_a_failure(server: TokenServer) -> None:
    server.login_body = b"<html>gateway</html>"
    mgr = manager(server)
    results = await asyncio.gather(*(mgr.get_async() for _ in range(1000)), return_exceptions=True)
    assert server.logins == 1
    assert all(isinstance(r, ProtocolError) for r in results)
    await mgr.aclose()


def test_threads_and_event_loops_share_one_flight(server: TokenServer) -> None:
    mgr = manager(server)
    release = threading.Event()
    server.gate = lambda: release.wait(20)

    async def many() -> set[str]:
        creds = await asyncio.gather(*(mgr.get_async() for _ in range(50)))
        return {c.token for c in creds}

    out: list[object] = []
    threads = [threading.Thread(target=lambda: out.append(asyncio.run(many()))) for _ in range(3)]
    threads += [
        threading.Thread(target=lambda: out.append({mgr.get_sync().token})) for _ in range(5)
    ]
    for t in threads:
        t.start()
    time.sleep(0.3)
    release.set()
    for t in threads:
        t.join(60)
    assert server.logins == 1
    assert out
    assert all(o == {"tok-1-secretpart"} for o in out)


def test_warm_path_does_not_fetch(server: TokenServer) -> None:
    mgr = manager(server)
    first = mgr.get_sync()
    for _ in range(100):
        assert mgr.get_sync() is first
    assert server.logins == 1


def test_refresh_before_expiry_uses_refresh_token(server: TokenServer) -> None:
    cache = MemoryCache()
    now = time.time()
    # a token 10 s from expiry, inside the 60 s leeway
    cache.set(
        KEY,
        Credential(
            token="old-token", obtained_at=now - 3590, expires_at=now + 10, refresh_token="ref-old"
        ),
    )
    mgr = manager(server, cache, leeway=60)
    fresh = mgr.get_sync()
    assert fresh.token == "tok-1-secretpart"
    assert server.logins == 0
    assert server.refreshes == 1
    assert mgr.refreshes == 1
    assert cache.get(KEY) is fresh


def test_short_lived_token_is_not_refetched_every_call(server: TokenServer) -> None:
    server.expires_in = 10  # shorter than the 60 s leeway
    mgr = manager(server)
    for _ in range(50):
        mgr.get_sync()
    assert server.logins == 1


def test_invalidate_is_compare_and_delete(server: TokenServer) -> None:
    cache = MemoryCache()
    mgr = manager(server, cache)
    old = mgr.get_sync()
    mgr.invalidate(old.token)
    new = mgr.get_sync()
    assert new.token != old.token
    assert server.logins == 2
    # late reports of the old token change nothing
    for _ in range(10):
        mgr.invalidate(old.token)
    assert mgr.get_sync() is new
    assert cache.get(KEY) is new
    assert server.logins == 2


def test_rejected_token_in_cache_is_not_reused(server: TokenServer) -> None:
    class StickyCache(MemoryCache):
        def delete(self, key: str, only_if_token: str | None = None) -> bool:
            return False  # e.g. Redis was down when we tried to delete

    mgr = manager(server, StickyCache())
    old = mgr.get_sync()
    mgr.invalidate(old.token)
    assert mgr.get_sync().token != old.token


def test_other_process_token_is_found_in_cache(server: TokenServer, tmp_path: Path) -> None:
    a = manager(server, FileCache(tmp_path / "c.json"))
    b = manager(server, FileCache(tmp_path / "c.json"))
    assert a.get_sync().token == b.get_sync().token
    assert server.logins == 1


def test_provider_hiccup_keeps_the_current_token(server: TokenServer) -> None:
    cache = MemoryCache()
    now = time.time()
    first = Credential(token="old-token", obtained_at=now - 3590, expires_at=now + 10)
    cache.set(KEY, first)
    mgr = manager(server, cache)
    server.login_status = 503
    assert mgr.get_sync() is first  # due for refresh, refresh failed, not expired yet
    assert mgr.get_sync() is first  # grace period: not retried on every call
    assert server.logins == 1


def test_transport_failure_becomes_provider_unavailable() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused")

    mgr = TokenManager(
        FakeStrategy(),
        client_factory=lambda: httpx.Client(transport=httpx.MockTransport(refuse)),
    )
    with pytest.raises(ProviderUnavailableError) as info:
        mgr.get_sync()
    assert isinstance(info.value.__cause__, httpx.ConnectError)


def test_waiters_time_out_instead_of_hanging(server: TokenServer) -> None:
    release = threading.Event()
    server.gate = lambda: release.wait(10)
    mgr = manager(server, timeout=0.1)  # waiters give up after 2 * 0.1 + 1 s
    leader = threading.Thread(target=mgr.get_sync)
    leader.start()
    time.sleep(0.05)
    with pytest.raises(ProviderUnavailableError, match="timed out"):
        mgr.get_sync()
    release.set()
    leader.join(10)


def test_strategy_bug_becomes_protocol_error(server: TokenServer) -> None:
    class Broken(FakeStrategy):
        def _credential(self, response: httpx.Response) -> Credential:
            return {}["missing"]  # type: ignore[no-any-return]

    mgr = TokenManager(Broken(), client_factory=server.client)
    with pytest.raises(ProtocolError) as info:
        mgr.get_sync()
    assert info.value.__cause__ is None
    assert "KeyError" in str(info.value)


def _process_worker(path: str, counter: str, out: multiprocessing.Queue[str]) -> None:
    import fcntl

    def handle(request: httpx.Request) -> httpx.Response:
        with open(counter, "a") as f:
            fcntl.flock(f, fcntl.LOCK_EX)
            f.write("login\n")
        time.sleep(0.3)
        return httpx.Response(200, json={"token": f"tok-{time.time_ns()}", "expires_in": 3600})

    mgr = TokenManager(
        FakeStrategy(),
        FileCache(path),
        "fake:key",
        client_factory=lambda: httpx.Client(transport=httpx.MockTransport(handle)),
    )
    out.put(mgr.get_sync().token)


def test_8_processes_file_cache_one_login(tmp_path: Path) -> None:
    ctx = multiprocessing.get_context("spawn")
    queue: multiprocessing.Queue[str] = ctx.Queue()
    counter = tmp_path / "logins.txt"
    counter.touch()
    procs = [
        ctx.Process(target=_process_worker, args=(str(tmp_path / "c.json"), str(counter), queue))
        for _ in range(8)
    ]
    for p in procs:
        p.start()
    tokens = {queue.get(timeout=60) for _ in procs}
    for p in procs:
        p.join(30)
    assert counter.read_text().count("login") == 1
    assert len(tokens) == 1


@pytest.mark.redis
def test_8_redis_clients_one_login(redis_url: str, server: TokenServer) -> None:
    from keyhouse._cache import RedisCache

    prefix = f"t-flight-{time.time_ns()}:"
    managers = [manager(server, RedisCache(redis_url, prefix=prefix)) for _ in range(8)]
    server.gate = lambda: time.sleep(0.3)  # the leader holds the Redis lock a while
    index = iter(range(8))
    lock = threading.Lock()

    def one() -> str:
        with lock:
            i = next(index)
        return managers[i].get_sync().token

    tokens = run_threads(8, one)
    assert server.logins == 1
    assert len(set(tokens)) == 1
    assert isinstance(tokens[0], str)


@pytest.mark.redis
async def test_async_redis_leader_does_not_block_the_loop(
    redis_url: str, server: TokenServer
) -> None:
    from keyhouse._cache import RedisCache

    prefix = f"t-async-{time.time_ns()}:"
    mgrs = [manager(server, RedisCache(redis_url, prefix=prefix)) for _ in range(4)]
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0.001)

    tick_task = asyncio.create_task(ticker())
    creds = await asyncio.gather(*(m.get_async() for m in mgrs for _ in range(50)))
    tick_task.cancel()
    assert server.logins == 1
    assert len({c.token for c in creds}) == 1
    assert ticks > 1  # the loop kept running while the leaders waited for the Redis lock
