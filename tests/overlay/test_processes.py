"""Processes sharing a file cache, or Redis, log in once between them (real sandbox, real Redis).

Eight spawned processes each build their own Keyhouse from the same environment, wait at a
barrier so they all start cold at once, and ask for a token. The sandbox counts the logins.
"""

from __future__ import annotations

import hashlib
import multiprocessing
from pathlib import Path
from typing import Any

import pytest
from keyhouse_sandbox import Sandbox

from tests.overlay.conftest import environment

PROCESSES = 8


def _worker(env: dict[str, str], barrier: Any, results: Any, provider: str) -> None:
    from keyhouse import Keyhouse

    with Keyhouse.from_env(env) as kh:
        barrier.wait(timeout=60)
        token = kh.token(provider)
    results.put(hashlib.sha256(token.encode()).hexdigest())


def _herd(sandbox: Sandbox, env: dict[str, str], provider: str) -> set[str]:
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(PROCESSES)
    results = ctx.Queue()
    procs = [
        ctx.Process(target=_worker, args=(env, barrier, results, provider))
        for _ in range(PROCESSES)
    ]
    for proc in procs:
        proc.start()
    digests = {results.get(timeout=120) for _ in procs}
    for proc in procs:
        proc.join(timeout=30)
        assert proc.exitcode == 0
    return digests


@pytest.mark.slow
@pytest.mark.parametrize("provider", ["ovok", "cardioexplorer"])
def test_processes_sharing_a_file_cache_log_in_once(
    sandbox: Sandbox, tmp_path: Path, provider: str
) -> None:
    env = {**environment(sandbox, provider), "KEYHOUSE_CACHE": f"file:{tmp_path / 'tokens.json'}"}
    digests = _herd(sandbox, env, provider)
    assert sandbox.counters(provider).logins == 1
    assert len(digests) == 1, "every process got the same token"


@pytest.mark.slow
@pytest.mark.redis
def test_processes_sharing_redis_log_in_once(sandbox: Sandbox, redis_url: str) -> None:
    import redis

    redis.Redis.from_url(redis_url).flushdb()
    env = {**environment(sandbox, "ovok"), "KEYHOUSE_CACHE": redis_url}
    digests = _herd(sandbox, env, "ovok")
    assert sandbox.counters("ovok").logins == 1
    assert len(digests) == 1
