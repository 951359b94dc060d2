"""A Redis cache shared by machines (redis-py, imported when one is created).

``prefix + key.name`` holds a sealed record (see ._key) with a TTL a minute past the token's
(or refresh token's) expiry; single flight across machines is redis-py's ``Lock`` (a key with
a TTL: a crashed holder frees it). Redis being down never fails a request: the first failure
is reported (a CacheFallback event), an in-process MemoryCache (which mirrors every write) is
used, and Redis is tried again after ``retry_interval`` seconds. The deletes Redis missed
meanwhile are kept (the latest ``MAX_PENDING``) and made before anything else once it answers
(a timer tries every ``retry_interval`` while some wait). An error answer (a ``ResponseError``,
e.g. WRONGTYPE on a key another tenant overwrote) is a miss for that call, not an outage.
Expiry times are the fetching machine's epoch seconds: machines sharing a Redis are assumed to
run NTP.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import TYPE_CHECKING, Any, TypeAlias

from keyhouse._credential import Credential
from keyhouse._events import cache_fallback
from keyhouse._fork import reset_in_child
from keyhouse._redact import logger, redact, safe_url

from . import MemoryCache, record_until
from ._key import CacheKey

if TYPE_CHECKING:
    import redis

MAX_PENDING = 1024
_Matches: TypeAlias = Callable[[Any], bool] | None  # the values a delete is for (None: any)


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
        # a lock's SET NX whose reply is lost may land anyway: it lives this long unless its
        # taker extends it to the lock's TTL (twice the socket timeout, and some slack)
        self._claim_ttl = 2 * socket_timeout + 0.5
        self._errors = (redis.RedisError, OSError)
        self._refused = redis.ResponseError
        self._fallback = MemoryCache()
        self._down_until = 0.0
        self._warned = self._closed = False
        self._after_fork_in_child()
        reset_in_child(self)

    def _after_fork_in_child(self) -> None:
        """No lock held, no timer (a thread of the parent); the parent's deletes are its own."""
        self._state_lock = threading.Lock()
        self._pending: list[tuple[str, _Matches]] = []  # deletes Redis missed, oldest first
        self._pending_lock = threading.Lock()
        self._timer: threading.Timer | None = None

    def _try(self, call: Callable[[redis.Redis], Any]) -> tuple[bool, Any]:
        """``(True, call(client))`` after the pending deletes; ``(True, None)`` when Redis
        refuses the call; ``(False, None)`` while Redis is down (reported once when it goes
        down and once when it is back)."""
        if time.monotonic() < self._down_until:
            return False, None
        try:
            if self._pending:  # (no lock taken on the common path)
                self._replay()
            result = call(self._client)
        except self._refused as exc:  # this key's trouble (e.g. WRONGTYPE), not Redis's
            logger.warning("Redis refused a token cache call (%s); a miss", type(exc).__name__)
            result = None
        except self._errors as exc:
            with self._state_lock:
                self._down_until = time.monotonic() + self.retry_interval
                report, self._warned = not self._warned, True
            if report:  # logged as a warning by the default hooks
                cache_fallback(self, redact(safe_url(self.url)), exc)
            return False, None
        if self._warned:
            with self._state_lock:
                report, self._warned = self._warned, False
            if report:
                cache_fallback(self, redact(safe_url(self.url)), None)
        return True, result

    def get(self, key: CacheKey) -> Credential | None:
        up, raw = self._try(lambda client: client.get(self.prefix + key.name))
        return key.open(raw) if up else self._fallback.get(key)

    def set(self, key: CacheKey, credential: Credential) -> None:
        self._fallback.set(key, credential)
        until = record_until(credential)
        ttl = None if until is None else max(1, int(until - time.time()))
        self._try(lambda client: client.set(self.prefix + key.name, key.seal(credential), ex=ttl))

    def delete(self, key: CacheKey, only_if_token: str | None = None) -> bool:
        removed = self._fallback.delete(key, only_if_token)
        name = self.prefix + key.name

        def holds_token(raw: Any) -> bool:
            current = key.open(raw)
            return current is not None and current.token == only_if_token

        matches = None if only_if_token is None else holds_token
        up, deleted = self._try(lambda client: self._delete(client, name, matches))
        if not up:
            self._later(name, matches)
        return bool(deleted) or removed

    @staticmethod
    def _delete(client: redis.Redis, name: str, matches: _Matches) -> bool:
        """Delete ``name`` (only while ``matches`` its value, if given); whether it did."""
        if matches is None:
            return bool(client.delete(name))

        def compare_and_delete(pipe: Any) -> None:  # under WATCH: run again if name changes
            if matches(pipe.get(name)):
                pipe.multi()
                pipe.delete(name)

        return bool(client.transaction(compare_and_delete, name) == [1])  # [1]: deleted

    def _later(self, name: str, matches: _Matches) -> None:
        """Keep a delete Redis missed (the oldest dropped past MAX_PENDING); retry on a timer."""
        with self._pending_lock:
            self._pending.append((name, matches))
            del self._pending[:-MAX_PENDING]
        self._arm()

    def _arm(self) -> None:
        """A retry in ``retry_interval`` seconds (one at a time; none once closed)."""
        with self._state_lock:
            if self._timer is None and not self._closed:
                self._timer = threading.Timer(self.retry_interval, self._retry)
                self._timer.daemon = True
                self._timer.start()

    def _retry(self) -> None:
        with self._state_lock:
            self._timer = None
        self._try(lambda _: None)  # the pending deletes, if Redis answers
        if self._pending:
            self._arm()

    def _replay(self) -> None:
        """Make the pending deletes, oldest first; the caller waits (Redis down: raises)."""
        with self._pending_lock:
            while self._pending:
                with suppress(self._refused):  # e.g. WRONGTYPE: not a record of ours
                    self._delete(self._client, *self._pending[0])
                del self._pending[0]

    @contextmanager
    def lock(self, key: CacheKey, timeout: float) -> Iterator[bool]:
        """A redis-py ``Lock`` with a TTL, not thread-bound; ``False`` on timeout or while
        Redis is down. Claimed for a few seconds, then extended to its TTL: a claim whose reply
        was lost (it may land all the same) holds the others up for seconds, not minutes."""
        lock: Any = self._client.lock(
            self.prefix + "lock:" + key.name,
            timeout=self._claim_ttl,
            blocking_timeout=timeout,
            thread_local=False,
        )
        ttl = max(self.lock_ttl, timeout)
        up, acquired = self._try(lambda _: lock.acquire() and lock.extend(ttl, replace_ttl=True))
        if up and not acquired:
            logger.warning("Redis token lock busy for %.0fs; going ahead", timeout)
        try:
            yield bool(acquired)
        finally:
            if acquired:
                try:
                    lock.release()
                except self._errors as exc:  # LockError (expired) is a RedisError
                    logger.warning("could not release Redis token lock (%s)", type(exc).__name__)

    def close(self) -> None:
        with self._state_lock:
            self._closed, timer = True, self._timer
        if timer is not None:
            timer.cancel()
        with suppress(*self._errors):
            self._client.close()

    def __repr__(self) -> str:
        return f"RedisCache({safe_url(self.url)!r})"
