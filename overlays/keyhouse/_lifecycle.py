"""TokenManager: one credential, kept fresh, fetched once however many callers ask at once.

Fast path (warm): read an immutable ``(credential, refresh_at)`` tuple and compare a float
with ``time.time()``; no lock, no allocation.

Slow path (cold, due, or invalidated): single flight on three levels.

1. In the process: a ``threading.Lock`` guards one in-flight ``concurrent.futures.Future``.
   The first caller becomes the leader; every other thread (``fut.result(timeout)``) or asyncio
   task on any event loop (``await asyncio.wrap_future(fut)``) waits for it and reuses its
   result. A failed fetch wakes every waiter with that same error: no stampede.
2. Across processes/machines: the leader takes ``cache.lock(key)`` (file lock or Redis lock),
   re-reads the cache (another process may have fetched meanwhile) and only then runs the flow.
3. The leader stores the new credential in the cache and publishes it for the fast path.

A flight cannot outlive its deadline: the leader's login is bounded as a whole (``timeout``
for the cross-process lock, ``timeout`` for the flow: a provider trickling a byte a second
fails it), a waiter that times out abandons the flight it waited for, and a flight whose
async leader's event loop has stopped, or that is past its deadline, is replaced by the next
caller's. A forked child starts with no flight (``os.register_at_fork``): a login another
thread was leading at the fork never finishes there.

The cache key is derived from the strategy's provider, base URL, identity and secrets (a slow
KDF, once per configuration, on the first cache access: see :mod:`keyhouse._cache._key`), so
managers sharing a cache only ever share a token when they hold the same credentials; file
and Redis caches store it sealed under a key derived from them. A strategy that is not
``cacheable`` (a configured static key) never touches the cache.

Async leaders run the fetch in their own task (a caller's cancellation does not cancel it)
and do blocking cache work (file, Redis: ``cache.blocking``) in worker threads, so the event
loop is never blocked. Each event loop gets its own ``httpx.AsyncClient``, closed when the
loop shuts down (:mod:`keyhouse._loops`).

A credential is refreshed ``min(leeway, max_fraction * lifetime)`` before expiry. If a refresh
fails because the provider is unavailable or rate limiting, and the old token has not expired
yet, the old token is kept for a few seconds and the refresh tried again: a provider hiccup
near expiry costs no failed call.
"""

from __future__ import annotations

import concurrent.futures
import math
import threading
import time
from collections.abc import Callable, Generator, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

import httpx

from ._cache import CacheKey, MemoryCache, TokenCache, cache_key
from ._credential import Credential, refresh_at
from ._errors import (
    ConfigurationError,
    KeyhouseError,
    ProviderUnavailableError,
    RateLimitedError,
)
from ._events import Emitter, Hook
from ._flow import (
    DriveOptions,
    FlowStats,
    Revocable,
    RevokeFlow,
    TokenStrategy,
    checked,
    drive_async,
    drive_sync,
)
from ._fork import reset_in_child
from ._lazy import lazy_module
from ._loops import LoopClients
from ._redact import logger
from ._retry import AsyncRetryTransport, RetryPolicy, RetryTransport
from ._steps import Failed, arun_steps, run_steps

if TYPE_CHECKING:
    import asyncio
else:
    asyncio = lazy_module("asyncio", globals())  # imported on first use (import keyhouse)

__all__ = ["TokenManager", "token_clients"]

_GRACE_RETRY = 5.0  # seconds before retrying a failed refresh while the old token still works
T = TypeVar("T")


class _Call(NamedTuple):
    """A step of the manager's sans-IO logic: ``fn(*args)``. On an event loop it runs in a
    worker thread when ``offload`` (the slow KDF), or when ``None`` and the cache blocks."""

    fn: Callable[..., Any]
    args: tuple[Any, ...] = ()
    offload: bool | None = None


#: The manager's logic, written once for sync and async (httpx's auth-flow model): it yields
#: :class:`_Call` steps and token or sign-out flows; :meth:`TokenManager._io` /
#: :meth:`TokenManager._aio` do them, thread-blocking or not.
_Steps = Generator["_Call | Generator[Any, Any, Any]", Any, T]


def token_clients(
    retry: RetryPolicy | None = None,
    timeout: float = 10.0,
    transport: httpx.BaseTransport | None = None,
    async_transport: httpx.AsyncBaseTransport | None = None,
) -> tuple[Callable[[], httpx.Client], Callable[[], httpx.AsyncClient]]:
    """The factories of the clients token requests use (a :class:`TokenManager`'s defaults):
    sync and async, over the retrying ``transport`` / ``async_transport``, no redirects."""
    options: dict[str, Any] = {"timeout": timeout, "follow_redirects": False}
    return (
        lambda: httpx.Client(transport=RetryTransport(transport, retry), **options),
        lambda: httpx.AsyncClient(transport=AsyncRetryTransport(async_transport, retry), **options),
    )


@dataclass(eq=False)
class _Flight:
    """One token request in progress: its result, when it is given up, its leader's loop."""

    future: concurrent.futures.Future[Credential]
    expires: float  # time.monotonic() after which the flight is dead
    loop: asyncio.AbstractEventLoop | None = field(default=None)

    def alive(self) -> bool:
        if time.monotonic() > self.expires:
            return False
        loop = self.loop
        return loop is None or (not loop.is_closed() and loop.is_running())


class TokenManager:
    """Keeps one provider account's credential fresh in ``cache``.

    ``key`` is an optional label mixed into the derived cache key (two managers with equal
    credentials and different labels keep separate records); it never replaces the
    derivation from the credentials. ``hooks`` receive its events (:mod:`keyhouse._events`);
    ``None`` means the default hooks (logging, OpenTelemetry).
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
        self.events: Emitter = Emitter(self.provider, hooks)  # hooks=None: the default hooks
        self.cache: TokenCache = cache if cache is not None else MemoryCache()
        self._label = key or ""
        self._key: CacheKey | None = None  # derived on first use (slow KDF, off the fast path)
        self._cacheable = bool(strategy.cacheable)
        self.leeway = leeway
        self.max_fraction = max_fraction
        self.timeout = timeout
        self.stats: FlowStats = FlowStats()
        sync_default, async_default = token_clients()
        self._client_factory = client_factory or sync_default
        self._async_client_factory = async_client_factory or async_default
        # (credential, epoch time to refresh at): replaced as a whole, read without a lock.
        self._state: tuple[Credential | None, float] = (None, -math.inf)
        self._previous: Credential | None = None  # kept after invalidation: its refresh token
        self._rejected: str | None = None  # the last token a provider answered 401 to
        self._mutex = threading.Lock()
        self._inflight: _Flight | None = None
        self._client: httpx.Client | None = None
        self._async_clients = LoopClients(self._async_client_factory)
        self._tasks: set[asyncio.Task[None]] = set()
        reset_in_child(self)

    def _after_fork_in_child(self) -> None:
        """In a forked child: no flight, no lock held, no connection shared with the parent
        (the parent's clients are dropped, not closed: closing would end its TLS sessions)."""
        self._mutex = threading.Lock()
        self._inflight = None
        self._client = None
        self._async_clients.clear()
        self._tasks = set()

    # --- cache key -----------------------------------------------------------------------------

    @property
    def key(self) -> CacheKey:
        """The cache key of this configuration (derived on first use, then kept)."""
        key = self._key
        if key is None:
            strategy = self.strategy
            try:
                key = cache_key(
                    self.provider,
                    strategy.base_url,
                    strategy.identity,
                    strategy.key_material(),
                    self._label,
                )
            except (ValueError, MemoryError, AttributeError) as exc:  # e.g. no scrypt in OpenSSL
                raise ConfigurationError(
                    f"{self.provider}: cannot derive the token cache key ({type(exc).__name__})"
                ) from None
            self._key = key
        return key

    # --- counters ----------------------------------------------------------------------------

    @property
    def logins(self) -> int:
        """Login requests sent by this manager."""
        return int(self.stats.get("login"))

    @property
    def refreshes(self) -> int:
        """Refresh requests sent by this manager."""
        return int(self.stats.get("refresh"))

    def __repr__(self) -> str:
        return f"TokenManager({self.provider!r}, cache={self.cache!r})"

    # --- public API --------------------------------------------------------------------------

    def current(self) -> Credential | None:
        """The credential the fast path would return now, without fetching."""
        credential, due = self._state
        return credential if credential is not None and time.time() < due else None

    def get_sync(self) -> Credential:
        """A fresh credential (blocking)."""
        credential, due = self._state
        if credential is not None and time.time() < due:
            return credential
        claim = self._claim(None)
        if isinstance(claim, Credential):
            return claim
        flight, leader = claim
        if not leader:
            return self._wait_sync(flight)
        try:
            credential = run_steps(self._fetch(), self._io)
        except BaseException as exc:
            fallback = self._lead_failed(flight, exc)
            if fallback is None:
                raise
            return fallback
        self._finish(flight, credential, None)
        return credential

    async def get_async(self) -> Credential:
        """A fresh credential, without blocking the event loop."""
        credential, due = self._state
        if credential is not None and time.time() < due:
            return credential
        loop = asyncio.get_running_loop()
        claim = self._claim(loop)
        if isinstance(claim, Credential):
            return claim
        flight, leader = claim
        if leader:
            task = loop.create_task(self._lead_async(flight))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        try:
            async with asyncio.timeout(self._wait_timeout):
                return await asyncio.wrap_future(flight.future)
        except TimeoutError:
            self._abandon(flight)
            raise self._timeout_error() from None

    def invalidate(self, failed_token: str | None = None) -> None:
        """Forget ``failed_token`` (or the current token): compare-and-delete in the cache.

        Many callers reporting the same dead token cause one cache delete and, on their next
        ``get``, one fetch.
        """
        run_steps(self._invalidate(failed_token), self._io)

    async def ainvalidate(self, failed_token: str | None = None) -> None:
        """:meth:`invalidate` without blocking the event loop."""
        await arun_steps(self._invalidate(failed_token), self._aio)

    def revoke(self) -> None:
        """Sign out: revoke the token at the provider (if it can), forget it in every tier.

        Under the cache's lock, the cached record (the freshest across processes) and this
        process's token are revoked with the strategy's :class:`~keyhouse._flow.Revocable`
        flow, then deleted from the cache and from memory, refresh token included, whatever
        the provider answered: no process serves them again and the next ``get`` logs in.
        A failed revocation raises its :class:`~keyhouse.KeyhouseError` afterwards. No token:
        nothing is sent.
        """
        run_steps(self._revoke(), self._io)

    async def arevoke(self) -> None:
        """:meth:`revoke` without blocking the event loop."""
        await arun_steps(self._revoke(), self._aio)

    # --- the logic, once for sync and async ------------------------------------------------------

    def _key_step(self) -> _Steps[CacheKey]:
        if self._key is None:  # the KDF is slow on purpose: never on an event loop
            yield _Call(lambda: self.key, offload=True)
        return self.key

    def _locked(self, work: Callable[[CacheKey], _Steps[T]]) -> _Steps[T]:
        """``work(key)`` under the cache's cross-process lock."""
        key = yield from self._key_step()
        lock = self.cache.lock(key, self.timeout)
        yield _Call(lock.__enter__)
        try:
            return (yield from work(key))
        finally:
            yield _Call(lock.__exit__, (None, None, None))

    def _fetch(self) -> _Steps[Credential]:
        """The leader's work: a usable token from the cache, else one from the strategy's flow,
        stored for the others."""
        if not self._cacheable:
            return checked((yield self.events.flow(self.strategy.obtain(self._previous))), None)
        return (yield from self._locked(self._fetch_locked))

    def _fetch_locked(self, key: CacheKey) -> _Steps[Credential]:
        usable, previous = yield _Call(self._check_cache)
        if usable is not None:
            return usable  # type: ignore[no-any-return]
        logger.debug("%s: fetching a token", self.provider)
        credential = checked((yield self.events.flow(self.strategy.obtain(previous))), None)
        yield _Call(self._cache_call, (self.cache.set, key, credential))
        return credential

    def _invalidate(self, failed_token: str | None) -> _Steps[None]:
        if self._forget(failed_token):
            self.events.invalidated(failed_token)
            if self._cacheable:
                key = yield from self._key_step()
                yield _Call(self._cache_call, (self.cache.delete, key, failed_token))

    def _revoke(self) -> _Steps[None]:
        if not self._cacheable:
            yield self._revocation(self._drop_local(None))
            return
        yield from self._locked(self._revoke_locked)

    def _revoke_locked(self, key: CacheKey) -> _Steps[None]:
        cached = yield _Call(self._cache_call, (self.cache.get, key))
        try:
            yield self._revocation(self._drop_local(cached))
        finally:
            yield _Call(self._cache_call, (self.cache.delete, key))

    def _drop_local(self, cached: object) -> list[Credential]:
        """Forget this process's token; the distinct credentials to revoke (cached first)."""
        with self._mutex:
            mine = self._state[0] or self._previous
            self._state = (None, -math.inf)
            self._previous = None  # its refresh token dies with the session
            found = [c for c in (cached, mine) if isinstance(c, Credential)]
            if found:
                self._rejected = found[0].token  # never taken from a stale tier again
        return [c for i, c in enumerate(found) if c.token not in {d.token for d in found[:i]}]

    def _revocation(self, credentials: list[Credential]) -> RevokeFlow:
        """One flow revoking each credential in turn (the strategy's :class:`Revocable` flow;
        nothing without one); the first failure is raised once all were tried."""
        strategy = self.strategy
        if not isinstance(strategy, Revocable):
            return  # no revocation endpoint: forgetting is all there is
        failure: KeyhouseError | None = None
        for credential in credentials:
            try:
                yield from strategy.revoke(credential)
            except KeyhouseError as exc:
                failure = failure or exc
            else:
                self.events.revoked()
        if failure is not None:
            raise failure

    # --- the I/O: thin sync and async adapters ---------------------------------------------------

    def _options(self) -> DriveOptions:
        # The deadline starts when the flow does (after the cross-process lock).
        return {"provider": self.provider, "stats": self.stats, "deadline": self._deadline()}

    def _io(self, step: _Call | Generator[Any, Any, Any]) -> object:
        try:
            if isinstance(step, _Call):
                return step.fn(*step.args)
            return drive_sync(step, self._sync_client(), **self._options())
        except BaseException as exc:  # raised in the steps, so that their `finally` runs
            return Failed(exc)

    async def _aio(self, step: _Call | Generator[Any, Any, Any]) -> object:
        try:
            if not isinstance(step, _Call):
                return await drive_async(step, self._async_client(), **self._options())
            if step.offload or (step.offload is None and self.cache.blocking):
                return await asyncio.to_thread(step.fn, *step.args)
            return step.fn(*step.args)
        except BaseException as exc:
            return Failed(exc)

    def close(self) -> None:
        """Close the internal sync client (async clients: :meth:`aclose`)."""
        client, self._client = self._client, None
        if client is not None:
            client.close()

    async def aclose(self) -> None:
        """Close the internal clients (the async one of the running loop)."""
        self.close()
        await self._async_clients.aclose()

    # --- single flight -------------------------------------------------------------------------

    @property
    def _wait_timeout(self) -> float:
        # The leader may wait up to `timeout` for the cross-process lock, then run the flow.
        return 2 * self.timeout + 1.0

    def _timeout_error(self) -> ProviderUnavailableError:
        return ProviderUnavailableError(
            f"timed out after {self._wait_timeout:.0f}s waiting for a token", provider=self.provider
        )

    def _claim(self, loop: asyncio.AbstractEventLoop | None) -> Credential | tuple[_Flight, bool]:
        """The credential, or the flight to wait for and whether the caller leads it."""
        dead: _Flight | None = None
        with self._mutex:
            credential, due = self._state
            if credential is not None and time.time() < due:
                return credential
            flight = self._inflight
            if flight is not None:
                if flight.alive():
                    return flight, False
                dead = flight  # its leader is stuck or gone: start a fresh flight
            future: concurrent.futures.Future[Credential] = concurrent.futures.Future()
            future.set_running_or_notify_cancel()  # waiters' cancellations cannot cancel it
            flight = self._inflight = _Flight(future, time.monotonic() + self._wait_timeout, loop)
        if dead is not None:
            logger.warning("%s: replacing a token request that did not finish", self.provider)
            self._settle(dead.future, None, self._abandoned_error())
        return flight, True

    def _abandoned_error(self) -> ProviderUnavailableError:
        return ProviderUnavailableError(
            "the token request was abandoned: it did not finish in time", provider=self.provider
        )

    def _abandon(self, flight: _Flight) -> None:
        """A waiter gave up on ``flight``: the next caller starts a fresh one."""
        with self._mutex:
            if self._inflight is flight:
                self._inflight = None
        self._settle(flight.future, None, self._abandoned_error())

    @staticmethod
    def _settle(
        future: concurrent.futures.Future[Credential],
        credential: Credential | None,
        exc: BaseException | None,
    ) -> None:
        """Complete ``future`` unless someone already did (an abandoned flight)."""
        try:
            if credential is not None:
                future.set_result(credential)
            elif exc is not None:
                future.set_exception(exc)
        except concurrent.futures.InvalidStateError:
            pass

    def _publish(self, credential: Credential, due: float | None = None) -> None:
        if due is None:
            due = refresh_at(credential, self.leeway, self.max_fraction)
        self._previous = credential
        self._state = (credential, due)

    def _finish(
        self,
        flight: _Flight,
        credential: Credential | None,
        exc: BaseException | None,
    ) -> None:
        with self._mutex:
            if credential is not None and self._state[0] is not credential:
                self._publish(credential)
            if self._inflight is flight:  # not replaced meanwhile
                self._inflight = None
        if credential is None and not isinstance(exc, Exception):
            # KeyboardInterrupt, CancelledError...: waiters get an error of their own
            exc = ProviderUnavailableError("token request was interrupted", provider=self.provider)
        self._settle(flight.future, credential, exc)

    def _wait_sync(self, flight: _Flight) -> Credential:
        try:
            return flight.future.result(timeout=self._wait_timeout)
        except concurrent.futures.TimeoutError:
            self._abandon(flight)
            raise self._timeout_error() from None

    def _fallback(self, exc: BaseException) -> Credential | None:
        """Keep a not-yet-expired token when a refresh fails for a passing reason."""
        if not isinstance(exc, (ProviderUnavailableError, RateLimitedError)):
            return None
        previous = self._previous
        now = time.time()
        if previous is None or previous.token == self._rejected:
            return None
        expires = previous.expires_at
        if expires is None or now >= expires - 1.0:
            return None
        logger.warning(
            "%s: token refresh failed (%s); using the current token until it expires",
            self.provider,
            type(exc).__name__,
        )
        with self._mutex:
            self._publish(previous, due=now + min(_GRACE_RETRY, (expires - now) / 2))
        return previous

    def _forget(self, failed_token: str | None) -> bool:
        """Drop the fast-path copy; whether the cache still needs a delete."""
        with self._mutex:
            credential, _ = self._state
            if failed_token is not None and failed_token == self._rejected:
                return False  # someone reported this token already
            if credential is not None and (
                failed_token is None or credential.token == failed_token
            ):
                self._state = (None, -math.inf)
                self._previous = credential
            self._rejected = (
                failed_token
                if failed_token is not None
                else (credential.token if credential is not None else None)
            )
            return True

    # --- the leader's work ---------------------------------------------------------------------

    def _cache_call(self, method: Callable[..., Any], *args: Any) -> Any:
        try:
            return method(*args)
        except Exception as exc:  # a cache must never fail a request
            logger.warning("%s: token cache failed (%s)", self.provider, type(exc).__name__)
            return None

    def _check_cache(self) -> tuple[Credential | None, Credential | None]:
        """(usable cached credential, best previous credential for the flow)."""
        started = time.perf_counter()
        cached = self._cache_call(self.cache.get, self.key)
        if not isinstance(cached, Credential):
            cached = None
        if (
            cached is not None
            and cached.token != self._rejected
            and time.time() < refresh_at(cached, self.leeway, self.max_fraction)
        ):
            self.events.cache_hit(self.cache, time.perf_counter() - started)
            return cached, cached
        # The cache's record is the freshest across processes (refresh tokens rotate).
        if cached is not None:
            self._previous = cached
        return None, self._previous

    def _sync_client(self) -> httpx.Client:
        client = self._client
        if client is None:
            with self._mutex:
                client = self._client
                if client is None:
                    client = self._client = self._client_factory()
        return client

    def _async_client(self) -> httpx.AsyncClient:
        return self._async_clients.get()

    def _deadline(self) -> float:
        """When the flow starting now must have finished (``time.monotonic()``)."""
        return time.monotonic() + self.timeout

    async def _lead_async(self, flight: _Flight) -> None:
        try:
            async with asyncio.timeout(self._wait_timeout):
                credential = await arun_steps(self._fetch(), self._aio)
        except TimeoutError:
            self._lead_failed(flight, self._timeout_error())
        except BaseException as error:
            self._lead_failed(flight, error)
            if not isinstance(error, Exception):
                raise
        else:
            self._finish(flight, credential, None)

    def _lead_failed(self, flight: _Flight, exc: BaseException) -> Credential | None:
        """The leader failed: the old token while it lasts (:meth:`_fallback`) for everyone,
        else ``exc``."""
        fallback = self._fallback(exc)
        self._finish(flight, fallback, None if fallback else exc)
        return fallback
