"""A JSON file shared by processes on one machine.

* mode 0600 (the file holds tokens), parent directory created 0700 if missing;
* every write is atomic: temp file in the same directory, fsync, ``os.replace``, fsync of the
  directory, so a reader sees the old file or the new one, never half of one (also after a
  SIGKILL mid-write);
* read-modify-write under ``<path>.lock``; single flight under ``<path>.<key>.lock`` (one lock
  file per key, so one provider's slow login does not hold up another's) via ``filelock``;
* a corrupt or truncated file is treated as empty, with a warning, and is overwritten by the
  next write;
* a writer killed mid-write leaves its temp file (``.<name>.*.tmp``, holding tokens) behind:
  every write removes those older than a minute (a live writer holds the data lock and
  finishes within milliseconds, so an old temp file is nobody's).
"""

from __future__ import annotations

import json
import os
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

__all__ = ["FileCache"]

_VERSION = 1
_DATA_LOCK_TIMEOUT = 10.0
_STALE_TEMP_AGE = 60.0  # seconds


class FileCache:
    """Credentials in one JSON file (``{"version": 1, "entries": {key: record}}``)."""

    blocking = True

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path).expanduser()
        self._data_lock_path = str(self.path) + ".lock"
        self._warned_corrupt: tuple[int, int] | None = None
        self._mutex = threading.Lock()

    # --- reading -----------------------------------------------------------------------------

    def _load(self) -> dict[str, Any]:
        try:
            with open(self.path, "rb") as handle:
                stat = os.fstat(handle.fileno())
                raw = handle.read()
        except FileNotFoundError:
            return {}
        except OSError as exc:
            # the exception's type and errno text only: like the writers below, never its repr
            reason = f"{type(exc).__name__}: {exc.strerror}" if exc.strerror else type(exc).__name__
            logger.warning("token cache %s unreadable (%s); using none", self.path, reason)
            return {}
        try:
            document = json.loads(raw)
            entries = document["entries"] if document.get("version") == _VERSION else None
            if not isinstance(entries, dict):
                raise ValueError("no entries")
        except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
            fingerprint = (stat.st_ino, stat.st_mtime_ns)
            if self._warned_corrupt != fingerprint:
                self._warned_corrupt = fingerprint
                logger.warning("token cache %s is corrupt; treating it as empty", self.path)
            return {}
        return entries

    def get(self, key: str) -> Credential | None:
        return Credential.from_dict(self._load().get(key))

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
        parent = self.path.parent
        if not parent.exists():
            parent.mkdir(mode=0o700, parents=True, exist_ok=True)

    def _temp_prefix(self) -> str:
        return f".{self.path.name}."

    def _sweep(self) -> None:
        """Remove temp files that writers killed mid-write left behind (they hold tokens)."""
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

    def set(self, key: str, credential: Credential) -> None:
        try:
            with self._data_lock():
                entries = self._load()
                entries[key] = credential.to_dict()
                self._write(entries)
        except (OSError, filelock.Timeout) as exc:
            logger.warning("could not write token cache %s (%s)", self.path, type(exc).__name__)

    def delete(self, key: str, only_if_token: str | None = None) -> bool:
        try:
            with self._data_lock():
                entries = self._load()
                record = entries.get(key)
                if record is None:
                    return False
                if only_if_token is not None:
                    current = Credential.from_dict(record)
                    if current is not None and current.token != only_if_token:
                        return False
                del entries[key]
                self._write(entries)
                return True
        except (OSError, filelock.Timeout) as exc:
            logger.warning("could not update token cache %s (%s)", self.path, type(exc).__name__)
            return False

    # --- single flight -------------------------------------------------------------------------

    @contextmanager
    def lock(self, key: str, timeout: float) -> Iterator[bool]:
        """Cross-process lock for ``key``; not bound to a thread (async callers hop threads)."""
        safe = "".join(ch if ch.isalnum() else "_" for ch in key)
        path = f"{self.path}.{safe}.lock"
        try:
            self._ensure_dir()
            lock = filelock.FileLock(path, timeout=timeout, mode=0o600, thread_local=False)
            lock.acquire()
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
        pass

    def __repr__(self) -> str:
        return f"FileCache({str(self.path)!r})"
