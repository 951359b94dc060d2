"""The file cache shared by many tenants: an access costs the same with 1 or 10,000 of them
(it reads and writes the one key's data, never the others'), and the per-key layout keeps the
single file's guarantees (sealed, private, atomic, expiring, never through a planted link)."""

from __future__ import annotations

import builtins
import contextlib
import json
import logging
import os
import stat
import subprocess
import sys
import threading
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from keyhouse._cache import CacheKey, FileCache
from keyhouse._credential import Credential

from .test_cache import K, cred

TENANTS = 200


def other_key() -> CacheKey:
    """Another tenant's key (random: no scrypt run per tenant)."""
    return CacheKey(f"fake:v2:{os.urandom(16).hex()}", os.urandom(32))


def fill(cache: FileCache, n: int = TENANTS) -> list[CacheKey]:
    keys = [other_key() for _ in range(n)]
    for k in keys:
        cache.set(k, cred("x" * 330))
    return keys


def tree(root: Path) -> dict[Path, tuple[int, int, int]]:
    """Every file under ``root``: inode, mtime and size."""
    found = {}
    for folder, _, names in os.walk(root):
        for name in names:
            st = os.lstat(os.path.join(folder, name))
            found[Path(folder, name)] = (st.st_ino, st.st_mtime_ns, st.st_size)
    return found


class Reads:
    """The bytes of the files under ``root`` that are opened, and the folders listed."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, root: Path) -> None:
        self.root = str(root)
        self.bytes = 0
        self.listed: list[str] = []
        real_open, real_os_open, real_scandir = builtins.open, os.open, os.scandir

        def tracked_open(file: Any, *args: Any, **kwargs: Any) -> Any:
            self._saw(file)
            return real_open(file, *args, **kwargs)

        def tracked_os_open(path: Any, *args: Any, **kwargs: Any) -> int:
            self._saw(path)
            return real_os_open(path, *args, **kwargs)

        def tracked_scandir(path: Any = ".") -> Any:
            if isinstance(path, (str, os.PathLike)) and os.fspath(path).startswith(self.root):
                self.listed.append(os.fspath(path))
            return real_scandir(path)

        monkeypatch.setattr(builtins, "open", tracked_open)
        monkeypatch.setattr(os, "open", tracked_os_open)
        monkeypatch.setattr(os, "scandir", tracked_scandir)

    def _saw(self, file: Any) -> None:
        if isinstance(file, (str, os.PathLike)) and os.fspath(file).startswith(self.root):
            try:
                st = os.stat(file)
            except OSError:
                return
            if stat.S_ISREG(st.st_mode):
                self.bytes += st.st_size


def test_one_tenants_access_touches_only_its_own_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = FileCache(tmp_path / "tokens.json")
    fill(cache)
    cache.set(K, cred("tok-a"))
    everyone = sum(size for _, _, size in tree(tmp_path).values())
    one_record = 4096  # a record is under 1 kB; every tenant's: over 100 kB
    assert everyone > 25 * one_record

    before = tree(tmp_path)
    reads = Reads(monkeypatch, tmp_path)
    assert FileCache(tmp_path / "tokens.json").get(K) is not None
    assert reads.bytes < one_record, "a get read other tenants' records"
    assert reads.listed == [], "a get listed the folder"

    reads.bytes = 0
    cache.set(K, cred("tok-b"))
    assert reads.bytes < one_record, "a set read other tenants' records"
    assert reads.listed == [], "a set listed the folder"
    after = tree(tmp_path)
    written = sum(after[p][2] for p in after if before.get(p) != after[p])
    assert written < one_record, "a set rewrote other tenants' records"

    reads.bytes = 0
    assert cache.delete(K, only_if_token="tok-b") is True
    assert reads.bytes < one_record, "a delete read other tenants' records"
    gone = tree(tmp_path)
    assert sum(gone[p][2] for p in gone if after.get(p) != gone[p]) < one_record
    monkeypatch.undo()
    assert cache.get(K) is None


def test_a_write_leaves_other_tenants_record_files_as_they_were(tmp_path: Path) -> None:
    cache = FileCache(tmp_path / "tokens.json")
    others = fill(cache, 20)
    before = {k: os.stat(cache._record(k)) for k in others}
    cache.set(K, cred("tok-a"))
    cache.delete(K)
    for k in others:
        st = os.stat(cache._record(k))
        assert (st.st_ino, st.st_mtime_ns) == (before[k].st_ino, before[k].st_mtime_ns)


def test_record_files_are_named_from_the_key_name_only(tmp_path: Path) -> None:
    cache = FileCache(tmp_path / "tokens.json")
    odd = CacheKey("../é/x:v2:" + "ab" * 16, os.urandom(32))
    cache.set(odd, cred())
    cache.set(K, cred())
    assert cache._record(K).name == K.name.replace(":", "_") + ".json"
    names = sorted(p.name for p in cache.folder.iterdir())
    assert all(n.replace("_", "").replace(".", "").isalnum() and n.isascii() for n in names)
    assert list(tmp_path.iterdir()) == [cache.folder]  # nothing beside it
    assert cache.get(odd) is not None


def expired(token: str = "tok-gone") -> Credential:
    return Credential(token=token, obtained_at=1.0, expires_at=2.0)


def test_expired_record_reads_as_absent_and_goes_with_the_keys_next_write(
    tmp_path: Path,
) -> None:
    cache = FileCache(tmp_path / "tokens.json")
    cache.set(other_key(), cred())  # the folder's first write, and sweep
    cache.set(K, expired())
    record = cache._record(K)
    assert record.exists()
    assert cache.get(K) is None  # absent, though still on disk
    assert record.exists()
    assert cache.delete(K, only_if_token="another") is False  # absent: nothing to compare
    assert not record.exists()  # yet it went
    cache.set(K, expired())
    cache.set(K, cred("tok-live"))
    assert cache.get(K).token == "tok-live"  # type: ignore[union-attr]


def test_daily_sweep_drops_expired_records_and_killed_writers_temp_files(
    tmp_path: Path,
) -> None:
    cache = FileCache(tmp_path / "tokens.json")
    cache.set(K, cred())  # the folder's first write sweeps (nothing yet)
    gone, kept = other_key(), other_key()
    cache.set(gone, expired())
    cache.set(kept, cred())
    stale, fresh = cache.folder / ".gone.tmp", cache.folder / ".fresh.tmp"
    stale.write_text("half")
    fresh.write_text("half")
    hour_ago = time.time() - 3600
    os.utime(stale, (hour_ago, hour_ago))
    cache.set(K, cred())  # not yet: the folder is swept once a day
    assert cache._record(gone).exists()
    assert stale.exists()

    day_ago = time.time() - 86_401
    os.utime(cache.folder / ".swept", (day_ago, day_ago))
    cache.set(K, cred())
    assert not cache._record(gone).exists()
    assert not stale.exists()
    assert fresh.exists()  # could be a live writer's
    assert cache.get(kept) is not None
    assert cache.get(K) is not None


def test_sweep_leaves_a_record_being_written(tmp_path: Path) -> None:
    cache = FileCache(tmp_path / "tokens.json")
    cache.set(other_key(), cred())  # the folder's first write, and sweep
    cache.set(K, expired())
    (cache.folder / ".swept").unlink()
    with cache._writing(K):  # another writer holds the key
        cache._sweep_if_due()
    assert cache._record(K).exists()


def due_write(cache: FileCache) -> None:
    """A write that finds the daily sweep due, and the end of that sweep."""
    day_ago = time.time() - 86_401
    os.utime(cache.folder / ".swept", (day_ago, day_ago))
    cache.set(K, cred())
    if cache._sweeper is not None:
        cache._sweeper.join(30)


def test_a_due_sweep_opens_only_records_past_their_expiry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A record file's mtime is its expiry: the sweep reads no live tenant's record."""
    cache = FileCache(tmp_path / "tokens.json")
    live, gone = fill(cache, 30), [other_key() for _ in range(5)]
    for k in gone:
        cache.set(k, expired())
    opened: list[str] = []
    real_open = os.open

    def tracked_open(path: Any, *args: Any, **kwargs: Any) -> int:
        opened.append(os.path.basename(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", tracked_open)
    due_write(cache)
    assert not any(cache._record(k).exists() for k in gone)
    assert all(cache._record(k).exists() for k in live)
    assert not {cache._record(k).name for k in live} & set(opened), "the sweep read live records"


def test_the_due_write_sweeps_a_bounded_part_of_the_folder_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """However many tenants, the caller whose write finds the sweep due handles at most
    ``_SWEEP_NOW`` folder entries; a thread the rest, which goes as well."""
    from keyhouse._cache import _file

    cache = FileCache(tmp_path / "tokens.json")
    gone = [other_key() for _ in range(3 * _file._SWEEP_NOW)]
    for k in gone:
        cache.set(k, expired())
    caller, dropped_by_caller = threading.current_thread(), []
    real_drop = FileCache._drop_if_expired

    def tracked_drop(self: FileCache, name: str) -> None:
        if threading.current_thread() is caller:
            dropped_by_caller.append(name)
        real_drop(self, name)

    monkeypatch.setattr(FileCache, "_drop_if_expired", tracked_drop)
    due_write(cache)
    assert len(dropped_by_caller) <= _file._SWEEP_NOW < len(gone)
    assert not any(cache._record(k).exists() for k in gone)
    assert cache.get(K) is not None


class _Killed:
    """The sweeper thread of a process killed first (SIGKILL, ``os._exit``): never runs."""

    def __init__(self, **kwargs: Any) -> None:
        pass

    def start(self) -> None:
        pass

    def join(self, timeout: float) -> None:
        pass


def test_a_sweep_cut_short_by_a_killed_process_is_due_again_soon(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sweep is marked done only once the folder is through: one whose process was killed
    before its thread was is due again once its claim is stale (a minute), not in a day."""
    from types import SimpleNamespace

    from keyhouse._cache import _file

    cache = FileCache(tmp_path / "tokens.json")
    gone = [other_key() for _ in range(2 * _file._SWEEP_NOW)]
    for k in gone:
        cache.set(k, expired())
    with monkeypatch.context() as patch:
        patch.setattr(_file, "threading", SimpleNamespace(Thread=_Killed))
        due_write(cache)
    assert 0 < sum(cache._record(k).exists() for k in gone) < len(gone)  # the write's share
    marker = cache.folder / ".swept"
    claimed = os.lstat(marker).st_mtime - _file._STALE - 1  # the claim, gone stale
    os.utime(marker, (claimed, claimed))
    cache.set(K, cred())
    if cache._sweeper is not None:
        cache._sweeper.join(30)
    assert not any(cache._record(k).exists() for k in gone)
    assert time.time() - os.lstat(marker).st_mtime < 60  # done: due again in a day


def test_a_short_lived_process_finishes_the_sweep_it_started(tmp_path: Path) -> None:
    """A CLI call or a cron job whose write finds the sweep due: its thread, past the write's
    share, is no daemon killed at exit (each process would sweep only 64 entries a day)."""
    cache = FileCache(tmp_path / "tokens.json")
    cache.set(other_key(), cred())  # the folder's first write, and sweep
    cache.set(K, expired())
    record = cache._record(K).read_bytes()
    for n in range(3000):  # copies of an expired record: the sweep reads only "until"
        file = cache.folder / f"gone{n}.json"
        file.write_bytes(record)
        os.chmod(file, 0o600)
        os.utime(file, (2.0, 2.0))
    (cache.folder / ".swept").unlink()  # due
    script = (
        "import os, sys, time\n"
        "from keyhouse._cache import CacheKey, FileCache\n"
        "from keyhouse._credential import Credential\n"
        "key = CacheKey('fake:v2:' + os.urandom(16).hex(), os.urandom(32))\n"
        "FileCache(sys.argv[1]).set(key, Credential('tok', time.time(), time.time() + 600))\n"
    )
    subprocess.run([sys.executable, "-c", script, str(cache.path)], check=True, timeout=120)
    assert not list(cache.folder.glob("gone*.json"))


def test_a_sweep_marker_in_the_future_does_not_stop_the_sweeps(tmp_path: Path) -> None:
    """A ``.swept`` dated ahead (a clock set back, a copied folder) is no sweep to come."""
    cache = FileCache(tmp_path / "tokens.json")
    cache.set(K, cred())  # the folder's first write, and sweep
    gone = other_key()
    cache.set(gone, expired())
    ahead = time.time() + 30 * 86_400
    os.utime(cache.folder / ".swept", (ahead, ahead))
    cache.set(K, cred())
    if cache._sweeper is not None:
        cache._sweeper.join(30)
    assert not cache._record(gone).exists()
    assert os.lstat(cache.folder / ".swept").st_mtime <= time.time()


def test_planted_symbolic_links_are_not_followed(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    cache = FileCache(tmp_path / "tokens.json")
    cache.set(K, cred("tok-a"))
    victim = tmp_path / "victim"
    victim.write_text("precious")
    tmp = cache.folder / f".{cache._record(K).stem}.tmp"
    tmp.symlink_to(victim)  # a write must not go through its temp file
    cache.set(K, cred("tok-b"))
    assert victim.read_text() == "precious"
    assert cache.get(K).token == "tok-b"  # type: ignore[union-attr]

    record = cache._record(K)
    record.unlink()
    record.symlink_to(victim)
    with caplog.at_level(logging.WARNING, logger="keyhouse"):
        assert cache.get(K) is None
        cache.set(K, cred("tok-c"))  # kept in the process, not written through the link
        assert cache.get(K).token == "tok-c"  # type: ignore[union-attr]
    assert victim.read_text() == "precious"
    assert record.is_symlink()
    warnings = [r.getMessage() for r in caplog.records]
    assert len(warnings) == 1, warnings
    assert "not a regular file" in warnings[0]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs")
@pytest.mark.timeout(10)
def test_a_planted_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    cache = FileCache(tmp_path / "tokens.json")
    cache.set(K, cred())
    cache._record(K).unlink()
    os.mkfifo(cache._record(K), 0o600)
    assert cache.get(K) is None
    assert cache.delete(K) is False


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs")
@pytest.mark.timeout(60)
def test_planted_fifo_as_sweep_marker_does_not_hang_a_write(tmp_path: Path) -> None:
    """A FIFO planted as ``PATH.d/.swept``, dated over a day back, must not make the next
    ``set`` (the leader's, inside the key's lock) block forever opening it: no sweep then."""
    cache = FileCache(tmp_path / "tokens.json")
    cache.set(K, cred())  # PATH.d made, the first sweep done
    marker = cache.folder / ".swept"
    marker.unlink()
    os.mkfifo(marker, 0o600)
    os.utime(marker, (0, 0))  # a sweep is due
    done = threading.Event()

    def write() -> None:
        cache.set(K, cred())
        done.set()

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    hung = not done.wait(5)
    if hung:  # unblock it: a reader on the FIFO lets its open return
        os.close(os.open(marker, os.O_RDONLY | os.O_NONBLOCK))
        writer.join(5)
    assert not hung, "FileCache.set blocked opening a FIFO planted as .swept"
    assert stat.S_ISFIFO(os.lstat(marker).st_mode)


def test_huge_record_is_not_read_whole(tmp_path: Path) -> None:
    """A record is ~0.75 kB: a planted (sparse, so free) 256 MiB file under a key's name is
    corrupt, read as absent without being read whole on every cold ``get``."""
    cache = FileCache(tmp_path / "tokens.json")
    cache.set(K, cred())
    with open(cache._record(K), "r+b") as handle:
        handle.truncate(256 * 2**20)
    tracemalloc.start()
    try:
        assert cache.get(K) is None
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 16 * 2**20, f"a cold get of one record allocated {peak / 2**20:.0f} MiB"


@pytest.mark.skipif(not hasattr(os, "umask") or os.name != "posix", reason="POSIX modes")
def test_folders_it_makes_itself_do_not_get_the_cache_refused(tmp_path: Path) -> None:
    """Every folder it makes for ``PATH`` is 0700, not the umask's mode: under umask 002
    (Ubuntu's default for users) the ones above the last were group-writable, and the cache
    then refused the very folders it had made, for good. A folder that was there is kept as
    it was."""
    home = tmp_path / "home"
    home.mkdir(mode=0o750)
    path = home / ".cache" / "keyhouse" / "tokens.json"
    old = os.umask(0o002)
    try:
        FileCache(path).set(K, cred())
    finally:
        os.umask(old)
    assert FileCache(path).get(K) is not None, "the cache refused the folders it had made itself"
    for folder in (home / ".cache", path.parent, path.parent / "tokens.json.d"):
        assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700, folder
    assert stat.S_IMODE(os.stat(home).st_mode) == 0o750


def test_old_single_file_goes_when_the_folder_is_made(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "tokens.json"
    path.write_text(json.dumps({"version": 2, "entries": {K.name: {"record": "2.x"}}}))
    cache = FileCache(path)
    assert cache.get(K) is None  # not read
    assert path.exists()  # nor removed by a read
    with caplog.at_level(logging.WARNING, logger="keyhouse"):
        cache.set(K, cred())
    assert not path.exists()
    assert "older format" in caplog.text
    path.write_text("{}")  # an older keyhouse still running: left alone from now on
    cache.set(K, cred())
    assert path.exists()


@pytest.mark.parametrize(
    "content",
    [b"my notes, not a token cache\n", b'{"version": 2}', b'{"version": 7, "entries": {}}', b""],
)
def test_a_file_at_path_that_is_no_old_cache_is_left_alone(tmp_path: Path, content: bytes) -> None:
    """Only a file in the old cache format is removed: ``file:PATH`` naming some other file
    by mistake costs no data."""
    path = tmp_path / "notes.txt"
    path.write_bytes(content)
    FileCache(path).set(K, cred())
    assert path.read_bytes() == content


def records(cache: FileCache) -> Iterator[dict[str, Any]]:
    for file in cache.folder.glob("*.json"):
        yield json.loads(file.read_text())


def test_records_are_sealed_and_versioned(tmp_path: Path) -> None:
    cache = FileCache(tmp_path / "tokens.json")
    cache.set(K, cred("tok-plain-canary", refresh_token="ref-plain-canary"))
    (record,) = records(cache)
    assert record["version"] == 3
    assert record["record"].startswith("2.")
    assert b"plain-canary" not in cache._record(K).read_bytes()


def test_two_writers_finding_the_sweep_due_at_once_sweep_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The claim on ``.swept`` was a check (lstat) then a write (utime): two writers (threads
    here; processes alike) that both checked before either wrote both swept the whole folder,
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
