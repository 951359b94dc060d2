"""Records shared by the processes of one machine, one file per cache key, so that an access
costs the same whether 1 or 10,000 tenants share the cache. For ``file:PATH``, in the folder
``PATH.d`` (mode 0700), with ``NAME`` the key's name with all but ASCII letters and digits as ``_``:

* ``NAME.json``, mode 0600: ``{"version": 3, "record": sealed (see ._key), "until": epoch|null}``,
  its mtime ``until`` (a year on if null): the sweep reads only the records past it;
* ``NAME.lock``: the key's single flight; ``NAME.wlock``: its writers, one at a time;
* ``.NAME.tmp``: a write under way, or the leftover of a writer killed mid-write.

Used only when, as ssh wants of its files, the record, ``PATH.d`` and every folder up to ``/``
belong to this user (or root) and are not writable by others (sticky folders above ``PATH``'s
own excepted): a file planted in a shared folder could hand this user another user's token.
Records and ``PATH.d`` are never followed through a symbolic link; the folders it makes are
0700. Writes are atomic (temp file, fsync, rename). A record past its ``until`` reads as absent;
the key's next write removes it, or a daily sweep of the folder (made by a write, a thread past
its first entries, which the process waits for at exit), which also removes killed writers' temp
files. The sweep is marked done (``.swept``'s mtime) at its end: one cut short, its process
killed, is due again soon.
A corrupt record (one over 1 MiB too), or one of another version, reads as absent (one
warning). Versions 1 (plain text) and 2 (sealed) kept every key in the file ``PATH``: no longer
read, it is removed when the folder is made.
"""

from __future__ import annotations

import errno
import json
import math
import os
import stat
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, Final

import filelock

from keyhouse._credential import Credential
from keyhouse._redact import logger

from . import MemoryCache, record_until
from ._key import CacheKey

#: The version of a record file (1 and 2: one file held every key).
FILE_VERSION: Final = 3
_NOFOLLOW: Final = getattr(os, "O_NOFOLLOW", 0)
#: opening a planted FIFO must not block (POSIX; Windows has no FIFOs to plant here)
_NOBLOCK: Final = getattr(os, "O_NONBLOCK", 0) | _NOFOLLOW
_READ: Final = os.O_RDONLY | _NOBLOCK
_MOST: Final = 2**20  # bytes of a record file read (most are ~0.75 kB): longer is corrupt
_SWEEP_EVERY: Final = 86_400.0  # seconds between sweeps of the folder
_STALE: Final = 60.0  # seconds after which a temp file is nobody's
_SWEEP_NOW: Final = 64  # folder entries the due write sweeps itself: flat in the tenants

_Record = dict[str, Any]


class _Untrusted(Exception):
    """A record or a folder on its path may be controlled by another user."""


def _check(st: os.stat_result, what: str, strict: bool = True) -> None:
    if not hasattr(os, "geteuid"):  # not POSIX: no owners and modes
        return
    if st.st_uid not in (os.geteuid(), 0):
        raise _Untrusted(f"the {what} belongs to another user (uid {st.st_uid})")
    mode = stat.S_IMODE(st.st_mode)
    if mode & 0o022 and (strict or not mode & stat.S_ISVTX):
        raise _Untrusted(f"the {what} is writable by other users (mode {mode:04o})")


def _live(record: _Record) -> bool:
    """Whether ``until`` has not passed (a malformed one has)."""
    until = record.get("until")
    return until is None or time.time() < _float(until) < math.inf


def _float(value: Any) -> float:
    return value if isinstance(value, (int, float)) else math.nan


def _safe(name: str) -> str:
    return "".join(c if c.isascii() and c.isalnum() else "_" for c in name)


class FileCache:
    """Credentials in one file per key, for the processes of one machine."""

    blocking = True

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path: Path = Path(path).expanduser()
        self.folder: Path = self.path.parent / f"{self.path.name}.d"
        self._warned: set[object] = set()
        self._fallback = MemoryCache()  # while the cache is not trusted
        self._sweeper: threading.Thread | None = None

    def _warn_once(self, once: object, message: str, *args: object) -> None:
        if once not in self._warned:
            self._warned.add(once)
            logger.warning(message, *args)

    def _refuse(self, exc: _Untrusted) -> None:
        self._warn_once(
            str(exc),
            "token cache %s not used: %s (it could hold another user's token); "
            "tokens are cached in this process only",
            self.path,
            exc,
        )

    def _file(self, key: CacheKey | str, suffix: str) -> Path:
        return self.folder / (_safe(str(key)) + suffix)

    def _record(self, key: CacheKey) -> Path:
        return self._file(key, ".json")

    def _check_folders(self) -> bool:
        """Whether ``PATH.d`` exists; raise :class:`_Untrusted` unless it and every folder up
        to ``/`` are safe."""
        try:
            st = os.lstat(self.folder)
        except FileNotFoundError:
            exists = False
        else:
            if not stat.S_ISDIR(st.st_mode):  # a symbolic link, say
                raise _Untrusted(f"{self.folder} is a symbolic link or not a folder")
            _check(st, f"folder {self.folder}")
            exists = True
        strict = True  # PATH's folder too: not writable by others, sticky or not
        own = Path(os.path.realpath(self.path.parent))
        for folder in (own, *own.parents):
            with suppress(FileNotFoundError):  # created 0700 by the first write
                _check(os.stat(folder), f"folder {folder}", strict)
                strict = False
        return exists

    def _trust(self, st: os.stat_result, file: Path) -> None:
        if not stat.S_ISREG(st.st_mode):  # a symbolic link, a FIFO
            raise _Untrusted(f"the record {file.name} is not a regular file")
        _check(st, f"record {file.name}")

    def _load(self, file: Path, warn: bool = True) -> _Record | None:
        """The record in ``file``; ``None`` if there is none, or none readable."""
        try:
            fd = os.open(file, _READ)
        except FileNotFoundError:
            return None
        except OSError as exc:
            if exc.errno == errno.ELOOP:  # O_NOFOLLOW met a symbolic link
                raise _Untrusted(f"the record {file.name} is not a regular file") from None
            logger.warning(  # its type and errno text only, never its repr
                "token cache %s unreadable (%s: %s)", file, type(exc).__name__, exc.strerror
            )
            return None
        with open(fd, "rb") as handle:
            st = os.fstat(fd)
            self._trust(st, file)
            raw = handle.read(_MOST + 1)
        try:
            record = json.loads(raw) if len(raw) <= _MOST else None
        except (ValueError, RecursionError):
            record = None
        version = record.get("version") if isinstance(record, dict) else None
        if version == FILE_VERSION:
            return record
        problem = "is corrupt"
        if type(version) is int:
            problem = f"has format version {version}, not {FILE_VERSION}"
        if warn:
            once = (st.st_ino, st.st_mtime_ns)
            self._warn_once(once, "token cache %s %s; read as empty", file, problem)
        return None

    def get(self, key: CacheKey) -> Credential | None:
        try:
            self._check_folders()
            record = self._load(self._record(key))
        except _Untrusted as exc:
            self._refuse(exc)
            return self._fallback.get(key)
        return key.open(record.get("record")) if record and _live(record) else None

    def _ensure_dir(self) -> None:
        if self._check_folders():
            return
        missing = [self.folder]
        for folder in (self.path.parent, *self.path.parent.parents):
            if folder.exists():
                break
            missing.append(folder)
        for folder in reversed(missing):  # each 0700, not the umask's mode; never one that was
            with suppress(FileExistsError):
                folder.mkdir(mode=0o700)
                folder.chmod(0o700)  # the umask applies to mkdir's mode
                if folder == self.folder:
                    self._retire_single_file()
        self._check_folders()

    def _retire_single_file(self) -> None:
        """Remove the file of versions 1 and 2 (every key in ``PATH``): tokens, if in plain
        text, should not outlive their use. Any other file at ``PATH`` is not ours: kept."""
        with suppress(OSError, ValueError, RecursionError, _Untrusted):
            fd = os.open(self.path, _READ)
            with os.fdopen(fd, "rb") as handle:
                st = os.fstat(handle.fileno())
                _check(st, "file")
                old = stat.S_ISREG(st.st_mode) and json.loads(handle.read())
            if not (
                isinstance(old, dict)
                and old.get("version") in (1, 2)
                and isinstance(old.get("entries"), dict)
            ):
                return
            os.unlink(self.path)
            logger.warning(
                "token cache %s: an older format (one file for every key), removed; "
                "records now live in %s",
                self.path,
                self.folder,
            )

    @contextmanager
    def _writing(self, key: CacheKey | str, timeout: float = 10) -> Iterator[Path]:
        """The key's record file, its other writers locked out."""
        self._ensure_dir()
        path = str(self._file(key, ".wlock"))
        with filelock.FileLock(path, timeout=timeout, mode=0o600, thread_local=False):
            yield self._file(key, ".json")

    def _write(self, file: Path, data: bytes, until: float | None) -> None:
        """Replace ``file`` atomically, its mtime ``until``; under :meth:`_writing`, so a temp
        file there is the leftover of a writer killed mid-write."""
        tmp = file.with_name(f".{file.stem}.tmp")
        with suppress(FileNotFoundError):
            os.unlink(tmp)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600)
        try:
            with open(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, file)
        except BaseException:
            with suppress(OSError):
                os.unlink(tmp)
            raise
        mtime = time.time() + 365 * 86_400 if until is None else until
        with suppress(OSError, OverflowError, ValueError):  # else read by sweeps: only slower
            os.utime(file, (mtime, mtime))
        self._sync_folder()

    def _sync_folder(self) -> None:
        with suppress(OSError):  # the rename or unlink itself, durable
            folder = os.open(self.folder, os.O_RDONLY)
            try:
                os.fsync(folder)
            finally:
                os.close(folder)

    def _write_failed(self, exc: OSError) -> None:
        logger.warning("could not write token cache %s (%s)", self.path, type(exc).__name__)

    def set(self, key: CacheKey, credential: Credential) -> None:
        until = record_until(credential)
        record = {"version": FILE_VERSION, "record": key.seal(credential), "until": until}
        try:
            with self._writing(key) as file:
                with suppress(FileNotFoundError):
                    self._trust(os.lstat(file), file)
                self._write(file, json.dumps(record, separators=(",", ":")).encode(), until)
        except _Untrusted as exc:
            self._refuse(exc)
            self._fallback.set(key, credential)
            return
        except OSError as exc:  # filelock.Timeout is one
            self._write_failed(exc)
            return
        self._sweep_if_due()

    def delete(self, key: CacheKey, only_if_token: str | None = None) -> bool:
        try:
            with self._writing(key) as file:
                record = self._load(file)
                if record is None:
                    return False
                live = _live(record)  # an expired record goes, as absent
                if only_if_token is not None and live:
                    current = key.open(record.get("record"))
                    if current is not None and current.token != only_if_token:
                        return False
                os.unlink(file)
                self._sync_folder()
                return live
        except _Untrusted as exc:
            self._refuse(exc)
            return self._fallback.delete(key, only_if_token)
        except OSError as exc:  # filelock.Timeout is one
            self._write_failed(exc)
            return False

    def _sweep_if_due(self) -> None:
        """Once a day (``.swept``'s mtime), remove expired records and the temp files of
        writers killed mid-write: it lists the folder, so it is not done on every write."""
        if not self._sweep_due():
            return
        try:
            with self._writing(".sweep", timeout=0):  # one claimer at a time; the others skip
                if not self._sweep_due():  # claimed by the writer that held the lock
                    return
                self._mark_swept(done=False)  # claimed: other processes skip it a while
            entries = os.scandir(self.folder)
        except OSError:  # filelock.Timeout is one
            return
        if self._sweep(entries, _SWEEP_NOW):  # more: a thread sweeps (and closes) the rest,
            # not a daemon: a short-lived process (a CLI call) finishes the sweep before it exits
            self._sweeper = threading.Thread(target=self._sweep, args=(entries,))
            try:
                self._sweeper.start()
            except RuntimeError:  # the interpreter is exiting: the next due write goes on
                entries.close()

    def _sweep_due(self) -> bool:
        try:  # a marker dated ahead is no sweep to come
            return not 0 <= time.time() - os.lstat(self.folder / ".swept").st_mtime < _SWEEP_EVERY
        except FileNotFoundError:
            return True

    def _mark_swept(self, done: bool) -> None:
        """``.swept`` dated now if ``done``; else claimed: due again in ``_STALE`` seconds."""
        marker, when = self.folder / ".swept", time.time() - (0 if done else _SWEEP_EVERY - _STALE)
        fd = os.open(marker, os.O_WRONLY | os.O_CREAT | _NOBLOCK, 0o600)
        try:  # a planted FIFO (say) is no marker: no sweep
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise OSError(errno.EINVAL, "the sweep marker is not a regular file")
        finally:
            os.close(fd)
        os.utime(marker, (when, when))

    def _sweep(self, entries: os._ScandirIterator[str], most: float = math.inf) -> bool:
        """Sweep ``most`` entries at most; whether some may be left (``entries`` then open).
        Metadata only: a record is read once its mtime, its ``until``, has passed. The sweep
        is marked done at its end only: one cut short (its process killed) is due again soon."""
        now = time.time()
        with suppress(OSError):
            for done, entry in enumerate(entries, 1):
                with suppress(OSError, _Untrusted):
                    name = entry.name
                    if name.startswith(".") and name.endswith(".tmp"):
                        st = entry.stat(follow_symlinks=False)
                        if stat.S_ISREG(st.st_mode) and st.st_mtime < now - _STALE:
                            os.unlink(entry.path)
                    elif (
                        name.endswith(".json") and entry.stat(follow_symlinks=False).st_mtime <= now
                    ):
                        self._drop_if_expired(name.removesuffix(".json"))
                if done % _SWEEP_NOW == 0:
                    self._mark_swept(done=False)  # still at it: claimed a while longer
                if done >= most:
                    return True
            self._mark_swept(done=True)
        entries.close()
        return False

    def _drop_if_expired(self, name: str) -> None:
        record = self._load(self._file(name, ".json"), warn=False)
        if record is None or _live(record):
            return
        with self._writing(name, timeout=0) as file:  # busy: being written, soon not expired
            record = self._load(file, warn=False)
            if record is not None and not _live(record):
                os.unlink(file)

    @contextmanager
    def lock(self, key: CacheKey, timeout: float) -> Iterator[bool]:
        """Cross-process lock on ``key``; not bound to a thread (async callers hop threads)."""
        path = str(self._file(key, ".lock"))
        lock = filelock.FileLock(path, timeout=timeout, mode=0o600, thread_local=False)
        try:
            self._ensure_dir()
            lock.acquire()
        except _Untrusted as exc:
            self._refuse(exc)
        except OSError as exc:  # filelock.Timeout is one
            busy = isinstance(exc, filelock.Timeout)
            why = f"busy for {timeout:.0f}s" if busy else f"unusable ({type(exc).__name__})"
            logger.warning("token cache lock %s %s; going ahead", path, why)
        try:
            yield lock.is_locked
        finally:
            if lock.is_locked:
                lock.release()

    def close(self) -> None:
        pass

    def __repr__(self) -> str:
        return f"FileCache({str(self.path)!r})"
