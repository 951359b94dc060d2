"""Review of the Redis tier: what a short Redis outage (or one hostile record) does to the
promises of "Token caches" (forgotten in every tier, single flight, no stale token).

Redis is made unreachable without losing its data with ``CLIENT PAUSE`` (the cache's socket
timeout fires, exactly as for a slow or partitioned Redis); tokens come from the sandbox.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
import redis
from keyhouse import Keyhouse
from keyhouse._cache import CacheKey, RedisCache, cache_key
from keyhouse_sandbox import Sandbox, env_for

from tests.redis_server import RedisServer

pytestmark = [pytest.mark.redis, pytest.mark.timeout(60)]

PAUSE_MS = 1200


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
def caches(own_redis: RedisServer) -> Iterator[list[RedisCache]]:
    made: list[RedisCache] = []
    yield made
    for c in made:
        c.close()


def test_revoked_while_redis_unreachable_is_not_served_once_it_is_back(
    sandbox: Sandbox, own_redis: RedisServer, caches: list[RedisCache]
) -> None:
    """README: revoke forgets the token "in every tier whatever it answered". A sign-out
    while Redis does not answer drops the memory mirror only: the Redis record (same
    credentials' key) stays, and the next process is handed the revoked token from it."""
    caches += [cache(own_redis.url), cache(own_redis.url)]
    with keyhouse(sandbox, "ovok", caches[0]) as first:
        revoked = first.token("ovok")
        back = pause(own_redis)
        first.revoke("ovok")  # signed out at the provider; Redis times out
    wait_until_back(back)
    with keyhouse(sandbox, "ovok", caches[1]) as second:  # another process, Redis back
        served_revoked = second.token("ovok") == revoked
    assert not served_revoked, "a revoked token was served from Redis"


def test_token_dead_during_outage_is_not_served_again_after_it(
    sandbox: Sandbox, own_redis: RedisServer, caches: list[RedisCache]
) -> None:
    """A 401 while Redis does not answer: ``invalidate(dead)`` drops the memory mirror only,
    the dead token stays in Redis. The renewed token lives in memory only. When that one
    gets its 401 too (Redis back), the compare-and-delete finds the *older* dead token in
    Redis (not the one reported), keeps it, and the re-fetch serves it: the resend gets a
    second 401 and the request fails, though the credentials are fine."""
    caches.append(cache(own_redis.url))
    with keyhouse(sandbox, "ovok", caches[0]) as kh:
        http = kh.client("ovok").client.get_httpx_client()
        assert http.get("/auth/session").status_code == 200
        back = pause(own_redis)
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
    sandbox: Sandbox, own_redis: RedisServer, caches: list[RedisCache]
) -> None:
    """Ovok's refresh tokens are single use. A renewal made while Redis was unreachable
    lives in the process (and its memory mirror) only; when that token is due, the lifecycle
    re-reads Redis, finds the older record, and replaces its own newer ``_previous`` (with the
    live refresh token) by it (``_fetch_locked``: ``self._previous = cached``), so it
    refreshes with the used refresh token, gets 401 and logs in again."""
    sandbox.set_lifetime("ovok", access=4)  # due 2 s after it is issued
    caches.append(cache(own_redis.url))
    with keyhouse(sandbox, "ovok", caches[0]) as kh:
        first = kh.token("ovok")
        back = pause(own_redis)
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


def test_one_wrong_type_record_does_not_take_redis_down_for_every_tenant(
    sandbox: Sandbox, own_redis: RedisServer, caches: list[RedisCache]
) -> None:
    """Every tenant can list and write the shared Redis. One who turns another's record into
    a hash makes GET answer WRONGTYPE, a ``redis.ResponseError``, which ``_try`` takes for
    Redis being down: for ``retry_interval`` the cache falls back to memory for *every*
    tenant of the process (no cross-process lock, no shared record), so another tenant's
    fresh login is not stored, and its next process logs in once more."""
    caches += [RedisCache(own_redis.url), RedisCache(own_redis.url)]
    probe = redis.Redis.from_url(own_redis.url)
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
    sandbox: Sandbox, own_redis: RedisServer, caches: list[RedisCache]
) -> None:
    """A slow Redis: the lock's ``SET NX PX`` is sent, its reply does not come within the
    socket timeout, so ``lock()`` yields False and the process goes ahead (no single flight,
    fine). But Redis executes that SET: a lock nobody holds stays for ``lock_ttl`` (60 s),
    and every process's next cold fetch waits its full ``timeout`` (KEYHOUSE_TIMEOUT, 30 s by
    default) for it, then logs in anyway."""
    caches += [cache(own_redis.url), RedisCache(own_redis.url)]
    probe = redis.Redis.from_url(own_redis.url)
    caches[0].get(key_of_nothing())  # connected (the handshake is not what times out)
    back = busy(own_redis)
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
