from __future__ import annotations

import json
import logging
import multiprocessing
import os
import stat
import threading
import time
from pathlib import Path

import pytest
from keyhouse._cache import (
    CacheKey,
    FileCache,
    MemoryCache,
    TokenCache,
    cache_from_url,
    cache_key,
)
from keyhouse._credential import Credential
from keyhouse._errors import ConfigurationError

from .conftest import BASE, closed_port_url


def key(name: str = "k", secret: str = "s3cret-canary") -> CacheKey:
    """A cache key for identity ``name`` (memoised: one scrypt per distinct argument)."""
    return cache_key("fake", BASE, name, (secret,))


K = key()


def cred(token: str = "tok-a", **kw: object) -> Credential:
    return Credential(token=token, obtained_at=time.time(), expires_at=time.time() + 3600, **kw)  # type: ignore[arg-type]


def round_trip(cache: TokenCache) -> None:
    assert cache.get(K) is None
    cache.set(K, cred("tok-a", refresh_token="ref-a", extra={"api_key": "x"}))
    got = cache.get(K)
    assert got is not None
    assert got.token == "tok-a"
    assert got.refresh_token == "ref-a"
    assert got.extra == {"api_key": "x"}
    # compare-and-delete: a stale token does not delete the fresh one
    assert cache.delete(K, only_if_token="tok-old") is False
    assert cache.get(K) is not None
    assert cache.delete(K, only_if_token="tok-a") is True
    assert cache.get(K) is None
    assert cache.delete(K, only_if_token="tok-a") is False
    cache.set(K, cred("tok-b"))
    assert cache.delete(K) is True
    with cache.lock(K, timeout=1) as acquired:
        assert acquired is True


def test_cache_key_is_stable_and_secret_free() -> None:
    ovok = cache_key("ovok", "https://api.dev.ovok.com/", "user@example.org", ("pw",))
    assert ovok == cache_key("ovok", "https://api.dev.ovok.com", "user@example.org", ("pw",))
    assert ovok != cache_key("ovok", "https://api.dev.ovok.com", "other@example.org", ("pw",))
    assert ovok.name.startswith("ovok:v2:")
    assert "user" not in ovok.name
    assert "pw" not in repr(ovok)


def test_memory_round_trip() -> None:
    round_trip(MemoryCache())


def test_file_round_trip_and_mode(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "tokens.json"
    cache = FileCache(path)
    round_trip(cache)
    cache.set(K, cred())
    record = cache._record(K)
    assert record.parent == cache.folder == tmp_path / "sub" / "tokens.json.d"
    assert stat.S_IMODE(record.stat().st_mode) == 0o600
    assert stat.S_IMODE(cache.folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    # another FileCache on the same path (another process, in effect) sees it
    assert FileCache(path).get(K) is not None


def test_file_mode_is_tightened_on_rewrite(tmp_path: Path) -> None:
    cache = FileCache(tmp_path / "tokens.json")
    cache.set(K, cred())
    record = cache._record(K)
    record.chmod(0o644)
    FileCache(tmp_path / "tokens.json").set(K, cred())
    assert stat.S_IMODE(record.stat().st_mode) == 0o600


def test_file_write_is_atomic_replace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "tokens.json"
    cache = FileCache(path)
    cache.set(K, cred("tok-old"))
    record = cache._record(K)
    inode = record.stat().st_ino

    def crash(src: object, dst: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    cache.set(K, cred("tok-new"))  # logged, not raised
    monkeypatch.undo()
    assert FileCache(path).get(K).token == "tok-old"  # type: ignore[union-attr]
    assert [p.name for p in cache.folder.iterdir() if p.suffix == ".tmp"] == []
    cache.set(K, cred("tok-new"))
    assert record.stat().st_ino != inode  # a new file replaced the old one


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"{",
        b'{"version": 1, "entries": {"k": {"v": 1, "tok',
        b"\x00\xff",
        b"[]",
        b'{"version": 9}',
    ],
)
def test_corrupt_record_is_empty_with_a_warning(
    tmp_path: Path, content: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    cache = FileCache(tmp_path / "tokens.json")
    cache.folder.mkdir(mode=0o700)
    record = cache._record(K)
    record.write_bytes(content)
    with caplog.at_level(logging.WARNING, logger="keyhouse"):
        assert cache.get(K) is None
        assert cache.get(K) is None
    if content:
        assert "corrupt" in caplog.text or "format version 9, not 3" in caplog.text
        assert len(caplog.records) == 1  # once per file
    cache.set(K, cred())  # overwrites the corrupt record
    assert json.loads(record.read_text())["version"] == 3
    assert cache.get(K) is not None


def test_corrupt_entry_is_ignored(tmp_path: Path) -> None:
    cache = FileCache(tmp_path / "tokens.json")
    cache.folder.mkdir(mode=0o700)
    for entry in (
        {"v": 1, "token": 7},
        {"record": "2.AAAA"},
        {"record": 7},
        {"record": "2.x", "until": "soon"},
    ):
        cache._record(K).write_text(json.dumps({"version": 3, **entry}))
        assert FileCache(cache.path).get(K) is None


def _writer(path: str, name: str, n: int) -> None:
    cache = FileCache(path)
    for i in range(n):
        cache.set(key(f"{name}-{i % 3}"), cred(f"{name}-tok-{i}"))


def test_concurrent_writers_lose_no_keys(tmp_path: Path) -> None:
    path = str(tmp_path / "tokens.json")
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(path, f"p{i}", 20)) for i in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    cache = FileCache(path)
    keys = [key(f"p{i}-{j}") for i in range(4) for j in range(3)]
    assert sorted(p.name for p in cache.folder.glob("*.json")) == sorted(
        cache._record(k).name for k in keys
    )
    assert all(cache.get(k) is not None for k in keys)


def test_file_lock_excludes_other_holders(tmp_path: Path) -> None:
    cache = FileCache(tmp_path / "t.json")
    other = FileCache(tmp_path / "t.json")
    with cache.lock(K, timeout=1) as first:
        assert first
        with other.lock(K, timeout=0.2) as second:
            assert second is False  # busy: gave up, caller goes ahead unlocked
        with other.lock(key("other-key"), timeout=0.2) as third:
            assert third is True  # per-key locks


def test_file_lock_can_be_released_from_another_thread(tmp_path: Path) -> None:
    cache = FileCache(tmp_path / "t.json")
    lock = cache.lock(K, timeout=1)
    assert lock.__enter__() is True
    thread = threading.Thread(target=lock.__exit__, args=(None, None, None))
    thread.start()
    thread.join()
    with cache.lock(K, timeout=0.5) as again:
        assert again is True


def test_cache_from_url(tmp_path: Path) -> None:
    assert isinstance(cache_from_url(None), MemoryCache)
    assert isinstance(cache_from_url("memory"), MemoryCache)
    file_cache = cache_from_url(f"file:{tmp_path}/x.json")
    assert isinstance(file_cache, FileCache)
    assert file_cache.path == tmp_path / "x.json"
    for bad in ("file:", "memcached://x", "nonsense"):
        with pytest.raises(ConfigurationError):
            cache_from_url(bad)


# --- Redis ----------------------------------------------------------------------------------------


@pytest.mark.redis
def test_redis_round_trip(redis_url: str) -> None:
    cache = cache_from_url(redis_url)
    assert type(cache).__name__ == "RedisCache"
    round_trip(cache)
    cache.close()


@pytest.mark.redis
def test_redis_lock_excludes_other_clients(redis_url: str) -> None:
    from keyhouse._cache import RedisCache

    a, b = RedisCache(redis_url, prefix="t-lock:"), RedisCache(redis_url, prefix="t-lock:")
    with a.lock(K, timeout=1) as first:
        assert first
        with b.lock(K, timeout=0.2) as second:
            assert second is False
    with b.lock(K, timeout=0.5) as third:
        assert third is True


@pytest.mark.redis
def test_redis_lock_is_held_for_its_ttl_once_claimed(redis_url: str) -> None:
    """The lock's SET NX claims it for seconds only (a lost reply must not stall the others
    for minutes); once its taker has the reply it is extended to ``lock_ttl``."""
    import redis
    from keyhouse._cache import RedisCache

    cache = RedisCache(redis_url, prefix="t-claim:", socket_timeout=0.5, lock_ttl=60)
    with cache.lock(K, timeout=1) as acquired:
        assert acquired
        ttl = redis.Redis.from_url(redis_url).pttl("t-claim:lock:" + K.name)
    assert 55_000 < ttl <= 60_000
    cache.close()


@pytest.mark.redis
def test_redis_record_expires_with_the_token(redis_url: str) -> None:
    import redis
    from keyhouse._cache import RedisCache

    cache = RedisCache(redis_url, prefix="t-ttl:")
    cache.set(K, Credential(token="t", obtained_at=time.time(), expires_at=time.time() + 10))
    ttl = redis.Redis.from_url(redis_url).ttl("t-ttl:" + K.name)
    assert 0 < ttl <= 10 + 60


def test_redis_unreachable_falls_back_to_memory(caplog: pytest.LogCaptureFixture) -> None:
    pytest.importorskip("redis")
    from keyhouse._cache import RedisCache

    cache = RedisCache(closed_port_url(), socket_timeout=0.5)
    with caplog.at_level(logging.WARNING, logger="keyhouse"):
        cache.set(K, cred("tok-a"))
        assert cache.get(K) is not None
        assert cache.get(K).token == "tok-a"  # type: ignore[union-attr]
        with cache.lock(K, timeout=1) as acquired:
            assert acquired is False
        assert cache.delete(K, only_if_token="tok-a") is True
    warnings = [r for r in caplog.records if "unreachable" in r.getMessage()]
    assert len(warnings) == 1  # warned once


def test_import_keyhouse_cache_does_not_import_redis() -> None:
    import subprocess
    import sys

    code = (
        "import keyhouse._cache, keyhouse._auth, sys; "
        "print('redis' in sys.modules, 'jwt' in sys.modules)"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2] / "overlays")}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout.split() == ["False", "False"]
