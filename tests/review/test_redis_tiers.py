"""Review of the Redis tier: what a short Redis outage (or one hostile record) does to the
promises of "Token caches" (forgotten in every tier, single flight, no stale token).

Redis is made unreachable without losing its data with ``CLIENT PAUSE`` (the cache's socket
timeout fires, exactly as for a slow or partitioned Redis); tokens come from the sandbox.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
import redis
from keyhouse import Keyhouse
from keyhouse._cache import RedisCache
from keyhouse_sandbox import Sandbox, env_for

from tests.redis_server import RedisServer
from tests.reliability.test_redis_restart import (
    busy,
    cache,
    key_of_nothing,
    keyhouse,
    pause,
    wait_until_back,
)

pytestmark = [pytest.mark.redis, pytest.mark.timeout(60)]


@pytest.fixture
def caches(own_redis: RedisServer) -> Iterator[list[RedisCache]]:
    made: list[RedisCache] = []
    yield made
    for c in made:
        c.close()


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
