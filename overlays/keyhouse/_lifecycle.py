"""TokenManager: one credential, kept fresh, fetched once however many callers ask at once.

Warm: one immutable ``(credential, refresh_at)`` tuple read and compared with the clock, no
lock. Cold: single flight. In the process one ``Future`` is in flight: its leader fetches,
other threads and tasks (on any loop) share its result or error. Across processes and
machines the leader holds ``cache.lock(key)`` and re-reads the cache first. A flight past its
deadline (``timeout`` for the lock, then for the flow), given up by a waiter, or whose async
leader's loop stopped is replaced; a forked child has none. Async leaders run in their own
task and do blocking cache work and the slow key derivation in worker threads. A refresh
failing for a passing reason keeps the old token, while it lives, a few seconds more.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import math
import threading
import time
from collections.abc import Callable, Generator, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import httpx

from ._cache import CacheKey, MemoryCache, TokenCache, cache_key
from ._credential import Credential, refresh_at
from ._errors import ConfigurationError, KeyhouseError, ProviderUnavailableError, RateLimitedError
from ._events import Emitter, Hook
from ._flow import (
    DriveOptions,
    Exchange,
    FlowStats,
    Revocable,
    TokenStrategy,
    checked,
    drive_async,
    drive_sync,
)
from ._fork import reset_in_child
from ._lazy import lazy_module
from ._loops import LoopClients
from ._redact import logger
from ._retry import RetryPolicy
from ._steps import Failed, arun_steps, run_steps
from ._transport import AsyncRetryTransport, RetryTransport

if TYPE_CHECKING:
    import asyncio
else:
    asyncio = lazy_module("asyncio", globals())  # imported on first use (import keyhouse)

__all__ = ["TokenManager", "token_clients"]

_GRACE_RETRY = 5.0  # seconds before retrying a failed refresh while the old token still works
T = TypeVar("T")


#: The logic, once for sync and async: it yields blocking calls and token or sign-out flows,
#: which :meth:`TokenManager._io` / :meth:`TokenManager._aio` do.
_Steps = Generator["Callable[[], Any] | Generator[Any, Any, Any]", Any, T]


def token_clients(
    retry: RetryPolicy | None = None,
    timeout: float = 10.0,
    transport: httpx.BaseTransport | None = None,
    async_transport: httpx.AsyncBaseTransport | None = None,
) -> tuple[Callable[[], httpx.Client], Callable[[], httpx.AsyncClient]]:
    """Factories of the sync and async clients for token requests: retrying, no redirects."""
    options: dict[str, Any] = {"timeout": timeout, "follow_redirects": False}
    return (
        lambda: httpx.Client(transport=RetryTransport(transport, retry), **options),
        lambda: httpx.AsyncClient(transport=AsyncRetryTransport(async_transport, retry), **options),
    )


@dataclass(eq=False)
class _Flight:
    """One token request in progress: its result, when it is given up, its leader's loop."""

    future: concurrent.futures.Future[Credential]
    expires: float  # time.monotonic()
    loop: asyncio.AbstractEventLoop | None

    def alive(self) -> bool:
        loop = self.loop
        return time.monotonic() <= self.expires and (
            loop is None or (not loop.is_closed() and loop.is_running())
        )


class TokenManager:
    """Keeps one provider account's credential fresh in ``cache``.

    ``key``: a label mixed into the derived cache key (never replacing the derivation from
    the credentials). ``hooks``: who hears its events; ``None``: the default hooks.
    """

    def __init__(
        self,
        strategy: TokenStrategy,
        cache: TokenCache | None = None,
        key: str | None = None,
        *,
        client_factory: Callable[[], httpx.Client] | None = None,
        async_client_factory: Callable[[], httpx.AsyncClient] | None = None,
        leeway: float = 60.0,
        max_fraction: float = 0.5,
        timeout: float = 30.0,
        hooks: Iterable[Hook] | None = None,
    ) -> None:
        self.strategy = strategy
        self.provider: str = strategy.provider
        self.events: Emitter = Emitter(self.provider, hooks)
        self.cache: TokenCache = cache if cache is not None else MemoryCache()
        self.leeway: float = leeway
        self.max_fraction: float = max_fraction
        self.timeout: float = timeout
        self.stats: FlowStats = FlowStats()
        self._label, self._cacheable = key or "", bool(strategy.cacheable)
        self._key: CacheKey | None = None  # derived on first use (slow KDF, off the fast path)
        sync_default, async_default = token_clients()
        self._client_factory = client_factory or sync_default
        self._async_clients = LoopClients(async_client_factory or async_default)
        # (credential, epoch time to refresh at): replaced as a whole, read without a lock.
        self._state: tuple[Credential | None, float] = (None, -math.inf)
        self._previous: Credential | None = None  # kept after invalidation: its refresh token
        # tokens a provider answered 401 to (or revoked), newest last: never served again from
        # a tier that still holds one (a Redis that missed the delete while it was down)
        self._rejected: dict[str, None] = {}
        self._after_fork_in_child()
        reset_in_child(self)

    def _after_fork_in_child(self) -> None:
        """No flight, no lock held, no connection shared with the parent (its clients are
        dropped, not closed: closing would end its TLS sessions)."""
        self._mutex = threading.Lock()
        self._inflight: _Flight | None = None
        self._client: httpx.Client | None = None
        self._async_clients.clear()
        self._tasks: set[asyncio.Task[None]] = set()

    @property
    def key(self) -> CacheKey:
        """The cache key of this configuration (derived on first use, then kept)."""
        if self._key is None:
            s = self.strategy
            try:
                self._key = cache_key(
                    self.provider, s.base_url, s.identity, s.key_material(), self._label
                )
                return self._key
            except (ValueError, MemoryError, AttributeError) as exc:  # e.g. no scrypt in OpenSSL
                failed = type(exc).__name__
            # raised outside the handler: the failure's frames (the secrets) are not kept
            raise ConfigurationError(
                f"{self.provider}: cannot derive the token cache key ({failed})"
            )
        return self._key

    @property
    def logins(self) -> int:
        return self.stats.get("login")

    @property
    def refreshes(self) -> int:
        return self.stats.get("refresh")

    def __repr__(self) -> str:
        return f"TokenManager({self.provider!r}, cache={self.cache!r})"

    def current(self) -> Credential | None:
        """The credential the fast path would return now, without fetching."""
        credential, due = self._state
        return credential if credential is not None and time.time() < due else None

    def get_sync(self) -> Credential:
        """A fresh credential (blocking)."""
        claim = self.current() or self._claim(None)
        if isinstance(claim, Credential):
            return claim
        flight, leader = claim
        if not leader:
            return self._wait_sync(flight)
        try:
            credential = run_steps(self._fetch(), self._io)
        except BaseException as exc:
            if (fallback := self._land(flight, None, exc)) is None:
                raise
            return fallback
        self._land(flight, credential)
        return credential

    async def get_async(self) -> Credential:
        """A fresh credential, without blocking the event loop."""
        claim = self.current() or self._claim(asyncio.get_running_loop())
        if isinstance(claim, Credential):
            return claim
        flight, leader = claim
        if leader:  # in a task of its own: a caller's cancellation does not cancel it
            task = asyncio.get_running_loop().create_task(self._lead_async(flight))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        try:
            async with asyncio.timeout(self._wait_timeout):
                return await asyncio.wrap_future(flight.future)
        except TimeoutError:
            self._abandon(flight)
            raise self._timeout_error() from None

    def invalidate(self, failed_token: str | None = None) -> None:
        """Forget ``failed_token`` (or the current token): compare-and-delete in the cache, so
        many callers reporting the same dead token cause one delete and one fetch."""
        run_steps(self._invalidate(failed_token), self._io)

    async def ainvalidate(self, failed_token: str | None = None) -> None:
        """:meth:`invalidate` without blocking the event loop."""
        await arun_steps(self._invalidate(failed_token), self._aio)

    def revoke(self) -> None:
        """Sign out: under the cache's lock, revoke the cached token and this process's at the
        provider (:class:`~keyhouse._flow.Revocable`), then forget them in every tier whatever
        it answered, refresh token included; a failed revocation is raised afterwards."""
        run_steps(self._revoke(), self._io)

    async def arevoke(self) -> None:
        """:meth:`revoke` without blocking the event loop."""
        await arun_steps(self._revoke(), self._aio)

    def close(self) -> None:
        """Close the internal sync client (async clients: :meth:`aclose`)."""
        client, self._client = self._client, None
        if client is not None:
            client.close()

    async def aclose(self) -> None:
        """Close the internal clients (the async one of the running loop)."""
        self.close()
        await self._async_clients.aclose()

    # --- the logic, once for sync and async ------------------------------------------------------

    def _key_step(self) -> _Steps[CacheKey]:
        if self._key is None:
            yield lambda: self.key  # the slow KDF: on an event loop, in a worker thread (_aio)
        return self.key

    def _locked(self, work: Callable[[CacheKey], _Steps[T]]) -> _Steps[T]:
        """``work(key)`` under the cache's cross-process lock."""
        key = yield from self._key_step()
        lock = self.cache.lock(key, self.timeout)
        yield lock.__enter__
        try:
            return (yield from work(key))
        finally:
            yield lambda: lock.__exit__(None, None, None)

    def _fetch(self) -> _Steps[Credential]:
        """A usable token from the cache, else from the strategy's flow, stored for others."""
        if not self._cacheable:
            return checked((yield self.events.flow(self.strategy.obtain(self._previous))), None)
        return (yield from self._locked(self._fetch_locked))

    def _fetch_locked(self, key: CacheKey) -> _Steps[Credential]:
        started = time.perf_counter()
        cached = yield lambda: self._cache_call(self.cache.get, key)
        if isinstance(cached, Credential):
            if cached.token not in self._rejected and time.time() < self._due(cached):
                self.events.cache_hit(self.cache, time.perf_counter() - started)
                return cached
            previous = self._previous  # the freshest (refresh tokens rotate): an older record
            if previous is None or cached.obtained_at >= previous.obtained_at:  # (a tier that
                self._previous = cached  # missed this process's renewal) does not undo it
        logger.debug("%s: fetching a token", self.provider)
        credential = checked((yield self.events.flow(self.strategy.obtain(self._previous))), None)
        yield lambda: self._cache_call(self.cache.set, key, credential)
        return credential

    def _invalidate(self, failed_token: str | None) -> _Steps[None]:
        """Drop the fast-path copy, and the cache's once per dead token (compare-and-delete)."""
        with self._mutex:
            credential = self._state[0]
            if failed_token is not None and failed_token in self._rejected:
                return  # someone reported this token already
            if credential is not None and failed_token in (None, credential.token):
                self._state, self._previous = (None, -math.inf), credential
            token = credential.token if credential is not None else None
            self._reject(token if failed_token is None else failed_token)
        self.events.invalidated(failed_token)
        if self._cacheable:
            key = yield from self._key_step()
            yield lambda: self._cache_call(self.cache.delete, key, failed_token)

    def _reject(self, token: str | None) -> None:
        """Remember ``token`` as refused (under the mutex); the last 16 are kept."""
        if token is not None:
            self._rejected.pop(token, None)
            self._rejected[token] = None
            if len(self._rejected) > 16:
                del self._rejected[next(iter(self._rejected))]

    def _revoke(self) -> _Steps[None]:
        if self._cacheable:
            yield from self._locked(self._revoke_locked)
        else:
            yield self._revocation(self._drop_local(None))

    def _revoke_locked(self, key: CacheKey) -> _Steps[None]:
        cached = yield lambda: self._cache_call(self.cache.get, key)
        try:
            yield self._revocation(self._drop_local(cached))
        finally:
            yield lambda: self._cache_call(self.cache.delete, key)

    def _drop_local(self, cached: object) -> list[Credential]:
        """Forget this process's token; the distinct credentials to revoke (cached first)."""
        with self._mutex:
            mine = self._state[0] or self._previous
            self._state, self._previous = (None, -math.inf), None  # with its refresh token
            found = [c for c in (cached, mine) if isinstance(c, Credential)]
            if found:
                self._reject(found[0].token)  # never taken from a stale tier again
        return [c for i, c in enumerate(found) if c.token not in {d.token for d in found[:i]}]

    def _revocation(self, credentials: list[Credential]) -> Exchange[None]:
        """Revoke each credential in turn (without a Revocable strategy, forgetting is all);
        the first failure is raised once all were tried."""
        strategy = self.strategy
        if not isinstance(strategy, Revocable):
            return
        failure: KeyhouseError | None = None
        for credential in credentials:
            try:
                if (yield from strategy.revoke(credential)):  # (a sign-out that sent nothing
                    self.events.revoked()  # or found the token dead revoked nothing)
            except KeyhouseError as exc:
                failure = failure or exc
        if failure is not None:
            raise failure

    # --- the I/O: thin sync and async adapters ---------------------------------------------------

    def _drive(self) -> DriveOptions:
        deadline = time.monotonic() + self.timeout  # starts with the flow (after the lock)
        return DriveOptions(provider=self.provider, stats=self.stats, deadline=deadline)

    def _io(self, step: Callable[[], Any] | Generator[Any, Any, Any]) -> object:
        try:
            if callable(step):
                return step()
            with self._mutex:
                client = self._client = self._client or self._client_factory()
            return drive_sync(step, client, **self._drive())
        except BaseException as exc:  # raised in the steps, so that their `finally` runs
            return Failed(exc)

    async def _aio(self, step: Callable[[], Any] | Generator[Any, Any, Any]) -> object:
        try:
            if not callable(step):
                return await drive_async(step, self._async_clients.get(), **self._drive())
            # Blocking: a cache doing I/O, and the KDF (the one step run before the key is set).
            if self.cache.blocking or self._key is None:
                return await asyncio.to_thread(step)
            return step()
        except BaseException as exc:
            return Failed(exc)

    def _cache_call(self, method: Callable[..., Any], *args: Any) -> Any:
        try:
            return method(*args)
        except Exception as exc:  # a cache must never fail a request
            logger.warning("%s: token cache failed (%s)", self.provider, type(exc).__name__)
            return None

    # --- single flight -------------------------------------------------------------------------

    @property
    def _wait_timeout(self) -> float:
        return 2 * self.timeout + 1.0  # the leader's wait for the cross-process lock, its flow

    def _timeout_error(self) -> ProviderUnavailableError:
        return ProviderUnavailableError(
            f"timed out after {self._wait_timeout:.0f}s waiting for a token", provider=self.provider
        )

    def _due(self, credential: Credential) -> float:
        return refresh_at(credential, self.leeway, self.max_fraction)

    def _claim(self, loop: asyncio.AbstractEventLoop | None) -> Credential | tuple[_Flight, bool]:
        """The credential, or the flight to wait for and whether the caller leads it."""
        with self._mutex:
            credential, due = self._state
            if credential is not None and time.time() < due:
                return credential
            dead = self._inflight
            if dead is not None and dead.alive():
                return dead, False
            future: concurrent.futures.Future[Credential] = concurrent.futures.Future()
            future.set_running_or_notify_cancel()  # waiters' cancellations cannot cancel it
            flight = self._inflight = _Flight(future, time.monotonic() + self._wait_timeout, loop)
        if dead is not None:  # its leader is stuck or gone
            logger.warning("%s: replacing a token request that did not finish", self.provider)
            self._abandon(dead)
        return flight, True

    def _abandon(self, flight: _Flight) -> None:
        """Give up on ``flight``: its waiters fail, the next caller starts a fresh one."""
        why = "the token request was abandoned: it did not finish in time"
        self._end(flight, None, ProviderUnavailableError(why, provider=self.provider))

    def _end(self, flight: _Flight, credential: Credential | None, exc: BaseException) -> None:
        """Take ``flight`` down and complete it, unless that was done (an abandoned flight)."""
        with self._mutex:
            if self._inflight is flight:  # not replaced meanwhile
                self._inflight = None
        with contextlib.suppress(concurrent.futures.InvalidStateError):
            if credential is not None:
                flight.future.set_result(credential)
            else:
                flight.future.set_exception(exc)

    def _wait_sync(self, flight: _Flight) -> Credential:
        try:
            return flight.future.result(timeout=self._wait_timeout)
        except concurrent.futures.TimeoutError:
            self._abandon(flight)
            raise self._timeout_error() from None

    async def _lead_async(self, flight: _Flight) -> None:
        try:
            async with asyncio.timeout(self._wait_timeout):
                credential = await arun_steps(self._fetch(), self._aio)
        except BaseException as error:
            timed_out = isinstance(error, TimeoutError)
            self._land(flight, None, self._timeout_error() if timed_out else error)
            if not isinstance(error, Exception):
                raise
        else:
            self._land(flight, credential)

    def _land(
        self, flight: _Flight, credential: Credential | None, exc: BaseException | None = None
    ) -> Credential | None:
        """End the leader's flight for everyone with ``credential``, else the old token while
        it lasts (:meth:`_fallback`), else ``exc``; what it ended with."""
        if credential is None and exc is not None:
            credential = self._fallback(exc)
        if credential is not None and self._state[0] is not credential:
            with self._mutex:
                self._previous, self._state = credential, (credential, self._due(credential))
        if not isinstance(exc, Exception):  # KeyboardInterrupt, CancelledError...
            exc = ProviderUnavailableError("token request was interrupted", provider=self.provider)
        self._end(flight, credential, exc)
        return credential

    def _fallback(self, exc: BaseException) -> Credential | None:
        """Keep a not-yet-expired token when a refresh fails for a passing reason."""
        previous, now = self._previous, time.time()
        if (
            not isinstance(exc, (ProviderUnavailableError, RateLimitedError))
            or previous is None
            or previous.token in self._rejected
            or previous.expires_at is None
            or now >= previous.expires_at - 1.0
        ):
            return None
        logger.warning(
            "%s: token refresh failed (%s); using the current token until it expires",
            self.provider,
            type(exc).__name__,
        )
        with self._mutex:
            due = now + min(_GRACE_RETRY, (previous.expires_at - now) / 2)
            self._previous, self._state = previous, (previous, due)
        return previous
