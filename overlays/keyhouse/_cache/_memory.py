"""An in-process cache: a dict under a lock. Its single-flight lock is a no-op (the
TokenManager already does single flight inside the process)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from keyhouse._credential import Credential

__all__ = ["MemoryCache"]


class MemoryCache:
    """Credentials in a dict; safe across threads."""

    blocking = False

    def __init__(self) -> None:
        self._data: dict[str, Credential] = {}
        self._lock = threading.Lock()

    def get(self, key: str) -> Credential | None:
        return self._data.get(key)

    def set(self, key: str, credential: Credential) -> None:
        with self._lock:
            self._data[key] = credential

    def delete(self, key: str, only_if_token: str | None = None) -> bool:
        with self._lock:
            current = self._data.get(key)
            if current is None:
                return False
            if only_if_token is not None and current.token != only_if_token:
                return False
            del self._data[key]
            return True

    @contextmanager
    def lock(self, key: str, timeout: float) -> Iterator[bool]:
        yield True

    def close(self) -> None:
        pass

    def __repr__(self) -> str:
        return f"MemoryCache({len(self._data)} entries)"
