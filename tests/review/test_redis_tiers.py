"""Review of the Redis tier: what a short Redis outage (or one hostile record) does to the
promises of "Token caches" (forgotten in every tier, single flight, no stale token).

Redis is made unreachable without losing its data with ``CLIENT PAUSE`` (the cache's socket
timeout fires, exactly as for a slow or partitioned Redis); tokens come from the sandbox.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from keyhouse._cache import RedisCache
from keyhouse_sandbox import Sandbox

from tests.redis_server import RedisServer
from tests.reliability.test_redis_restart import cache, keyhouse, pause, wait_until_back

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
