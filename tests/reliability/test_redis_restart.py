"""Redis stopped and restarted in the middle of a run of requests: no request fails.

A real ``redis-server`` on a free loopback port (no persistence, so the restart also loses
every key). Requests go through the facade to the sandbox. While Redis is down the cache falls
back to memory (a login forced meanwhile still works); once it is back, a new token lands in
Redis again.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from keyhouse._cache import RedisCache
from keyhouse._facade import Keyhouse
from keyhouse._retry import RetryPolicy
from keyhouse._settings import Settings
from keyhouse_sandbox import DEMO_CREDENTIALS, Sandbox

from tests.redis_server import RedisServer
from tests.redis_server import redis_server as shared_redis_server

pytestmark = [pytest.mark.slow, pytest.mark.redis, pytest.mark.timeout(60)]

PROVIDERS = ["ovok", "nuxera"]
PATHS = {"ovok": "/auth/session", "nuxera": "/api/auth/me"}
PER_PHASE = 200


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    with shared_redis_server(tmp_path) as server:
        yield server


def test_redis_restart_mid_run(redis_server: RedisServer) -> None:
    import redis

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
