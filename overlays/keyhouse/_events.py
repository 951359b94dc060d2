"""What the token machinery does, as typed events: hooks, logging, OpenTelemetry.

Events (frozen dataclasses; no token, secret or fragment of one is ever a field):

* :class:`TokenObtained`    a login, a refresh, or a token found in a cache tier (memory,
  file, Redis) by the caller that would otherwise have logged in;
* :class:`TokenInvalidated` a token dropped after a 401 (``reason="401"``) or on request;
* :class:`TokenRevoked`     a token revoked at the provider (sign-out);
* :class:`LoginFailed`      a login or refresh that ended in an error;
* :class:`RetryScheduled`   a retry about to sleep: why (status or transport error) and how long;
* :class:`CacheFallback`    the Redis cache unreachable (memory from now on), or back.

A hook is any callable taking one event. Hooks are given to ``Settings.build(hooks=[...])`` or
``Keyhouse(..., hooks=[...])`` and run after the default hooks: :func:`log_event` (stdlib
``logging`` under ``keyhouse.token``, ``keyhouse.retry`` and ``keyhouse.cache``) and
:class:`OpenTelemetryHook` (spans and metrics, when ``opentelemetry-api`` is installed:
``pip install "keyhouse[otel]"``; it is imported on the first event, never by ``import
keyhouse``). A hook that raises is logged and ignored: observing never fails a request.

Cost: events are only emitted on the cold path (a login, a refresh, a 401, a retry, a cache
failure); the warm path (a valid token in hand) emits nothing and builds no event object, so
hooks cost nothing per request. Each emitting method checks its hook tuple for emptiness first.

``KEYHOUSE_LOG=debug`` or ``info`` in the environment (read at ``import keyhouse``) switches the
``keyhouse`` loggers on without code, the way ``OPENAI_LOG`` does for OpenAI's SDK.

Sync and async share this module: the flow wrapper (:meth:`Emitter.flow`) is a generator the
sync and async drivers both drive, and the retry transports report from one ``before_sleep``.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
import weakref
from collections.abc import Callable, Generator, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import httpx

from ._redact import RedactingFilter

if TYPE_CHECKING:
    from opentelemetry.metrics import MeterProvider
    from opentelemetry.trace import TracerProvider


#: ``request.extensions`` key: the :class:`Emitter` a token request's retries report to.
EVENTS = "keyhouse_events"
T = TypeVar("T")


# --- the events ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TokenObtained:
    """A token was obtained: by a login, a refresh, or from a cache tier.

    ``source="cache"`` is a token another caller (process, machine, manager) had stored, found
    by the one that was about to log in; ``tier`` names the cache (``memory``, ``file``,
    ``redis``). The in-process fast path (a valid token already in hand) is not an event.
    """

    provider: str
    """The provider's name (``"ovok"``)."""
    source: Literal["login", "refresh", "cache"]
    """How the token was obtained."""
    seconds: float
    """How long it took: the whole flow (every token request, retries included), or the
    cache read."""
    kinds: tuple[str, ...] = ()
    """The kinds of the token requests sent, in order (``("refresh",)``, ``("login",
    "token")``); empty for a cache hit."""
    status: int | None = None
    """The HTTP status of the flow's last response (``None`` for a cache hit)."""
    tier: str | None = None
    """The cache tier a cache hit came from (``memory``, ``file``, ``redis``), else ``None``."""


@dataclass(frozen=True, slots=True)
class TokenInvalidated:
    """A token was dropped: the provider answered 401 to it, or someone asked.

    However many callers see the same 401, the token is invalidated (and reported) once.
    """

    provider: str
    """The provider's name."""
    reason: Literal["401", "requested"]
    """``"401"``: the provider refused the token; ``"requested"``: ``kh.invalidate(...)``."""


@dataclass(frozen=True, slots=True)
class TokenRevoked:
    """A token was revoked at the provider (sign-out) and forgotten."""

    provider: str
    """The provider's name."""


@dataclass(frozen=True, slots=True)
class LoginFailed:
    """A login or refresh ended in an error (the error the caller gets is named, not quoted)."""

    provider: str
    """The provider's name."""
    kind: Literal["login", "refresh"]
    """``"refresh"`` when the flow only tried refreshing, else ``"login"``."""
    error: str
    """The error's class name (``AuthenticationError``, ``ConnectError``), never its text."""
    seconds: float
    """How long the flow ran before it failed."""
    kinds: tuple[str, ...] = ()
    """The kinds of the token requests sent, in order."""
    status: int | None = None
    """The HTTP status of the failing answer, if there was one."""


@dataclass(frozen=True, slots=True)
class RetryScheduled:
    """A request failed in a retryable way and will be sent again after ``delay`` seconds."""

    provider: str | None
    """The provider's name (``None`` for a retrying transport used on its own)."""
    method: str
    """The HTTP method."""
    host: str
    """The host the request went to (no path, no query)."""
    reason: str
    """Why: the HTTP status (``"503"``, ``"429"``) or the transport error (``"ConnectError"``)."""
    delay: float
    """Seconds until the next try (``Retry-After`` when the provider sent one)."""
    attempt: int
    """The number of the try that will be made (2 for the first retry)."""
    token_request: bool
    """Whether it is a token request (login, refresh) rather than an API call."""


@dataclass(frozen=True, slots=True)
class CacheFallback:
    """The Redis token cache became unreachable (tokens are kept in memory until it is back), or
    became reachable again (``recovered=True``)."""

    cache: str
    """The cache's URL without password, user or query."""
    recovered: bool
    """``False``: fell back to memory; ``True``: Redis answers again."""
    error: str | None = None
    """The error's class name when falling back."""


Event = (
    TokenObtained | TokenInvalidated | TokenRevoked | LoginFailed | RetryScheduled | CacheFallback
)
"""Every event a hook may receive."""

Hook = Callable[[Event], None]
"""A hook: called with each event, in the thread that caused it; must be quick and
thread-safe. Exceptions it raises are logged and ignored."""


# --- logging --------------------------------------------------------------------------------------

_token_log = logging.getLogger("keyhouse.token")
_retry_log = logging.getLogger("keyhouse.retry")
_cache_log = logging.getLogger("keyhouse.cache")
_hooks_log = logging.getLogger("keyhouse.hooks")
for _log in (_token_log, _retry_log, _cache_log, _hooks_log):
    # Filters on "keyhouse" do not see child loggers' records: scrub here too (events hold
    # no secret by construction; this is the second line of defence).
    if not any(isinstance(f, RedactingFilter) for f in _log.filters):
        _log.addFilter(RedactingFilter())

_LOG_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO}


def configure_logging(value: str | None) -> None:
    """Apply a ``KEYHOUSE_LOG`` value: ``debug`` or ``info`` sets the ``keyhouse`` loggers'
    level and, if the application configured no logging, a stderr handler (``logging.
    basicConfig``, as OpenAI's ``OPENAI_LOG`` does). Empty: nothing; anything else: a warning."""
    if value is None or not value.strip():
        return
    level = _LOG_LEVELS.get(value.strip().lower())
    root = logging.getLogger("keyhouse")
    if level is None:
        root.warning("KEYHOUSE_LOG=%r is not 'debug' or 'info'; ignored", value[:20])
        return
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    root.setLevel(level)


def _seconds(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def _requests(kinds: tuple[str, ...]) -> str:
    n = len(kinds)
    return f"{n} token request{'s' if n != 1 else ''}" + (f": {', '.join(kinds)}" if n else "")


def log_event(event: Event) -> None:
    """The default logging hook: one line per event under ``keyhouse.token`` (INFO: logins,
    refreshes, invalidations, revocations; DEBUG: cache hits; WARNING: failed logins),
    ``keyhouse.retry`` (INFO) and ``keyhouse.cache`` (WARNING: fallback; INFO: recovered)."""
    if isinstance(event, TokenObtained):
        if event.source == "cache":
            _token_log.debug(
                "%s: token from the %s cache (%s)",
                event.provider,
                event.tier,
                _seconds(event.seconds),
            )
        else:
            _token_log.info(
                "%s: %s (%s, status %s, %s)",
                event.provider,
                "logged in" if event.source == "login" else "token refreshed",
                _requests(event.kinds),
                event.status,
                _seconds(event.seconds),
            )
    elif isinstance(event, RetryScheduled):
        _retry_log.info(
            "%s%s %s %s: %s, retrying in %.2fs (try %d)",
            f"{event.provider}: " if event.provider else "",
            "token request" if event.token_request else "request",
            event.method,
            event.host,
            event.reason,
            event.delay,
            event.attempt,
        )
    elif isinstance(event, LoginFailed):
        _token_log.warning(
            "%s: %s failed (%s%s, %s, %s)",
            event.provider,
            event.kind,
            event.error,
            f", status {event.status}" if event.status is not None else "",
            _requests(event.kinds),
            _seconds(event.seconds),
        )
    elif isinstance(event, TokenInvalidated):
        why = "the provider answered 401" if event.reason == "401" else "requested"
        _token_log.info("%s: token invalidated (%s)", event.provider, why)
    elif isinstance(event, TokenRevoked):
        _token_log.info("%s: token revoked", event.provider)
    elif isinstance(event, CacheFallback):
        if event.recovered:
            _cache_log.info("Redis token cache %s is reachable again", event.cache)
        else:
            _cache_log.warning(
                "Redis token cache %s unreachable (%s); using an in-process cache until it is back",
                event.cache,
                event.error,
            )


# --- OpenTelemetry --------------------------------------------------------------------------------


_COUNTERS = {  # name: (unit, description)
    "keyhouse.token.requests": (
        "{request}",
        "Token requests sent (login, refresh, ...), by provider and kind",
    ),
    "keyhouse.token.invalidations": (
        "{token}",
        "Tokens dropped: after a 401 (re-authentication), or on request",
    ),
    "keyhouse.token.revocations": ("{token}", "Tokens revoked (sign-out)"),
    "keyhouse.retries": ("{retry}", "Retries scheduled, by reason"),
    "keyhouse.cache.hits": ("{token}", "Tokens another caller had stored, found in a cache tier"),
    "keyhouse.cache.fallbacks": (
        "{event}",
        "The Redis cache became unreachable (memory used until it is back)",
    ),
}


class _Instruments:
    """The tracer and the metric instruments, made once per hook on its first event."""

    def __init__(self, tracer_provider: Any, meter_provider: Any) -> None:
        from opentelemetry import metrics, trace

        from . import __version__

        self.trace = trace
        self.tracer = trace.get_tracer("keyhouse", __version__, tracer_provider=tracer_provider)
        meter = metrics.get_meter("keyhouse", __version__, meter_provider=meter_provider)
        self.count = {
            name: meter.create_counter(name, unit=unit, description=description)
            for name, (unit, description) in _COUNTERS.items()
        }
        self.duration = meter.create_histogram(
            "keyhouse.login.duration",
            unit="s",
            description="Login and refresh time, every token request and retry included",
        )

    def record(self, event: Event) -> None:
        count = self.count
        provider: dict[str, str] = {"keyhouse.provider": getattr(event, "provider", None) or ""}
        if isinstance(event, TokenObtained | LoginFailed):
            for kind in event.kinds:
                count["keyhouse.token.requests"].add(1, {**provider, "keyhouse.kind": kind})
            if isinstance(event, TokenObtained) and event.source == "cache":
                tier = {**provider, "keyhouse.tier": str(event.tier)}
                count["keyhouse.cache.hits"].add(1, tier)
            else:
                self._span(event)
        elif isinstance(event, RetryScheduled):
            attributes: dict[str, str | bool] = {
                "keyhouse.reason": event.reason,
                "keyhouse.token_request": event.token_request,
                **(provider if event.provider else {}),
            }
            count["keyhouse.retries"].add(1, attributes)
        elif isinstance(event, TokenInvalidated):
            reason = {**provider, "keyhouse.reason": event.reason}
            count["keyhouse.token.invalidations"].add(1, reason)
        elif isinstance(event, TokenRevoked):
            count["keyhouse.token.revocations"].add(1, provider)
        elif isinstance(event, CacheFallback) and not event.recovered:
            count["keyhouse.cache.fallbacks"].add(1, {"error.type": str(event.error)})

    def _span(self, event: TokenObtained | LoginFailed) -> None:
        """A span per login/refresh, made when it ended (start time from its duration)."""
        kind = event.source if isinstance(event, TokenObtained) else event.kind
        failed = isinstance(event, LoginFailed)
        end = time.time_ns()
        common = {
            "keyhouse.provider": event.provider,
            "keyhouse.kind": kind,
            "keyhouse.outcome": "error" if failed else "ok",
        }
        attributes: dict[str, str | int] = {**common, "keyhouse.token_requests": len(event.kinds)}
        if event.status is not None:
            attributes["http.response.status_code"] = event.status
        if isinstance(event, LoginFailed):
            attributes["error.type"] = event.error
        trace = self.trace
        span = self.tracer.start_span(
            f"keyhouse {kind}",
            kind=trace.SpanKind.CLIENT,
            attributes=attributes,
            start_time=end - int(event.seconds * 1e9),
        )
        if isinstance(event, LoginFailed):
            span.set_status(trace.Status(trace.StatusCode.ERROR, event.error))
        span.end(end_time=end)
        self.duration.record(event.seconds, common)


class OpenTelemetryHook:
    """Spans and metrics through the OpenTelemetry API.

    A span per login or refresh (``keyhouse login`` / ``keyhouse refresh``: provider, kind,
    outcome, HTTP status, error type; never a credential), and metrics:
    ``keyhouse.token.requests`` (by provider and kind), ``keyhouse.login.duration`` (seconds),
    ``keyhouse.token.invalidations`` (401 re-authentications), ``keyhouse.token.revocations``,
    ``keyhouse.retries`` (by reason), ``keyhouse.cache.hits`` (by tier) and
    ``keyhouse.cache.fallbacks``.

    One instance with the global providers is a default hook (it does nothing when
    ``opentelemetry-api`` is not installed). Give ``tracer_provider`` / ``meter_provider``
    to report elsewhere (tests use the SDK's in-memory exporters this way). OpenTelemetry is
    imported on the first event, not before.
    """

    def __init__(
        self,
        tracer_provider: TracerProvider | None = None,
        meter_provider: MeterProvider | None = None,
    ) -> None:
        self._tracer_provider = tracer_provider
        self._meter_provider = meter_provider
        self._instruments: _Instruments | None = None
        self._unavailable = False
        self._lock = threading.Lock()

    def __call__(self, event: Event) -> None:
        """Record ``event`` (a span for a login or refresh, a metric for every event)."""
        instruments = self._instruments
        if instruments is None:
            instruments = self._setup()
            if instruments is None:
                return
        instruments.record(event)

    def _setup(self) -> _Instruments | None:
        """Import OpenTelemetry and make the instruments, once; ``None`` without it."""
        if self._unavailable:
            return None
        with self._lock:
            if self._instruments is None and not self._unavailable:
                try:
                    self._instruments = _Instruments(self._tracer_provider, self._meter_provider)
                except ImportError:  # no opentelemetry-api: this hook does nothing
                    self._unavailable = True
            return self._instruments

    def __repr__(self) -> str:
        return "OpenTelemetryHook()"


_OTEL = OpenTelemetryHook()


def default_hooks() -> tuple[Hook, ...]:
    """The hooks every Keyhouse reports to before its own: :func:`log_event` and an
    :class:`OpenTelemetryHook` on the global providers."""
    return (log_event, _OTEL)


# --- counting (keyhouse demo's table) -------------------------------------------------------------


class EventCounter:
    """A hook counting events per provider: how many logins, refreshes, cache hits by tier,
    401 invalidations, revocations, retries and failed logins a run cost.

    >>> counter = EventCounter()
    >>> kh = Keyhouse.from_env(hooks=[counter])        # doctest: +SKIP
    >>> counter.counts()["ovok"]["login"]              # doctest: +SKIP
    1
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: dict[str, dict[str, int]] = {}
        self._seconds: dict[str, float] = {}

    def __call__(self, event: Event) -> None:
        """Count ``event``."""
        if isinstance(event, TokenObtained):
            what = f"cache:{event.tier}" if event.source == "cache" else event.source
        elif isinstance(event, LoginFailed):
            what = "failed"
        elif isinstance(event, TokenInvalidated):
            what = "invalidated:401" if event.reason == "401" else "invalidated"
        elif isinstance(event, TokenRevoked):
            what = "revoked"
        elif isinstance(event, RetryScheduled):
            what = "retry"
        else:
            what = "fallback" if not event.recovered else "recovered"
        provider = getattr(event, "provider", None) or "-"
        with self._lock:
            counts = self._counts.setdefault(provider, {})
            counts[what] = counts.get(what, 0) + 1
            if isinstance(event, TokenObtained | LoginFailed) and event.kinds:
                counts["token requests"] = counts.get("token requests", 0) + len(event.kinds)
                self._seconds[provider] = self._seconds.get(provider, 0.0) + event.seconds

    def counts(self) -> dict[str, dict[str, int]]:
        """A copy of the counts: provider (``"-"`` for none) -> what -> how many."""
        with self._lock:
            return {provider: dict(counts) for provider, counts in self._counts.items()}

    def login_seconds(self, provider: str) -> float:
        """Total time ``provider``'s logins and refreshes took (failed ones included)."""
        with self._lock:
            return self._seconds.get(provider, 0.0)

    def __repr__(self) -> str:
        return f"EventCounter({self.counts()!r})"


# --- emitting -------------------------------------------------------------------------------------


def _call(hooks: Iterable[Hook], event: Event) -> None:
    for hook in hooks:
        try:
            hook(event)
        except Exception as exc:  # observing must never fail a request
            _hooks_log.warning(
                "event hook %s failed on %s (%s)",
                getattr(hook, "__qualname__", type(hook).__qualname__),
                type(event).__name__,
                type(exc).__name__,
            )


_TIERS = {"MemoryCache": "memory", "FileCache": "file", "RedisCache": "redis"}


def _tier(cache: object) -> str:
    name = type(cache).__name__
    return _TIERS.get(name, name)


class Emitter:
    """One provider's view of a Keyhouse's hooks: builds events only when there are hooks.

    :class:`~keyhouse._lifecycle.TokenManager` and the retrying transports call it on the cold path.
    """

    __slots__ = ("hooks", "provider")

    def __init__(self, provider: str | None, hooks: Iterable[Hook] | None = None) -> None:
        self.provider: str | None = provider
        """The provider events are reported for."""
        self.hooks: tuple[Hook, ...] = default_hooks() if hooks is None else tuple(hooks)
        """The hooks, defaults first."""

    def emit(self, event: Event) -> None:
        """Call every hook with ``event``."""
        _call(self.hooks, event)

    def flow(
        self, flow: Generator[httpx.Request, httpx.Response, T]
    ) -> Generator[httpx.Request, httpx.Response, T]:
        """``flow`` (a strategy's token flow) reporting its outcome: :class:`TokenObtained` or
        :class:`LoginFailed`; its requests carry this emitter for their retries."""
        if not self.hooks:
            return flow
        return self._observed(flow)

    def _observed(
        self, flow: Generator[httpx.Request, httpx.Response, T]
    ) -> Generator[httpx.Request, httpx.Response, T]:
        from ._flow import KIND

        provider, started = self.provider or "keyhouse", time.perf_counter()
        kinds: list[str] = []
        status: int | None = None

        def failed(exc: BaseException | None) -> None:
            code = getattr(exc, "status", None)
            self.emit(
                LoginFailed(
                    provider,
                    "refresh" if kinds and "login" not in kinds else "login",
                    type(exc).__name__ if exc is not None else "Interrupted",
                    time.perf_counter() - started,
                    tuple(kinds),
                    code if isinstance(code, int) else status,
                )
            )

        try:
            request = next(flow)
            while True:
                request.extensions[EVENTS] = self
                kinds.append(str(request.extensions.get(KIND, "login")))
                try:
                    response = yield request
                except GeneratorExit as stop:
                    # The driver closed the flow: a transport error (being handled there, so
                    # it is the context), or an interruption.
                    failed(stop.__context__)
                    flow.close()
                    raise
                status = response.status_code
                request = flow.send(response)
        except StopIteration as done:
            result: T = done.value
            if kinds:  # none sent (a configured static key): nothing was obtained
                source: Literal["login", "refresh"] = "login" if "login" in kinds else "refresh"
                seconds = time.perf_counter() - started
                self.emit(TokenObtained(provider, source, seconds, tuple(kinds), status))
            return result
        except Exception as exc:
            failed(exc)
            raise

    def cache_hit(self, cache: object, seconds: float) -> None:
        """A token another caller stored was found in ``cache``."""
        if self.hooks:
            self.emit(
                TokenObtained(self.provider or "keyhouse", "cache", seconds, tier=_tier(cache))
            )

    def invalidated(self, failed_token: str | None) -> None:
        """A token was dropped: after a 401 when ``failed_token`` is given, else on request."""
        if self.hooks:
            reason: Literal["401", "requested"] = "401" if failed_token is not None else "requested"
            self.emit(TokenInvalidated(self.provider or "keyhouse", reason))

    def revoked(self) -> None:
        """The token was revoked at the provider."""
        if self.hooks:
            self.emit(TokenRevoked(self.provider or "keyhouse"))

    def __repr__(self) -> str:
        return f"Emitter({self.provider!r}, {len(self.hooks)} hooks)"


_STANDALONE = Emitter(None)


def retry_scheduled(
    emitter: Emitter | None,
    request: httpx.Request,
    failure: httpx.Response | BaseException | None,
    delay: float,
    attempt: int,
    token_request: bool,
) -> None:
    """Report a retry of ``request`` (the retrying transports' ``before_sleep``): to the
    emitter its token flow stamped on it, else the transport's, else the default hooks."""
    stamped = request.extensions.get(EVENTS)
    target = stamped if isinstance(stamped, Emitter) else emitter or _STANDALONE
    if not target.hooks:
        return
    if isinstance(failure, httpx.Response):
        reason = str(failure.status_code)
    else:
        reason = type(failure).__name__ if failure is not None else "unknown"
    method, host = request.method, request.url.host
    target.emit(
        RetryScheduled(target.provider, method, host, reason, delay, attempt, token_request)
    )


# --- caches: who hears about a fallback -----------------------------------------------------------

_attached: weakref.WeakKeyDictionary[object, list[tuple[Hook, ...]]] = weakref.WeakKeyDictionary()
_attached_lock = threading.Lock()


def attach(cache: object, hooks: tuple[Hook, ...]) -> None:
    """Report ``cache``'s fallbacks to ``hooks`` (a Keyhouse's) too."""
    # A cache that cannot be weakly referenced reports to the default hooks only.
    with _attached_lock, contextlib.suppress(TypeError):
        _attached.setdefault(cache, []).append(hooks)


def detach(cache: object, hooks: tuple[Hook, ...]) -> None:
    """Stop reporting ``cache``'s fallbacks to ``hooks``."""
    with _attached_lock:
        try:
            listeners = _attached.get(cache)
        except TypeError:
            return
        if listeners is not None:
            for n, listener in enumerate(listeners):
                if listener is hooks:
                    del listeners[n]
                    break


def cache_fallback(cache: object, url: str, error: BaseException | None) -> None:
    """``cache`` (at ``url``, already free of credentials) fell back to memory (``error``), or
    recovered (``error=None``): every Keyhouse using it hears it once, each hook once."""
    with _attached_lock:
        try:
            listeners = list(_attached.get(cache, ()))
        except TypeError:
            listeners = []
    seen: dict[int, Hook] = {}
    for hooks in [default_hooks(), *listeners]:
        for hook in hooks:
            seen.setdefault(id(hook), hook)
    event = CacheFallback(
        url, recovered=error is None, error=type(error).__name__ if error is not None else None
    )
    _call(seen.values(), event)


configure_logging(os.environ.get("KEYHOUSE_LOG"))
