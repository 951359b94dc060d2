"""Review of the file cache against planted and hostile files in ``PATH.d`` (real files)."""

from __future__ import annotations

import os
import time
import tracemalloc
from pathlib import Path

import pytest
from keyhouse._cache import CacheKey, FileCache, cache_key
from keyhouse._credential import Credential

pytestmark = pytest.mark.timeout(60)


def key_and_credential() -> tuple[CacheKey, Credential]:
    key = cache_key("ovok", "https://api.example", "user@example.org", ("pw-review-0001",))
    return key, Credential(token="tok-review-0001", obtained_at=time.time(), expires_at=None)


def test_huge_record_is_not_read_whole(tmp_path: Path) -> None:
    """A record is ~0.75 kB, but ``_load`` does ``handle.read()`` of whatever is there: a
    (sparse, so free to plant) 256 MiB file under a key's name costs 256 MiB of memory and
    its read on every cold ``get`` of that key (a size cap of a few kB would do)."""
    cache = FileCache(tmp_path / "tokens.json")
    key, credential = key_and_credential()
    cache.set(key, credential)
    record = cache.folder / (str(key).replace(":", "_") + ".json")
    assert record.exists()
    with open(record, "r+b") as handle:
        handle.truncate(256 * 2**20)
    tracemalloc.start()
    try:
        assert cache.get(key) is None
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 16 * 2**20, f"a cold get of one record allocated {peak / 2**20:.0f} MiB"


def test_folders_it_makes_itself_do_not_get_the_cache_refused(tmp_path: Path) -> None:
    """``_ensure_dir`` makes PATH's missing folders with ``mkdir(mode=0o700, parents=True)``:
    only the last gets 0700, the ones above get the umask's mode. Under umask 002 (Ubuntu's
    default for users) they are group-writable, so the cache then refuses the very folders
    it made ("writable by other users"), for good: tokens are cached per process only."""
    path = tmp_path / "home" / ".cache" / "keyhouse" / "tokens.json"
    key, credential = key_and_credential()
    old = os.umask(0o002)
    try:
        FileCache(path).set(key, credential)
    finally:
        os.umask(old)
    found = FileCache(path).get(key)  # another process
    assert found is not None, "the file cache refused the folders it had made itself"
