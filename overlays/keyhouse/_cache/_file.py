"""A JSON file shared by processes on one machine.

* format (version 2): ``{"version": 2, "entries": {key name: {"record": sealed, "until": t}}}``
  where ``sealed`` is :meth:`CacheKey.seal` output (AES-GCM under a key derived from the
  credentials, see :mod:`keyhouse._cache._key`): the file holds no token, key or secret in
  plain text. ``until`` (epoch seconds, or null) is when the record is of no more use; every
  write drops the records past it, so the file holds the live tenants only. A file of another
  version (version 1 stored tokens in plain text) is ignored, with a log line, and replaced by
  the next write: never misread;
* trusted only like ssh trusts its files: the file and its folder must belong to this user (or
  root) and not be writable by group or others; the folders above it as well, unless they are
  sticky (like ``/tmp``). Otherwise the file is not used at all (a warning, once; the cache
  works in-process only): a file planted in a shared folder could hand this user another
  user's token;
* mode 0600, parent directory created 0700 if missing;
* every write is atomic: temp file in the same directory, fsync, ``os.replace``, fsync of the
  directory, so a reader sees the old file or the new one, never half of one (also after a
  SIGKILL mid-write);
* read-modify-write under ``<path>.lock``; single flight under ``<path>.<key>.lock`` (one lock
  file per key, so one provider's slow login does not hold up another's) via ``filelock``;
* a corrupt or truncated file is treated as empty, with a warning, and is overwritten by the
  next write;
* a writer killed mid-write leaves its temp file (``.<name>.*.tmp``) behind: every write
  removes those older than a minute (a live writer holds the data lock and finishes within
  milliseconds, so an old temp file is nobody's).

Every read parses the whole file and every write rewrites it: cost grows with the number of
live records (see the README's token caches section for measured numbers); many tenants on
one machine are better served by Redis.
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

from ._base import record_until
from ._key import RECORD_VERSION, CacheKey
from ._memory import MemoryCache

__all__ = ["FileCache"]

_VERSION = RECORD_VERSION
_DATA_LOCK_TIMEOUT = 10.0
_STALE_TEMP_AGE = 60.0  # seconds


class _Untrusted(Exception):
    """The cache file or a folder on its path may be controlled by another user."""


class FileCache:
    """Credentials in one JSON file (``{"version": 2, "entries": {name: {record, until}}}``)."""

    blocking = True

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path: Path = Path(path).expanduser()
        self._data_lock_path = str(self.path) + ".lock"
        self._warned_corrupt: tuple[int, int] | None = None
        self._warned: set[str] = set()
        self._mutex = threading.Lock()
        self._fallback = MemoryCache()  # used while the file is not trusted

    # --- trust ---------------------------------------------------------------------------------

    @staticmethod
    def _unsafe(st: os.stat_result, *, folder: bool, strict: bool) -> str | None:
        """Why a file or folder with this ``stat`` is not safe, or ``None``."""
        uid = os.geteuid()
        what = "folder" if folder else "file"
        if st.st_uid not in (uid, 0):
            return f"the {what} belongs to another user (uid {st.st_uid})"
        mode = stat.S_IMODE(st.st_mode)
        if mode & 0o022 and (strict or not (folder and mode & stat.S_ISVTX)):
            return f"the {what} is writable by other users (mode {mode:04o})"
        return None

    def _check_folders(self) -> None:
        """Raise :class:`_Untrusted` unless every folder up to ``/`` is safe (ssh's rule)."""
        if not hasattr(os, "geteuid"):  # not POSIX: no owners and modes to check
            return
        folder = Path(os.path.realpath(self.path.parent))
        strict = True  # the cache's own folder: not writable by others, sticky or not
        while True:
            try:
                st = os.stat(folder)
            except FileNotFoundError:
                pass  # created 0700 by the first write
            else:
                reason = self._unsafe(st, folder=True, strict=strict)
                if reason is not None:
                    raise _Untrusted(f"{folder}: {reason}")
                strict = False
            if folder.parent == folder:
                return
            folder = folder.parent

    def _check_file(self, st: os.stat_result) -> None:
        if hasattr(os, "geteuid"):
            reason = self._unsafe(st, folder=False, strict=True)
            if reason is not None:
                raise _Untrusted(reason)

    def _refuse(self, exc: _Untrusted) -> None:
        reason = str(exc)
        if reason not in self._warned:
            self._warned.add(reason)
            logger.warning(
                "token cache %s not used: %s (it could hold another user's token); "
                "tokens are cached in this process only",
                self.path,
                reason,
            )

    # --- reading -----------------------------------------------------------------------------

    def _load(self) -> dict[str, Any]:
        self._check_folders()
        try:
            with open(self.path, "rb") as handle:
                stat_ = os.fstat(handle.fileno())
                self._check_file(stat_)
                raw = handle.read()
        except FileNotFoundError:
            return {}
        except OSError as exc:
            # the exception's type and errno text only: like the writers below, never its repr
            reason = f"{type(exc).__name__}: {exc.strerror}" if exc.strerror else type(exc).__name__
            logger.warning("token cache %s unreadable (%s); using none", self.path, reason)
            return {}
        fingerprint = (stat_.st_ino, stat_.st_mtime_ns)
        try:
            document = json.loads(raw)
            version = document.get("version")
            if isinstance(version, int) and not isinstance(version, bool) and version != _VERSION:
                if self._warned_corrupt != fingerprint:
                    self._warned_corrupt = fingerprint
                    logger.warning(
                        "token cache %s has format version %d, not %d; ignoring it (the next "
                        "write replaces it)",
                        self.path,
                        version,
                        _VERSION,
                    )
                return {}
            entries = document["entries"] if version == _VERSION else None
            if not isinstance(entries, dict):
                raise ValueError("no entries")
        except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
            if self._warned_corrupt != fingerprint:
                self._warned_corrupt = fingerprint
                logger.warning("token cache %s is corrupt; treating it as empty", self.path)
            return {}
        return entries

    @staticmethod
    def _open(key: CacheKey, entry: Any) -> Credential | None:
        return key.open(entry.get("record")) if isinstance(entry, dict) else None

    def get(self, key: CacheKey) -> Credential | None:
        try:
            return self._open(key, self._load().get(key.name))
        except _Untrusted as exc:
            self._refuse(exc)
            return self._fallback.get(key)

    # --- writing -----------------------------------------------------------------------------

    @contextmanager
    def _data_lock(self) -> Iterator[None]:
        self._ensure_dir()
        lock = filelock.FileLock(
            self._data_lock_path, timeout=_DATA_LOCK_TIMEOUT, mode=0o600, thread_local=False
        )
        with self._mutex, lock:
            yield

    def _ensure_dir(self) -> None:
        self._check_folders()
        parent = self.path.parent
        if not parent.exists():
            parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            self._check_folders()

    def _temp_prefix(self) -> str:
        return f".{self.path.name}."

    def _sweep(self) -> None:
        """Remove temp files that writers killed mid-write left behind."""
        prefix, cutoff = self._temp_prefix(), time.time() - _STALE_TEMP_AGE
        try:
            entries = list(os.scandir(self.path.parent))
        except OSError:
            return
        for entry in entries:
            if not (entry.name.startswith(prefix) and entry.name.endswith(".tmp")):
                continue
            try:
                if entry.is_file(follow_symlinks=False) and (
                    entry.stat(follow_symlinks=False).st_mtime < cutoff
                ):
                    os.unlink(entry.path)
                    logger.debug("removed a stale token cache temp file %s", entry.path)
            except OSError:
                continue

    @staticmethod
    def _prune(entries: dict[str, Any]) -> dict[str, Any]:
        """The entries still of use (well-formed, ``until`` not passed)."""
        now = time.time()
        kept: dict[str, Any] = {}
        for name, entry in entries.items():
            if not isinstance(entry, dict) or not isinstance(entry.get("record"), str):
                continue
            until = entry.get("until")
            if until is None or (
                isinstance(until, (int, float)) and math.isfinite(until) and until > now
            ):
                kept[name] = entry
        return kept

    def _write(self, entries: dict[str, Any]) -> None:
        data = json.dumps({"version": _VERSION, "entries": entries}, separators=(",", ":"))
        self._sweep()
        fd, tmp = tempfile.mkstemp(prefix=self._temp_prefix(), suffix=".tmp", dir=self.path.parent)
        try:
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data.encode())
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            with suppress(OSError):
                os.unlink(tmp)
            raise
        try:
            dir_fd = os.open(self.path.parent, os.O_RDONLY)
        except OSError:
            return
        try:
            os.fsync(dir_fd)
        except OSError:
            pass
        finally:
            os.close(dir_fd)

    def set(self, key: CacheKey, credential: Credential) -> None:
        try:
            with self._data_lock():
                entries = self._prune(self._load())
                entries[key.name] = {
                    "record": key.seal(credential),
                    "until": record_until(credential),
                }
                self._write(entries)
        except _Untrusted as exc:
            self._refuse(exc)
            self._fallback.set(key, credential)
        except (OSError, filelock.Timeout) as exc:
            logger.warning("could not write token cache %s (%s)", self.path, type(exc).__name__)

    def delete(self, key: CacheKey, only_if_token: str | None = None) -> bool:
        try:
            with self._data_lock():
                entries = self._load()
                entry = entries.get(key.name)
                if entry is None:
                    return False
                if only_if_token is not None:
                    current = self._open(key, entry)
                    if current is not None and current.token != only_if_token:
                        return False
                del entries[key.name]
                self._write(self._prune(entries))
                return True
        except _Untrusted as exc:
            self._refuse(exc)
            return self._fallback.delete(key, only_if_token)
        except (OSError, filelock.Timeout) as exc:
            logger.warning("could not update token cache %s (%s)", self.path, type(exc).__name__)
            return False

    # --- single flight -------------------------------------------------------------------------

    @contextmanager
    def lock(self, key: CacheKey, timeout: float) -> Iterator[bool]:
        """Cross-process lock for ``key``; not bound to a thread (async callers hop threads)."""
        safe = "".join(ch if ch.isalnum() else "_" for ch in key.name)
        path = f"{self.path}.{safe}.lock"
        try:
            self._ensure_dir()
            lock = filelock.FileLock(path, timeout=timeout, mode=0o600, thread_local=False)
            lock.acquire()
        except _Untrusted as exc:
            self._refuse(exc)
            yield False
            return
        except filelock.Timeout:
            logger.warning("token cache lock %s busy for %.0fs; going ahead", path, timeout)
            yield False
            return
        except OSError as exc:
            logger.warning("token cache lock %s unusable (%s)", path, type(exc).__name__)
            yield False
            return
        try:
            yield True
        finally:
            lock.release()

    def close(self) -> None:
        pass  # nothing held

    def __repr__(self) -> str:
        return f"FileCache({str(self.path)!r})"
