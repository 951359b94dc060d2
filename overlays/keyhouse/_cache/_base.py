"""The cache protocol shared by the memory, file and Redis caches."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Protocol, runtime_checkable

from keyhouse._credential import Credential

from ._key import CacheKey

__all__ = ["TokenCache", "record_until"]

_KEEP_AFTER_EXPIRY = 60.0  # seconds a record outlives its token (refresh tokens, debugging)


@runtime_checkable
class TokenCache(Protocol):
    """Where credentials live between calls, processes or machines.

    Every method takes a :class:`~keyhouse._cache._key.CacheKey`: its ``name`` (derived from
    the full credentials, secrets included) is where the record lives; caches that store
    records outside the process (file, Redis) store them sealed with it
    (:meth:`CacheKey.seal` / :meth:`CacheKey.open`), so the cache at rest holds nothing
    usable without the credentials.

    ``lock(key, timeout)`` is the cross-process (file) or cross-machine (Redis) single-flight
    lock; it yields ``True`` when acquired and ``False`` when it gave up after ``timeout``
    seconds (the caller then proceeds unlocked rather than failing). The lock may be entered
    in one thread and left in another (async callers use worker threads).

    ``blocking`` tells async callers whether calls do I/O (then they run in a worker thread).
    """

    blocking: bool

    def get(self, key: CacheKey) -> Credential | None:
        """The credential stored under ``key``, or None."""
        ...

    def set(self, key: CacheKey, credential: Credential) -> None:
        """Store ``credential`` under ``key`` (until it expires)."""
        ...

    def delete(self, key: CacheKey, only_if_token: str | None = None) -> bool:
        """Remove ``key``; with ``only_if_token``, only while it still holds that token.

        Returns whether something was removed. Compare-and-delete lets N callers that saw
        the same 401 invalidate once, without deleting a fresh token another one stored.
        """
        ...

    def lock(self, key: CacheKey, timeout: float) -> AbstractContextManager[bool]:
        """A lock on ``key`` shared by every user of this cache; yields whether it was got."""
        ...

    def close(self) -> None:
        """Release the cache's resources (connections, file handles)."""
        ...


def record_until(credential: Credential) -> float | None:
    """When a stored record stops being of use (``None``: keep it): a minute past the refresh
    token's expiry, else the token's; kept while a refresh token of unknown lifetime lasts."""
    if credential.refresh_token and credential.refresh_expires_at is None:
        return None
    limit = credential.refresh_expires_at or credential.expires_at
    return None if limit is None else limit + _KEEP_AFTER_EXPIRY
