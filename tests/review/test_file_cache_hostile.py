"""Review of the file cache against planted and hostile files in ``PATH.d`` (real files)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from keyhouse._cache import CacheKey, FileCache, cache_key
from keyhouse._credential import Credential

pytestmark = pytest.mark.timeout(60)


def key_and_credential() -> tuple[CacheKey, Credential]:
    key = cache_key("ovok", "https://api.example", "user@example.org", ("pw-review-0001",))
    return key, Credential(token="tok-review-0001", obtained_at=time.time(), expires_at=None)


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
