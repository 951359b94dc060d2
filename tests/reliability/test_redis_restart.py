"""Redis stopped and restarted in the middle of a run of requests: no request fails.

A real ``redis-server`` on a free loopback port (no persistence, so the restart also loses
every key). Requests go through the facade to the sandbox. While Redis is down the cache falls
back to memory (a login forced meanwhile still works); once it is back, a new token lands in
Redis again. Then short outages (``CLIENT PAUSE``: Redis keeps its data but does not answer
within the cache's socket timeout, as for a slow or partitioned Redis) and one hostile record:
what they do to the promises of "Token caches" (forgotten in every tier, single flight).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from keyhouse._cache import CacheKey, RedisCache, cache_key
from keyhouse._facade import Keyhouse
from keyhouse._retry import RetryPolicy
from keyhouse._settings import Settings
from keyhouse_sandbox import DEMO_CREDENTIALS, Sandbox, env_for

from tests.redis_server import RedisServer
from tests.redis_server import redis_server as shared_redis_server

pytestmark = [pytest.mark.redis, pytest.mark.timeout(60)]

PROVIDERS = ["ovok", "nuxera"]
PATHS = {"ovok": "/auth/session", "nuxera": "/api/auth/me"}
PER_PHASE = 200
PAUSE_MS = 1200


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    with shared_redis_server(tmp_path) as server:
        yield server


@pytest.mark.slow
def test_redis_restart_mid_run(redis_server: RedisServer) -> None:
    url = redis_server.url
    cache = RedisCache(url, socket_timeout=0.5, retry_interval=0.2)
    policy = RetryPolicy(attempts=3, base=0.001, cap=0.01, total=2.0, jitter=0.0)
    failures: list[str] = []
    sent = 0
    with Sandbox(providers=PROVIDERS) as sb:
        providers: dict[str, Any] = {
            p: dict(DEMO_CREDENTIALS[p], base_url=sb.base_url(p)) for p in PROVIDERS
        }
        settings = Settings.build(cache=url, retry=policy, timeout=5.0, **providers)
        with Keyhouse(settings, cache=cache) as kh:

            def run(phase: str, invalidate_at: int | None = None) -> None:
                nonlocal sent
                for i in range(PER_PHASE):
                    for p in PROVIDERS:
                        if i == invalidate_at:
                            kh.invalidate(p)
                        try:
                            response = kh.client(p).client.get_httpx_client().get(PATHS[p])
                        except Exception as exc:
                            failures.append(f"{phase} #{i} {p}: {exc!r}")
                        else:
                            if response.status_code != 200:
                                failures.append(f"{phase} #{i} {p}: HTTP {response.status_code}")
                        sent += 1

            run("redis up")
            probe = redis.Redis.from_url(url)
            assert len(probe.keys("keyhouse:*")) >= len(PROVIDERS)  # tokens live in Redis

            redis_server.stop()
            run("redis down", invalidate_at=PER_PHASE // 2)  # a login while Redis is down

            redis_server.start()
            time.sleep(0.3)  # past the cache's retry interval
            run("redis back", invalidate_at=0)  # this login's token goes to Redis again
            keys = redis.Redis.from_url(url).keys("keyhouse:*")

        logins = {p: sb.counters(p).logins + sb.counters(p).refreshes for p in PROVIDERS}
    print(
        f"\n{sent} requests across a Redis restart; tokens issued {logins}; "
        f"failures {len(failures)}"
    )
    assert not failures, "\n".join(failures[:20])
    assert sent == 3 * PER_PHASE * len(PROVIDERS)
    assert len(keys) >= len(PROVIDERS), "the cache did not go back to Redis"
    # the first token and the two forced ones (Ovok renews the forced ones by refresh)
    assert logins == {p: 3 for p in PROVIDERS}


# --- short outages --------------------------------------------------------------------------------


def cache(url: str) -> RedisCache:
    """One process's cache: quick to call Redis down, quick to try it again."""
    return RedisCache(url, socket_timeout=0.3, retry_interval=0.2)


def keyhouse(sandbox: Sandbox, provider: str, shared: RedisCache) -> Keyhouse:
    return Keyhouse.from_env(env_for(provider, sandbox.base_url(provider)), cache=shared)


def pause(server: RedisServer) -> float:
    """Redis stops answering (data kept) for PAUSE_MS; when it answers again (monotonic)."""
    redis.Redis.from_url(server.url).execute_command("CLIENT", "PAUSE", PAUSE_MS, "ALL")
    return time.monotonic() + PAUSE_MS / 1000


def wait_until_back(back: float) -> None:
    time.sleep(max(0.0, back - time.monotonic()) + 0.4)  # past the pause and retry_interval


def key_of_nothing() -> CacheKey:
    return cache_key("ovok", "https://unused.example", "nobody", ("-",))


def busy(server: RedisServer, seconds: float = 1.2) -> float:
    """Redis busy (a script spinning) for ``seconds``: commands sent meanwhile are read and
    run once it is done, whether their client is still waiting or not. When it is done."""
    script = "local t = redis.call('TIME'); local e = t[1] * 1e6 + t[2] + ARGV[1] * 1e6 "
    script += "repeat t = redis.call('TIME') until t[1] * 1e6 + t[2] >= e"
    spinner = redis.Redis.from_url(server.url, socket_timeout=seconds + 5)
    threading.Thread(target=spinner.eval, args=(script, 0, seconds), daemon=True).start()
    time.sleep(0.1)  # it is spinning
    return time.monotonic() + seconds


@pytest.fixture
def caches(redis_server: RedisServer) -> Iterator[list[RedisCache]]:
    made: list[RedisCache] = []
    yield made
    for c in made:
        c.close()


def test_revoked_while_redis_unreachable_is_not_served_once_it_is_back(
    sandbox: Sandbox, redis_server: RedisServer, caches: list[RedisCache]
) -> None:
    """README: revoke forgets the token "in every tier whatever it answered". A sign-out
    while Redis did not answer dropped the memory mirror only: the Redis record (same
    credentials' key) stayed, and the next process was handed the revoked token from it.
    The missed delete is now kept and made once Redis answers (here by the retry timer)."""
    caches += [cache(redis_server.url), cache(redis_server.url)]
    with keyhouse(sandbox, "ovok", caches[0]) as first:
        revoked = first.token("ovok")
        back = pause(redis_server)
        first.revoke("ovok")  # signed out at the provider; Redis times out
    wait_until_back(back)
    with keyhouse(sandbox, "ovok", caches[1]) as second:  # another process, Redis back
        served_revoked = second.token("ovok") == revoked
    assert not served_revoked, "a revoked token was served from Redis"


def test_one_wrong_type_record_does_not_take_redis_down_for_every_tenant(
    sandbox: Sandbox, redis_server: RedisServer, caches: list[RedisCache]
) -> None:
    """Every tenant can list and write the shared Redis. One who turns another's record into
    a hash makes GET answer WRONGTYPE, a ``redis.ResponseError``, which ``_try`` took for
    Redis being down: for ``retry_interval`` the cache fell back to memory for *every*
    tenant of the process (no cross-process lock, no shared record), so another tenant's
    fresh login was not stored, and its next process logged in once more. Now a miss for
    that call (the login's SET overwrites the hash)."""
    caches += [RedisCache(redis_server.url), RedisCache(redis_server.url)]
    probe = redis.Redis.from_url(redis_server.url)
    with keyhouse(sandbox, "nuxera", caches[0]) as victim:
        victim.token("nuxera")
    (name,) = probe.keys("keyhouse:nuxera:*")
    probe.delete(name)
    probe.hset(name, "planted", "x")  # the hostile tenant's move
    with keyhouse(sandbox, "nuxera", caches[0]) as victim:  # a fresh process of the victim
        victim.token("nuxera")
    with keyhouse(sandbox, "ovok", caches[0]) as bystander:  # another tenant, same process
        bystander.token("ovok")
    assert probe.keys("keyhouse:ovok:*"), "Redis was up, yet the bystander's token is not in it"
    with keyhouse(sandbox, "ovok", caches[1]) as bystander:  # its next process
        bystander.token("ovok")
    assert sandbox.counters("ovok").logins == 1


def test_lock_whose_acquire_timed_out_does_not_stall_the_next_process(
    sandbox: Sandbox, redis_server: RedisServer, caches: list[RedisCache]
) -> None:
    """A slow Redis: the lock's ``SET NX PX`` is sent, its reply does not come within the
    socket timeout, so ``lock()`` yields False and the process goes ahead (no single flight,
    fine). But Redis executes that SET: a lock nobody holds stayed for ``lock_ttl`` (60 s),
    and every process's next cold fetch waited its full ``timeout`` (KEYHOUSE_TIMEOUT, 30 s
    by default) for it, then logged in anyway. Now the SET claims it for a few seconds only
    (extended once its reply is in)."""
    caches += [cache(redis_server.url), RedisCache(redis_server.url)]
    probe = redis.Redis.from_url(redis_server.url)
    caches[0].get(key_of_nothing())  # connected (the handshake is not what times out)
    back = busy(redis_server)
    env = env_for("ovok", sandbox.base_url("ovok"))
    with Keyhouse.from_env(env, cache=caches[0]) as first:
        first.token("ovok")  # its lock's SET timed out; it went ahead
    wait_until_back(back)
    assert probe.keys("keyhouse:lock:*"), "the timed-out SET NX did not land (test premise)"
    with Keyhouse.from_env({**env, "KEYHOUSE_TIMEOUT": "4"}, cache=caches[1]) as second:
        started = time.monotonic()
        second.token("ovok")
        waited = time.monotonic() - started
    assert waited < 2, f"the next process waited {waited:.1f}s for a lock nobody holds"


def test_token_dead_during_outage_is_not_served_again_after_it(
    sandbox: Sandbox, redis_server: RedisServer, caches: list[RedisCache]
) -> None:
    """A 401 while Redis does not answer: ``invalidate(dead)`` drops the memory mirror only,
    the dead token stays in Redis. The renewed token lives in memory only. When that one
    gets its 401 too (Redis back), the compare-and-delete finds the *older* dead token in
    Redis (not the one reported), kept it, and the re-fetch served it: the resend got a
    second 401 and the request failed, though the credentials were fine. (Now the missed
    delete is made once Redis answers, and the manager never serves its last refused tokens.)"""
    caches.append(cache(redis_server.url))
    with keyhouse(sandbox, "ovok", caches[0]) as kh:
        http = kh.client("ovok").client.get_httpx_client()
        assert http.get("/auth/session").status_code == 200
        back = pause(redis_server)
        sandbox.faults("ovok").revoke_all_tokens()  # e.g. the provider restarted
        assert http.get("/auth/session").status_code == 200  # 401, re-auth, resend
        wait_until_back(back)
        sandbox.faults("ovok").revoke_all_tokens()
        try:
            status = http.get("/auth/session").status_code
        except Exception as exc:  # the second 401 is raised
            status = type(exc).__name__
    assert status == 200, f"re-auth served the older dead token from Redis: {status}"


def test_renewal_during_outage_is_not_undone_by_the_older_redis_record(
    sandbox: Sandbox, redis_server: RedisServer, caches: list[RedisCache]
) -> None:
    """Ovok's refresh tokens are single use. A renewal made while Redis was unreachable
    lives in the process (and its memory mirror) only; when that token is due, the lifecycle
    re-read Redis, found the older record, and replaced its own newer ``_previous`` (with the
    live refresh token) by it, so it refreshed with the used refresh token, got 401 and logged
    in again."""
    sandbox.set_lifetime("ovok", access=4)  # due 2 s after it is issued
    caches.append(cache(redis_server.url))
    with keyhouse(sandbox, "ovok", caches[0]) as kh:
        first = kh.token("ovok")
        back = pause(redis_server)
        kh.invalidate("ovok")
        second = kh.token("ovok")  # a refresh (the rotation), Redis not updated
        wait_until_back(back)
        issued = sandbox.counters("ovok")
        assert (issued.logins, issued.refreshes) == (1, 1)
        time.sleep(2.3)  # `second` is due (and the Redis record `first` too)
        third = kh.token("ovok")
    assert third not in (first, second)  # (tokens are not shown: see the counts)
    issued = sandbox.counters("ovok")
    assert (issued.logins, issued.refreshes) == (1, 2), (
        f"renewed with the stale record's used refresh token: {issued.logins} logins, "
        f"{issued.refreshes} refreshes"
    )
