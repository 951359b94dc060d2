"""Review of a61e93a..main, the file cache sweep (d3f5940): tests written first that fail on
main."""

from __future__ import annotations

import contextlib
import os
import threading
import time
from pathlib import Path

import pytest
from keyhouse._cache import FileCache

from tests.core.test_file_cache import cred, other_key

pytestmark = pytest.mark.timeout(60)


def test_two_writers_finding_the_sweep_due_at_once_sweep_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The claim on ``.swept`` is a check (lstat) then a write (utime): two writers (threads
    here; processes alike) that both check before either writes both sweep the whole folder,
    each with its own thread. The test holds each check until the other one has checked too
    (for at most a second: a claim taken atomically lets the second writer through alone)."""
    cache = FileCache(tmp_path / "tokens.json")
    cache.set(other_key(), cred())  # the folder's first write, and sweep
    marker = cache.folder / ".swept"
    day_ago = time.time() - 86_401
    os.utime(marker, (day_ago, day_ago))  # due
    both_checked = threading.Barrier(2, timeout=1)
    listed: list[str] = []
    lstat, scandir = os.lstat, os.scandir

    def held_lstat(path: object, *args: object, **kwargs: object) -> os.stat_result:
        st = lstat(path, *args, **kwargs)  # type: ignore[arg-type]
        if str(path) == str(marker):
            with contextlib.suppress(threading.BrokenBarrierError):  # alone: let through
                both_checked.wait()
        return st

    def counted_scandir(path: object) -> os._ScandirIterator[str]:
        if str(path) == str(cache.folder):
            listed.append(threading.current_thread().name)
        return scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "lstat", held_lstat)
    monkeypatch.setattr(os, "scandir", counted_scandir)
    writers = [threading.Thread(target=cache.set, args=(other_key(), cred())) for _ in range(2)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(30)
    if cache._sweeper is not None:
        cache._sweeper.join(30)
    assert len(listed) == 1, f"the folder was swept {len(listed)} times: {listed}"
