"""The cache protocol shared by the memory, file and Redis caches, and cache-key derivation."""

from __future__ import annotations

import hashlib
from contextlib import AbstractContextManager
from typing import Protocol, runtime_checkable

from keyhouse._credential import Credential

__all__ = ["TokenCache", "cache_key"]


@runtime_checkable
class TokenCache(Protocol):
    """Where credentials live between calls, processes or machines.

    ``lock(key, timeout)`` is the cross-process (file) or cross-machine (Redis) single-flight
    lock; it yields ``True`` when acquired and ``False`` when it gave up after ``timeout``
    seconds (the caller then proceeds unlocked rather than failing). The lock may be entered
    in one thread and left in another (async callers use worker threads).

    ``blocking`` tells async callers whether calls do I/O (then they run in a worker thread).
    """

    blocking: bool

    def get(self, key: str) -> Credential | None: ...

    def set(self, key: str, credential: Credential) -> None: ...

    def delete(self, key: str, only_if_token: str | None = None) -> bool:
        """Remove ``key``; with ``only_if_token``, only while it still holds that token.

        Returns whether something was removed. Compare-and-delete lets N callers that saw
        the same 401 invalidate once, without deleting a fresh token another one stored.
        """
        ...

    def lock(self, key: str, timeout: float) -> AbstractContextManager[bool]: ...

    def close(self) -> None: ...


def cache_key(provider: str, base_url: str, identity: str) -> str:
    """A cache key: the provider's name and a SHA-256 of base URL and identity.

    Readable enough to tell providers apart in a cache, and never a secret.
    """
    digest = hashlib.sha256(
        "\x1f".join((provider, base_url.rstrip("/"), identity)).encode()
    ).hexdigest()
    return f"{provider}:{digest[:40]}"
