"""A JSON file shared by the processes of one machine, mode 0600 in a 0700 folder:
``{"version": 2, "entries": {key name: {"record": sealed (see ._key), "until": epoch|null}}}``.

Used only when, as ssh wants of its files, it and every folder up to ``/`` belong to this user
(or root) and are not writable by others (sticky folders above its own excepted): a file
planted in a shared folder could hand this user another user's token. Writes are atomic (temp
file, fsync, rename) under ``<path>.lock`` and drop expired records; the temp file of a writer
killed mid-write is swept by a later write. A corrupt file, or one of another version (1 held
tokens in plain text), reads as empty. Single flight: one ``<path>.<key>.lock`` per key.
"""

from __future__ import annotations

import glob
import json
import math
import os
import stat
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import filelock

from keyhouse._credential import Credential
from keyhouse._redact import logger

from . import MemoryCache, record_until
from ._key import RECORD_VERSION, CacheKey

_Entries = dict[str, Any]


class _Untrusted(Exception):
    """The cache file or a folder on its path may be controlled by another user."""


def _check(st: os.stat_result, what: str, strict: bool = True) -> None:
    if not hasattr(os, "geteuid"):  # not POSIX: no owners and modes
        return
    if st.st_uid not in (os.geteuid(), 0):
        raise _Untrusted(f"the {what} belongs to another user (uid {st.st_uid})")
    mode = stat.S_IMODE(st.st_mode)
    if mode & 0o022 and (strict or not mode & stat.S_ISVTX):
        raise _Untrusted(f"the {what} is writable by other users (mode {mode:04o})")


def _live(entries: _Entries) -> _Entries:
    """The well-formed entries whose ``until`` has not passed."""
    now = time.time()
    return {
        name: entry
        for name, entry in entries.items()
        if isinstance(entry, dict)
        and isinstance(entry.get("record"), str)
        and (entry.get("until") is None or now < _float(entry["until"]) < math.inf)
    }


def _float(value: Any) -> float:
    return value if isinstance(value, (int, float)) else math.nan


class FileCache:
    """Credentials in one JSON file, for the processes of one machine."""

    blocking = True

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path: Path = Path(path).expanduser()
        self._prefix = f".{self.path.name}."  # of temp files
        self._warned: set[object] = set()
        self._mutex = threading.Lock()
        self._fallback = MemoryCache()  # while the file is not trusted

    def _warn_once(self, once: object, message: str, *args: object) -> None:
        if once not in self._warned:
            self._warned.add(once)
            logger.warning(message, self.path, *args)

    def _refuse(self, exc: _Untrusted) -> None:
        self._warn_once(
            str(exc),
            "token cache %s not used: %s (it could hold another user's token); "
            "tokens are cached in this process only",
            exc,
        )

    def _check_folders(self) -> None:
        """Raise :class:`_Untrusted` unless every folder up to ``/`` is safe."""
        strict = True  # the cache's own folder: not writable by others, sticky or not
        own = Path(os.path.realpath(self.path.parent))
        for folder in (own, *own.parents):
            with suppress(FileNotFoundError):  # created 0700 by the first write
                _check(os.stat(folder), f"folder {folder}", strict)
                strict = False

    def _load(self) -> _Entries:
        self._check_folders()
        try:
            with open(self.path, "rb") as handle:
                st = os.fstat(handle.fileno())
                _check(st, "file")
                raw = handle.read()
        except FileNotFoundError:
            return {}
        except OSError as exc:  # its type and errno text only, never its repr
            logger.warning(
                "token cache %s unreadable (%s: %s)", self.path, type(exc).__name__, exc.strerror
            )
            return {}
        try:
            document = json.loads(raw)
        except (ValueError, RecursionError):
            document = None
        if not isinstance(document, dict):
            document = {}
        version, entries = document.get("version"), document.get("entries")
        if version == RECORD_VERSION and isinstance(entries, dict):
            return entries
        problem = "is corrupt"
        if type(version) is int and version != RECORD_VERSION:
            problem = f"has format version {version}, not {RECORD_VERSION}"
        self._warn_once((st.st_ino, st.st_mtime_ns), "token cache %s %s; read as empty", problem)
        return {}

    def get(self, key: CacheKey) -> Credential | None:
        try:
            entry = self._load().get(key.name)
        except _Untrusted as exc:
            self._refuse(exc)
            return self._fallback.get(key)
        return key.open(entry.get("record")) if isinstance(entry, dict) else None

    @contextmanager
    def _data_lock(self) -> Iterator[None]:
        self._ensure_dir()
        lock = filelock.FileLock(f"{self.path}.lock", timeout=10, mode=0o600, thread_local=False)
        with self._mutex, lock:
            yield

    def _ensure_dir(self) -> None:
        self._check_folders()
        if not self.path.parent.exists():
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            self._check_folders()

    def _sweep(self) -> None:
        """Remove the temp files of writers killed mid-write (a minute old: nobody's)."""
        for leftover in self.path.parent.glob(glob.escape(self._prefix) + "*.tmp"):
            with suppress(OSError):
                st = leftover.lstat()
                if stat.S_ISREG(st.st_mode) and st.st_mtime < time.time() - 60:
                    leftover.unlink()

    def _write(self, entries: _Entries) -> None:
        """Replace the file atomically; under :meth:`_data_lock`."""
        data = json.dumps({"version": RECORD_VERSION, "entries": entries}, separators=(",", ":"))
        self._sweep()
        fd, tmp = tempfile.mkstemp(prefix=self._prefix, suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:  # mkstemp: mode 0600
                handle.write(data.encode())
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            with suppress(OSError):
                os.unlink(tmp)
            raise
        with suppress(OSError):  # the rename itself, durable
            folder = os.open(self.path.parent, os.O_RDONLY)
            try:
                os.fsync(folder)
            finally:
                os.close(folder)

    def _update(self, change: Callable[[_Entries], _Entries | None]) -> bool | None:
        """Write ``change(entries)`` unless it is ``None``; whether it wrote (``None``: the
        file is not trusted)."""
        try:
            with self._data_lock():
                entries = change(self._load())
                if entries is not None:
                    self._write(entries)
                return entries is not None
        except _Untrusted as exc:
            self._refuse(exc)
            return None
        except OSError as exc:  # filelock.Timeout is one
            logger.warning("could not write token cache %s (%s)", self.path, type(exc).__name__)
            return False

    def set(self, key: CacheKey, credential: Credential) -> None:
        entry = {"record": key.seal(credential), "until": record_until(credential)}
        if self._update(lambda entries: {**_live(entries), key.name: entry}) is None:
            self._fallback.set(key, credential)

    def delete(self, key: CacheKey, only_if_token: str | None = None) -> bool:
        def change(entries: _Entries) -> _Entries | None:
            entry = entries.pop(key.name, None)
            if entry is None:
                return None
            if only_if_token is not None and isinstance(entry, dict):
                current = key.open(entry.get("record"))
                if current is not None and current.token != only_if_token:
                    return None
            return _live(entries)

        done = self._update(change)
        return self._fallback.delete(key, only_if_token) if done is None else done

    @contextmanager
    def lock(self, key: CacheKey, timeout: float) -> Iterator[bool]:
        """Cross-process lock on ``key``; not bound to a thread (async callers hop threads)."""
        path = f"{self.path}.{''.join(c if c.isalnum() else '_' for c in key.name)}.lock"
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
