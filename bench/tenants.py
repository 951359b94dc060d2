"""Many tenants sharing one token cache: what a login and a cached-token read cost.

One measured tenant (the sandbox's Nuxera demo account) shares a file cache and a Redis cache
with 1, 100 or 10,000 tenants in all. The others' records are real-sized sealed records under
random keys (indistinguishable from real ones: deriving 10,000 real keys would cost 10,000
scrypt runs and measure nothing more). Each operation uses a new ``TokenManager`` (as a new
process would: nothing in memory), its key already derived (the KDF runs once per
configuration and has its own row):

* ``login``: the record is gone; lock, read (a miss), log in over loopback, write, unlock;
* ``read``: the record is there; lock, read, open the record, unlock;
* ``sweep``: the file cache's ``set`` that finds the folder's daily sweep due (its marker
  backdated; every other record live), against a plain ``set`` of the same cache.

Figures are medians in milliseconds per operation; the ratio is against the same operation
with 1 tenant (``sweep``: a plain ``set``), measured in the same run (interleaved). All should
stay flat: Redis, and the file cache, which reads and writes only the key's own record file
(its sweep, past its first entries, is a thread's: the row's ``extra`` has that part).
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import httpx
from keyhouse import Keyhouse, provider_name
from keyhouse._cache import CacheKey, FileCache, TokenCache, cache_key
from keyhouse._credential import Credential
from keyhouse._lifecycle import TokenManager
from keyhouse_sandbox import env_for

from ._common import Config, RedisServer, Row, SandboxProcess, interleave, median

__all__ = ["POPULATIONS", "run"]

POPULATIONS = (1, 100, 10_000)
PROVIDER = "nuxera"


def _filler() -> tuple[CacheKey, Credential]:
    """A record of another tenant: a random key, a credential the size of a sandbox JWT."""
    now = time.time()
    key = CacheKey(f"{PROVIDER}:v2:{os.urandom(16).hex()}", os.urandom(32))
    return key, Credential(token="x" * 330, obtained_at=now, expires_at=now + 3600)


def _fill_file(path: Path, others: int) -> None:
    cache = FileCache(path)
    for _ in range(others):
        cache.set(*_filler())


def _fill_redis(url: str, prefix: str, others: int) -> None:
    import redis

    client = redis.Redis.from_url(url)
    with client.pipeline(transaction=False) as pipe:
        for _ in range(others):
            key, credential = _filler()
            pipe.set(prefix + key.name, key.seal(credential), ex=3600)
        pipe.execute()
    client.close()


class _Tenant:
    """The measured tenant against one cache."""

    def __init__(self, sandbox: SandboxProcess, cache: TokenCache) -> None:
        self._kh = Keyhouse.from_env(env_for(PROVIDER, sandbox.base_url(PROVIDER)), cache=cache)
        self.cache = cache
        self.strategy = self._kh.manager(provider_name(PROVIDER)).strategy
        self.client = httpx.Client(timeout=10)
        self.key = self.new_manager().key  # the KDF, once, before any timing

    def new_manager(self) -> TokenManager:
        return TokenManager(self.strategy, self.cache, client_factory=lambda: self.client)

    def login(self) -> float:
        self.cache.delete(self.key)
        manager = self.new_manager()
        started = time.perf_counter()
        manager.get_sync()
        elapsed = time.perf_counter() - started
        assert manager.logins == 1
        return elapsed * 1000

    def read(self) -> float:
        manager = self.new_manager()
        started = time.perf_counter()
        manager.get_sync()
        elapsed = time.perf_counter() - started
        assert manager.logins == 0
        return elapsed * 1000

    def close(self) -> None:
        self.client.close()
        self._kh.close()


def _set_ms(tenant: _Tenant, sweep: bool, rest: list[float]) -> float:
    """A ``set`` of the tenant's record; ``sweep``: one that finds the sweep due, whose
    thread (if any) is waited for after the timing, its own time into ``rest``."""
    cache = tenant.cache
    assert isinstance(cache, FileCache)
    marker = cache.folder / ".swept"
    if sweep:
        os.utime(marker, (1.0, 1.0))
    before = cache._sweeper
    now = time.time()
    credential = Credential(token="x" * 330, obtained_at=now, expires_at=now + 3600)
    started = time.perf_counter()
    cache.set(tenant.key, credential)
    elapsed = time.perf_counter() - started
    thread = cache._sweeper
    if thread is not None and thread is not before:
        thread.join()
        rest.append((time.perf_counter() - started) * 1000)
    assert marker.stat().st_mtime > 1.0  # the sweep was made, not refused
    return elapsed * 1000


def _sweep_rows(tenants: dict[int, _Tenant], rounds: int) -> list[Row]:
    contenders: dict[str, Callable[[], float]] = {}
    rest: dict[int, list[float]] = {n: [] for n in tenants}
    for n, tenant in tenants.items():
        contenders[f"set_{n}"] = partial(_set_ms, tenant, False, rest[n])
        contenders[f"sweep_{n}"] = partial(_set_ms, tenant, True, rest[n])
    figures = interleave(contenders, rounds)
    rows = []
    for n in POPULATIONS:
        value, base = median(figures[f"sweep_{n}"]), median(figures[f"set_{n}"])
        rows.append(
            Row(
                id=f"tenants.file.sweep_{n}",
                family="tenants",
                label=f"set finding the daily sweep due, {n:,} tenant(s) in one file cache",
                unit="ms",
                value=value,
                baseline=base,
                baseline_label="plain set",
                ratio=value / base if base else None,
                rounds={"ms": figures[f"sweep_{n}"], "baseline_ms": figures[f"set_{n}"]},
                extra={"with_thread_ms": median(rest[n])} if rest[n] else {},
            )
        )
    return rows


def _kdf_ms(rounds: int) -> list[float]:
    figures = []
    for _ in range(rounds):
        started = time.perf_counter()
        cache_key(PROVIDER, "https://bench.example", "user", (os.urandom(8).hex(),))
        figures.append((time.perf_counter() - started) * 1000)
    return figures


def _rows(kind: str, tenants: dict[int, _Tenant], rounds: int) -> list[Row]:
    rows: list[Row] = []
    for op in ("login", "read"):
        contenders: dict[str, Callable[[], float]] = {
            str(n): getattr(tenant, op) for n, tenant in tenants.items()
        }
        for tenant in tenants.values():  # warm: connections, imports
            getattr(tenant, op)()
        figures = interleave(contenders, rounds)
        base = median(figures["1"])
        what = "login (cache miss)" if op == "login" else "cached-token read"
        for n in POPULATIONS:
            value = median(figures[str(n)])
            rows.append(
                Row(
                    id=f"tenants.{kind}.{op}_{n}",
                    family="tenants",
                    label=f"{what}, {n:,} tenant{'s' if n > 1 else ''} in one {kind} cache",
                    unit="ms",
                    value=value,
                    baseline=base,
                    baseline_label="1 tenant",
                    ratio=value / base if base else None,
                    rounds={"ms": figures[str(n)], "baseline_ms": figures["1"]},
                )
            )
    return rows


def run(sandbox: SandboxProcess, cfg: Config, redis: RedisServer | None) -> list[Row]:
    rounds = max(3, cfg.rounds)
    kdf = _kdf_ms(3 if cfg.quick else 10)
    rows = [
        Row(
            id="tenants.kdf",
            family="tenants",
            label="cache key + record key derivation (scrypt n=2**14, r=8), once per config",
            unit="ms",
            value=median(kdf),
            rounds={"ms": kdf},
            note="per configuration and process, never per request",
        )
    ]
    with tempfile.TemporaryDirectory(prefix="keyhouse-bench-tenants-") as tmp:
        files: dict[int, _Tenant] = {}
        for n in POPULATIONS:
            path = Path(tmp) / f"tokens-{n}.json"
            _fill_file(path, n - 1)
            files[n] = _Tenant(sandbox, FileCache(path))
        try:
            rows += _rows("file", files, rounds)
            rows += _sweep_rows(files, rounds)
            for n, tenant in files.items():
                cache = tenant.cache
                assert isinstance(cache, FileCache)
                record = cache._record(tenant.key).stat().st_size
                total = sum(f.stat().st_size for f in cache.folder.iterdir())
                row = next(r for r in rows if r.id == f"tenants.file.read_{n}")
                row.note = f"record {record / 1e3:.2f} kB; folder {total / 1e6:.2f} MB"
        finally:
            for tenant in files.values():
                tenant.close()
    if redis is None:
        for op in ("login", "read"):
            for n in POPULATIONS:
                rows.append(
                    Row(
                        id=f"tenants.redis.{op}_{n}",
                        family="tenants",
                        label=f"{op}, {n:,} tenants in one Redis cache",
                        unit="ms",
                        skipped="no redis-server on PATH",
                    )
                )
        return rows
    from keyhouse._cache import RedisCache

    redis.flush()
    caches: dict[int, _Tenant] = {}
    for n in POPULATIONS:
        prefix = f"bench{n}:"
        _fill_redis(redis.url, prefix, n - 1)
        caches[n] = _Tenant(sandbox, RedisCache(redis.url, prefix=prefix))
    try:
        rows += _rows("redis", caches, rounds)
    finally:
        for tenant in caches.values():
            tenant.close()
            tenant.cache.close()
    return rows
