"""A Redis cache shared by machines; redis-py is imported only when one is created.

Single flight across machines uses redis-py's ``Lock`` (a key with a TTL, so a crashed holder
frees it). Redis being down never fails a request: the first failure is reported (a
:class:`~keyhouse._events.CacheFallback` event, a warning in the log), the cache falls back to
an in-process :class:`MemoryCache` (which also mirrors every write), and Redis is tried again
after ``retry_interval`` seconds.

Each record is ``prefix + key.name`` -> :meth:`CacheKey.seal` output (``"2." + base64url`` of
an AES-GCM-sealed credential), with a TTL a minute past the token's (or refresh token's)
expiry: Redis holds no token, key or secret in plain text, and records of the older format
(version 1, other key names) are never read.

Stored expiry times are epoch seconds of the machine that fetched the token: machines sharing a
Redis cache are assumed to run NTP.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from keyhouse._credential import Credential
from keyhouse._events import cache_fallback
from keyhouse._redact import logger, redact, safe_url

from ._base import record_until
from ._key import CacheKey
from ._memory import MemoryCache

if TYPE_CHECKING:
    import redis

__all__ = ["RedisCache"]


class RedisCache:
    """Credentials in Redis under ``prefix + key``."""

    blocking = True

    def __init__(
        self,
        url: str,
        *,
        prefix: str = "keyhouse:",
        socket_timeout: float = 2.0,
        retry_interval: float = 5.0,
        lock_ttl: float = 60.0,
    ) -> None:
        import redis  # lazily: `import keyhouse` must not import redis

        self._redis_module = redis
        self.url = url
        self.prefix = prefix
        self.retry_interval = retry_interval
        self.lock_ttl = lock_ttl
        self._client: redis.Redis = redis.Redis.from_url(
            url,
            socket_timeout=socket_timeout,
            socket_connect_timeout=socket_timeout,
            retry_on_timeout=False,
        )
        self._fallback = MemoryCache()
        self._down_until = 0.0
        self._warned = False
        self._state_lock = threading.Lock()

    # --- availability --------------------------------------------------------------------------

    def _available(self) -> bool:
        return time.monotonic() >= self._down_until

    def _failed(self, exc: Exception) -> None:
        with self._state_lock:
            self._down_until = time.monotonic() + self.retry_interval
            report = not self._warned
            self._warned = True
        if report:  # a CacheFallback event: logged as a warning by the default hooks
            cache_fallback(self, redact(self._safe_url()), exc)

    def _recovered(self) -> None:
        if self._warned:
            with self._state_lock:
                report = self._warned
                self._warned = False
            if report:
                cache_fallback(self, redact(self._safe_url()), None)

    def _safe_url(self) -> str:
        # Never log a password that is part of the URL (user info or ?password=).
        return safe_url(self.url)

    def _errors(self) -> tuple[type[Exception], ...]:
        return (self._redis_module.RedisError, OSError)

    # --- cache protocol ---------------------------------------------------------------------------

    def get(self, key: CacheKey) -> Credential | None:
        if self._available():
            try:
                raw = self._client.get(self.prefix + key.name)
            except self._errors() as exc:
                self._failed(exc)
            else:
                self._recovered()
                return key.open(raw)
        return self._fallback.get(key)

    def set(self, key: CacheKey, credential: Credential) -> None:
        self._fallback.set(key, credential)
        if not self._available():
            return
        until = record_until(credential)
        ttl = None if until is None else max(1, int(until - time.time()))
        try:
            self._client.set(self.prefix + key.name, key.seal(credential), ex=ttl)
        except self._errors() as exc:
            self._failed(exc)
        else:
            self._recovered()

    def delete(self, key: CacheKey, only_if_token: str | None = None) -> bool:
        removed = self._fallback.delete(key, only_if_token)
        if not self._available():
            return removed
        name = self.prefix + key.name
        try:
            if only_if_token is None:
                return bool(self._client.delete(name)) or removed
            return self._compare_and_delete(key, only_if_token) or removed
        except self._errors() as exc:
            self._failed(exc)
            return removed

    def _compare_and_delete(self, key: CacheKey, token: str) -> bool:
        redis = self._redis_module
        name = self.prefix + key.name
        with self._client.pipeline() as pipe:
            for _ in range(5):
                try:
                    pipe.watch(name)  # type: ignore[no-untyped-call]
                    current = key.open(pipe.get(name))
                    if current is None or current.token != token:
                        pipe.unwatch()
                        return False
                    pipe.multi()
                    pipe.delete(name)
                    pipe.execute()
                    return True
                except redis.WatchError:
                    continue
        return False

    @contextmanager
    def lock(self, key: CacheKey, timeout: float) -> Iterator[bool]:
        """A redis-py ``Lock`` with a TTL; not thread-bound. Gives up (``False``) on timeout
        or when Redis is down."""
        if not self._available():
            yield False
            return
        lock: Any = self._client.lock(
            self.prefix + "lock:" + key.name,
            timeout=max(self.lock_ttl, timeout),
            blocking_timeout=timeout,
            thread_local=False,
        )
        try:
            acquired = bool(lock.acquire())
        except self._errors() as exc:
            self._failed(exc)
            yield False
            return
        if not acquired:
            logger.warning("Redis token lock busy for %.0fs; going ahead", timeout)
        try:
            yield acquired
        finally:
            if acquired:
                try:
                    lock.release()
                except self._errors() as exc:  # LockError (expired) is a RedisError
                    logger.warning("could not release Redis token lock (%s)", type(exc).__name__)

    def close(self) -> None:
        """Close the Redis connections this cache opened."""
        try:
            self._client.close()
        except self._errors():
            pass

    def __repr__(self) -> str:
        return f"RedisCache({self._safe_url()!r})"
