"""A JSON file shared by the processes of one machine:
``{"version": 2, "entries": {key name: {"record": sealed (see ._key), "until": epoch|null}}}``.

* Trusted only like ssh trusts its files: the file and every folder up to ``/`` belong to this
  user (or root) and are not writable by others (folders above the cache's own may be sticky,
  like ``/tmp``). Otherwise the file is not used (warned once; tokens stay in-process): a file
  planted in a shared folder could hand this user another user's token.
* Mode 0600, folder created 0700. Writes are atomic (temp file, fsync, ``os.replace``, fsync of
  the folder) under ``<path>.lock``: a SIGKILL mid-write leaves the old file and a temp file,
  which later writes remove once it is a minute old (a live writer is done in milliseconds).
* Every write drops records past their ``until``. A corrupt file or one of another version
  (version 1 held tokens in plain text) reads as empty, with a warning, and is replaced.
* Single flight under ``<path>.<key>.lock`` (one lock per key, so one provider's slow login
  holds up no other). Every access reads the whole file: many tenants are better on Redis.
"""

from __future__ import annotations

import json
import math
import os
import stat
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import filelock

from keyhouse._credential import Credential
from keyhouse._redact import logger

from . import MemoryCache, record_until
from ._key import RECORD_VERSION, CacheKey

_VERSION = RECORD_VERSION
_POSIX = hasattr(os, "geteuid")  # elsewhere there are no owners and modes to check


class _Untrusted(Exception):
    """The cache file or a folder on its path may be controlled by another user."""


def _check(st: os.stat_result, what: str, strict: bool = True) -> None:
    if st.st_uid not in (os.geteuid(), 0):
        raise _Untrusted(f"the {what} belongs to another user (uid {st.st_uid})")
    mode = stat.S_IMODE(st.st_mode)
    if mode & 0o022 and (strict or not mode & stat.S_ISVTX):
        raise _Untrusted(f"the {what} is writable by other users (mode {mode:04o})")


def _live(entries: dict[str, Any]) -> dict[str, Any]:
    """The well-formed entries whose ``until`` has not passed."""
    now = time.time()
    return {
        name: entry
        for name, entry in entries.items()
        if isinstance(entry, dict)
        and isinstance(entry.get("record"), str)
        and (entry.get("until") is None or _future(entry["until"], now))
    }


def _future(until: Any, now: float) -> bool:
    return isinstance(until, (int, float)) and now < until < math.inf


class FileCache:
    """Credentials in one JSON file, for the processes of one machine."""

    blocking = True

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path: Path = Path(path).expanduser()
        self._prefix = f".{self.path.name}."  # of temp files
        self._warned: set[object] = set()
        self._mutex = threading.Lock()
        self._fallback = MemoryCache()  # while the file is not trusted

    def _check_folders(self) -> None:
        """Raise :class:`_Untrusted` unless every folder up to ``/`` is safe (ssh's rule)."""
        if not _POSIX:
            return
        strict = True  # the cache's own folder: not writable by others, sticky or not
        own = Path(os.path.realpath(self.path.parent))
        for folder in (own, *own.parents):
            with suppress(FileNotFoundError):  # created 0700 by the first write
                _check(os.stat(folder), f"folder {folder}", strict)
                strict = False

    def _refuse(self, exc: _Untrusted) -> None:
        if str(exc) not in self._warned:
            self._warned.add(str(exc))
            logger.warning(
                "token cache %s not used: %s (it could hold another user's token); "
                "tokens are cached in this process only",
                self.path,
                exc,
            )

    def _load(self) -> dict[str, Any]:
        self._check_folders()
        try:
            with open(self.path, "rb") as handle:
                st = os.fstat(handle.fileno())
                if _POSIX:
                    _check(st, "file")
                raw = handle.read()
        except FileNotFoundError:
            return {}
        except OSError as exc:  # its type and errno text only, never its repr
            logger.warning(
                "token cache %s unreadable (%s: %s); using none",
                self.path,
                type(exc).__name__,
                exc.strerror,
            )
            return {}
        try:
            document = json.loads(raw)
            version, entries = document.get("version"), document.get("entries")
            if version == _VERSION and isinstance(entries, dict):
                return entries
            problem = "is corrupt"
            if isinstance(version, int) and not isinstance(version, bool) and version != _VERSION:
                problem = f"has format version {version}, not {_VERSION}"
        except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
            problem = "is corrupt"
        if ("corrupt", st.st_ino, st.st_mtime_ns) not in self._warned:  # once per file state
            self._warned.add(("corrupt", st.st_ino, st.st_mtime_ns))
            logger.warning("token cache %s %s; treating it as empty", self.path, problem)
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
        cutoff = time.time() - 60
        with suppress(OSError), os.scandir(self.path.parent) as found:
            for entry in found:
                if entry.name.startswith(self._prefix) and entry.name.endswith(".tmp"):
                    with suppress(OSError):
                        st = entry.stat(follow_symlinks=False)
                        if stat.S_ISREG(st.st_mode) and st.st_mtime < cutoff:
                            os.unlink(entry.path)

    def _write(self, entries: dict[str, Any]) -> None:
        """Replace the file atomically; under :meth:`_data_lock`."""
        data = json.dumps({"version": _VERSION, "entries": entries}, separators=(",", ":"))
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

    def set(self, key: CacheKey, credential: Credential) -> None:
        try:
            with self._data_lock():
                entry = {"record": key.seal(credential), "until": record_until(credential)}
                self._write({**_live(self._load()), key.name: entry})
        except _Untrusted as exc:
            self._refuse(exc)
            self._fallback.set(key, credential)
        except OSError as exc:  # filelock.Timeout is one
            logger.warning("could not write token cache %s (%s)", self.path, type(exc).__name__)

    def delete(self, key: CacheKey, only_if_token: str | None = None) -> bool:
        try:
            with self._data_lock():
                entries = self._load()
                entry = entries.pop(key.name, None)
                if entry is None:
                    return False
                if only_if_token is not None:
                    current = key.open(entry.get("record")) if isinstance(entry, dict) else None
                    if current is not None and current.token != only_if_token:
                        return False
                self._write(_live(entries))
                return True
        except _Untrusted as exc:
            self._refuse(exc)
            return self._fallback.delete(key, only_if_token)
        except OSError as exc:
            logger.warning("could not update token cache %s (%s)", self.path, type(exc).__name__)
            return False

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
        else:
            try:
                yield True
            finally:
                lock.release()
            return
        yield False

    def close(self) -> None:
        pass

    def __repr__(self) -> str:
        return f"FileCache({str(self.path)!r})"
