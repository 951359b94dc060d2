"""Token caches: :class:`MemoryCache`, :class:`FileCache` (lazy filelock), :class:`RedisCache`
(lazy redis-py), the :class:`TokenCache` protocol, :class:`CacheKey` / :func:`cache_key` (keys
derived from the full credentials, records sealed with them) and :func:`cache_from_url`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from keyhouse._errors import ConfigurationError

from ._base import TokenCache
from ._key import CacheKey, cache_key
from ._memory import MemoryCache

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


def __getattr__(name: str) -> Any:
    # The file and Redis tiers import filelock / redis-py: only when asked for, so that
    # ``import keyhouse`` stays light.
    if name == "FileCache":
        from ._file import FileCache

        return FileCache
    if name == "RedisCache":
        from ._redis import RedisCache

        return RedisCache
    raise AttributeError(name)


def cache_from_url(url: str | None) -> TokenCache:
    """``memory`` (default), ``file:PATH`` or ``redis://…`` / ``rediss://…`` / ``unix://…``."""
    spec = (url or "memory").strip()
    if spec == "memory":
        return MemoryCache()
    if spec.startswith("file:"):
        path = spec[len("file:") :]
        if path.startswith("//"):
            path = path[2:]
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
