"""Token caches: the :class:`TokenCache` protocol, :class:`MemoryCache`, :class:`FileCache` and
:class:`RedisCache` (imported on first use: they pull in filelock / redis-py), keys bound to the
full credentials (:mod:`._key`) and :func:`cache_from_url`."""

from __future__ import annotations

import importlib
import threading
from contextlib import AbstractContextManager, nullcontext
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from keyhouse._credential import Credential
from keyhouse._errors import ConfigurationError

from ._key import CacheKey, cache_key

if TYPE_CHECKING:
    from ._file import FileCache
    from ._redis import RedisCache

__all__ = [
    "CacheKey",
    "FileCache",
    "MemoryCache",
    "RedisCache",
    "TokenCache",
    "cache_from_url",
    "cache_key",
]


@runtime_checkable
class TokenCache(Protocol):
    """Where credentials live between calls, processes or machines, under ``key.name``
    (derived from the full credentials); the file and Redis caches store them sealed with the
    key, so the cache at rest holds nothing usable without the credentials.

    ``delete(key, only_if_token)`` compares and deletes: N callers that saw the same 401
    invalidate once, without deleting a fresh token another one stored. ``lock`` is the
    cross-process/machine single flight: it yields ``False`` when it gave up after ``timeout``
    (the caller goes ahead unlocked), and may be left in another thread than it was entered
    in. ``blocking``: calls do I/O, so async callers run them in a worker thread.
    """

    blocking: bool

    def get(self, key: CacheKey) -> Credential | None:
        """The credential stored under ``key``, or None."""
        ...

    def set(self, key: CacheKey, credential: Credential) -> None:
        """Store ``credential`` under ``key`` (until it expires)."""
        ...

    def delete(self, key: CacheKey, only_if_token: str | None = None) -> bool:
        """Remove ``key`` (only while it holds ``only_if_token``, if given); whether it did."""
        ...

    def lock(self, key: CacheKey, timeout: float) -> AbstractContextManager[bool]:
        """A lock on ``key`` shared by every user of this cache; yields whether it was got."""
        ...

    def close(self) -> None:
        """Release the cache's connections and handles."""
        ...


def record_until(credential: Credential) -> float | None:
    """When a stored record stops being of use (``None``: keep it): a minute past the refresh
    token's expiry, else the token's; kept while a refresh token of unknown lifetime lasts."""
    if credential.refresh_token and credential.refresh_expires_at is None:
        return None
    limit = credential.refresh_expires_at or credential.expires_at
    return None if limit is None else limit + 60.0


class MemoryCache:
    """Credentials in a dict, safe across threads. Records are kept as they are (the process
    holds the credentials anyway); its lock is a no-op (the TokenManager single-flights)."""

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
            if current is None or only_if_token not in (None, current.token):
                return False
            del self._data[key.name]
            return True

    def lock(self, key: CacheKey, timeout: float) -> AbstractContextManager[bool]:
        return nullcontext(True)

    def close(self) -> None:
        pass

    def __repr__(self) -> str:
        return f"MemoryCache({len(self._data)} entries)"


def __getattr__(name: str) -> Any:
    # FileCache / RedisCache on first use, so that ``import keyhouse`` stays light
    module = {"FileCache": "._file", "RedisCache": "._redis"}.get(name)
    if module is None:
        raise AttributeError(name)
    return getattr(importlib.import_module(module, __name__), name)


def cache_from_url(url: str | None) -> TokenCache:
    """``memory`` (default), ``file:PATH`` or ``redis://…`` / ``rediss://…`` / ``unix://…``."""
    spec = (url or "memory").strip()
    if spec == "memory":
        return MemoryCache()
    if spec.startswith("file:"):
        path = spec.removeprefix("file:").removeprefix("//")
        if not path:
            raise ConfigurationError(
                "KEYHOUSE_CACHE: file: needs a path, e.g. file:~/.keyhouse.json"
            )
        from ._file import FileCache

        return FileCache(path)
    if spec.startswith(("redis://", "rediss://", "unix://")):
        from ._redis import RedisCache  # keyhouse's own module; redis-py is imported by it

        try:
            return RedisCache(spec)
        except ImportError as exc:
            if exc.name is not None and exc.name.split(".")[0] != "redis":
                raise
            raise ConfigurationError(
                "KEYHOUSE_CACHE is a Redis URL but the Redis client is not installed: "
                'pip install "keyhouse[redis]"'
            ) from None
        except ValueError:
            raise ConfigurationError("KEYHOUSE_CACHE: malformed Redis URL") from None
    scheme = spec.split(":", 1)[0]
    raise ConfigurationError(
        f"KEYHOUSE_CACHE: unknown cache {scheme!r}; use memory, file:PATH or redis://HOST"
    )
