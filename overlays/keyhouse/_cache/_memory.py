"""An in-process cache: a dict under a lock. Its single-flight lock is a no-op (the
TokenManager already does single flight inside the process).

Records are kept as they are (the process holds the credentials anyway), under the key's
name, which is derived from the full credentials: managers sharing one ``MemoryCache`` only
see each other's tokens when they hold the same secrets."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from keyhouse._credential import Credential

from ._key import CacheKey

__all__ = ["MemoryCache"]


class MemoryCache:
    """Credentials in a dict; safe across threads."""

    blocking = False

    def __init__(self) -> None:
        self._data: dict[str, Credential] = {}
        self._lock = threading.Lock()

    def get(self, key: CacheKey) -> Credential | None:
        return self._data.get(key.name)

    def set(self, key: CacheKey, credential: Credential) -> None:
        with self._lock:
            self._data[key.name] = credential

    def delete(self, key: CacheKey, only_if_token: str | None = None) -> bool:
        with self._lock:
            current = self._data.get(key.name)
            if current is None:
                return False
            if only_if_token is not None and current.token != only_if_token:
                return False
            del self._data[key.name]
            return True

    @contextmanager
    def lock(self, key: CacheKey, timeout: float) -> Iterator[bool]:
        """A lock on ``key`` within this process; yields whether it was got."""
        yield True

    def close(self) -> None:
        pass  # nothing held

    def __repr__(self) -> str:
        return f"MemoryCache({len(self._data)} entries)"
