"""Emitting :mod:`keyhouse.events`, and the default hooks: logging and OpenTelemetry.

Events are built on the cold path only (a login, a refresh, a 401, a retry, a cache failure); a
request with a valid token in hand builds none and calls no hook. The event classes and
OpenTelemetry are imported on the first event, not by ``import keyhouse``. A hook that raises is
logged and ignored: observing never fails a request. ``KEYHOUSE_LOG=debug|info`` (read when
the first :class:`~keyhouse.Keyhouse` is made) switches the ``keyhouse`` loggers on without
code, as ``OPENAI_LOG`` does for OpenAI's SDK.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
import weakref
from collections.abc import Generator, Iterable
from typing import TYPE_CHECKING, Literal, Protocol, TypeVar

import httpx

from ._redact import RedactingFilter

if TYPE_CHECKING:
    from opentelemetry.metrics import MeterProvider
    from opentelemetry.trace import TracerProvider

    from .events import Event, LoginFailed, TokenObtained

EVENTS = "keyhouse_events"  # request.extensions key: the Emitter a token request's retries use
T = TypeVar("T")


class Hook(Protocol):
    """A hook: called with each event, in the thread that caused it; quick and thread-safe."""

    def __call__(self, event: Event, /) -> None:
        """Observe ``event``; an exception is logged and ignored."""


_token_log, _retry_log, _cache_log, _hooks_log = (
    logging.getLogger(f"keyhouse.{name}") for name in ("token", "retry", "cache", "hooks")
)
for _log in (_token_log, _retry_log, _cache_log, _hooks_log):
    # Filters on "keyhouse" do not see child loggers' records: scrub here too (events hold no
    # secret by construction; this is the second line of defence).
    _log.addFilter(RedactingFilter())


def configure_logging(value: str | None) -> None:
    """Apply a ``KEYHOUSE_LOG`` value: ``debug`` or ``info`` sets the ``keyhouse`` loggers'
    level and, if the application configured no logging, a stderr handler (``basicConfig``).
    Empty: nothing; anything else: a warning."""
    if value is None or not value.strip():
        return
    level = {"debug": logging.DEBUG, "info": logging.INFO}.get(value.strip().lower())
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
    """The default logging hook: one line per event under ``keyhouse.token`` (INFO; DEBUG for
    a cache hit, WARNING for a failed login), ``keyhouse.retry`` and ``keyhouse.cache``."""
    from . import events as e

    match event:
        case e.TokenObtained(source="cache"):
            took = _seconds(event.seconds)
            _token_log.debug("%s: token from the %s cache (%s)", event.provider, event.tier, took)
        case e.TokenObtained():
            done = "logged in" if event.source == "login" else "token refreshed"
            sent, took = _requests(event.kinds), _seconds(event.seconds)
            _token_log.info(
                "%s: %s (%s, status %s, %s)", event.provider, done, sent, event.status, took
            )
        case e.LoginFailed():
            status = f", status {event.status}" if event.status is not None else ""
            sent, took = _requests(event.kinds), _seconds(event.seconds)
            _token_log.warning(
                "%s: %s failed (%s%s, %s, %s)",
                event.provider,
                event.kind,
                event.error,
                status,
                sent,
                took,
            )
        case e.RetryScheduled():
            who = f"{event.provider}: " if event.provider else ""
            what = "token request" if event.token_request else "request"
            _retry_log.info(
                "%s%s %s %s: %s, retrying in %.2fs (try %d)",
                who,
                what,
                event.method,
                event.host,
                event.reason,
                event.delay,
                event.attempt,
            )
        case e.TokenInvalidated():
            why = "the provider answered 401" if event.reason == "401" else "requested"
            _token_log.info("%s: token invalidated (%s)", event.provider, why)
        case e.TokenRevoked():
            _token_log.info("%s: token revoked", event.provider)
        case e.CacheFallback(recovered=True):
            _cache_log.info("Redis token cache %s is reachable again", event.cache)
        case e.CacheFallback():
            _cache_log.warning(
                "Redis token cache %s unreachable (%s); using an in-process cache until it is back",
                event.cache,
                event.error,
            )


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


class OpenTelemetryHook:
    """Spans and metrics through the OpenTelemetry API, imported on the first event.

    A span per login or refresh (``keyhouse login`` / ``keyhouse refresh``: provider, kind,
    outcome, HTTP status, error type; never a credential), the counters above and the histogram
    ``keyhouse.login.duration``. The default hook is one on the global providers (doing nothing
    without ``opentelemetry-api``); give providers to report elsewhere (the tests' in-memory
    exporters).
    """

    def __init__(
        self,
        tracer_provider: TracerProvider | None = None,
        meter_provider: MeterProvider | None = None,
    ) -> None:
        self._providers = (tracer_provider, meter_provider)
        self._ready: bool | None = None  # None: not set up yet; False: no opentelemetry-api
        self._lock = threading.Lock()

    def __call__(self, event: Event) -> None:
        """Record ``event`` (a span for a login or refresh, a metric for every event)."""
        if self._ready is None:
            with self._lock:
                if self._ready is None:
                    try:
                        self._setup()
                        self._ready = True
                    except ImportError:  # no opentelemetry-api: this hook does nothing
                        self._ready = False
        if self._ready:
            self._record(event)

    def _setup(self) -> None:
        from opentelemetry import metrics, trace

        from . import __version__

        tracer_provider, meter_provider = self._providers
        self._trace = trace
        self._tracer = trace.get_tracer("keyhouse", __version__, tracer_provider=tracer_provider)
        meter = metrics.get_meter("keyhouse", __version__, meter_provider=meter_provider)
        self._count = {
            name: meter.create_counter(name, unit=unit, description=description)
            for name, (unit, description) in _COUNTERS.items()
        }
        self._duration = meter.create_histogram(
            "keyhouse.login.duration",
            unit="s",
            description="Login and refresh time, every token request and retry included",
        )

    def _record(self, event: Event) -> None:
        from . import events as e

        count = self._count
        provider = {"keyhouse.provider": getattr(event, "provider", None) or ""}
        match event:
            case e.TokenObtained(source="cache"):
                count["keyhouse.cache.hits"].add(1, {**provider, "keyhouse.tier": str(event.tier)})
            case e.TokenObtained() | e.LoginFailed():
                for kind in event.kinds:
                    count["keyhouse.token.requests"].add(1, {**provider, "keyhouse.kind": kind})
                self._span(event)
            case e.RetryScheduled():
                attributes: dict[str, str | bool] = {
                    "keyhouse.reason": event.reason,
                    "keyhouse.token_request": event.token_request,
                    **(provider if event.provider else {}),
                }
                count["keyhouse.retries"].add(1, attributes)
            case e.TokenInvalidated():
                reason = {**provider, "keyhouse.reason": event.reason}
                count["keyhouse.token.invalidations"].add(1, reason)
            case e.TokenRevoked():
                count["keyhouse.token.revocations"].add(1, provider)
            case e.CacheFallback(recovered=False):
                count["keyhouse.cache.fallbacks"].add(1, {"error.type": str(event.error)})

    def _span(self, event: TokenObtained | LoginFailed) -> None:
        """A span per login/refresh, made when it ended (start time from its duration)."""
        from .events import LoginFailed

        failed = isinstance(event, LoginFailed)
        kind = event.kind if isinstance(event, LoginFailed) else event.source
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
        trace = self._trace
        span = self._tracer.start_span(
            f"keyhouse {kind}",
            kind=trace.SpanKind.CLIENT,
            attributes=attributes,
            start_time=end - int(event.seconds * 1e9),
        )
        if isinstance(event, LoginFailed):
            span.set_status(trace.Status(trace.StatusCode.ERROR, event.error))
        span.end(end_time=end)
        self._duration.record(event.seconds, common)

    def __repr__(self) -> str:
        return "OpenTelemetryHook()"


_OTEL = OpenTelemetryHook()


def default_hooks() -> tuple[Hook, ...]:
    """The hooks every Keyhouse reports to before its own: :func:`log_event` and an
    :class:`OpenTelemetryHook` on the global providers."""
    return (log_event, _OTEL)


_TIERS = {"MemoryCache": "memory", "FileCache": "file", "RedisCache": "redis"}


class Emitter:
    """One provider's view of a Keyhouse's hooks, called on the cold path by the token manager
    and the retrying transports: builds events only when there are hooks."""

    __slots__ = ("hooks", "provider")

    def __init__(self, provider: str | None, hooks: Iterable[Hook] | None = None) -> None:
        self.provider: str | None = provider
        self.hooks: tuple[Hook, ...] = default_hooks() if hooks is None else tuple(hooks)

    def emit(self, event: Event) -> None:
        """Call every hook with ``event``."""
        for hook in self.hooks:
            try:
                hook(event)
            except Exception as exc:  # observing must never fail a request
                _hooks_log.warning(
                    "event hook %s failed on %s (%s)",
                    getattr(hook, "__qualname__", type(hook).__qualname__),
                    type(event).__name__,
                    type(exc).__name__,
                )

    def flow(
        self, flow: Generator[httpx.Request, httpx.Response, T]
    ) -> Generator[httpx.Request, httpx.Response, T]:
        """``flow`` (a strategy's token flow) reporting its outcome: :class:`TokenObtained` or
        :class:`LoginFailed`; its requests carry this emitter for their retries."""
        return self._observed(flow) if self.hooks else flow

    def _observed(
        self, flow: Generator[httpx.Request, httpx.Response, T]
    ) -> Generator[httpx.Request, httpx.Response, T]:
        from ._flow import KIND
        from .events import LoginFailed, TokenObtained

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
            if kinds:  # none sent (a configured static key): nothing was obtained
                source: Literal["login", "refresh"] = "login" if "login" in kinds else "refresh"
                seconds = time.perf_counter() - started
                self.emit(TokenObtained(provider, source, seconds, tuple(kinds), status))
            result: T = done.value
            return result
        except Exception as exc:
            failed(exc)
            raise

    def cache_hit(self, cache: object, seconds: float) -> None:
        """A token another caller stored was found in ``cache``."""
        if self.hooks:
            from .events import TokenObtained

            tier = _TIERS.get(type(cache).__name__, type(cache).__name__)
            self.emit(TokenObtained(self.provider or "keyhouse", "cache", seconds, tier=tier))

    def invalidated(self, failed_token: str | None) -> None:
        """A token was dropped: after a 401 when ``failed_token`` is given, else on request."""
        if self.hooks:
            from .events import TokenInvalidated

            reason: Literal["401", "requested"] = "401" if failed_token is not None else "requested"
            self.emit(TokenInvalidated(self.provider or "keyhouse", reason))

    def revoked(self) -> None:
        """The token was revoked at the provider."""
        if self.hooks:
            from .events import TokenRevoked

            self.emit(TokenRevoked(self.provider or "keyhouse"))


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
    from .events import RetryScheduled

    if isinstance(failure, httpx.Response):
        reason = str(failure.status_code)
    else:
        reason = type(failure).__name__ if failure is not None else "unknown"
    target.emit(
        RetryScheduled(
            target.provider, request.method, request.url.host, reason, delay, attempt, token_request
        )
    )


# Who hears of a cache's fallbacks: the default hooks and every Keyhouse using the cache.
_attached: weakref.WeakKeyDictionary[object, list[tuple[Hook, ...]]] = weakref.WeakKeyDictionary()
_attached_lock = threading.Lock()


def attach(cache: object, hooks: tuple[Hook, ...]) -> None:
    """Report ``cache``'s fallbacks to ``hooks`` (a Keyhouse's) too; a cache that cannot be
    weakly referenced reports to the default hooks only."""
    with _attached_lock, contextlib.suppress(TypeError):
        _attached.setdefault(cache, []).append(hooks)


def detach(cache: object, hooks: tuple[Hook, ...]) -> None:
    """Stop reporting ``cache``'s fallbacks to ``hooks``."""
    with _attached_lock, contextlib.suppress(TypeError):
        listeners = _attached.get(cache, [])
        for n, listener in enumerate(listeners):
            if listener is hooks:
                del listeners[n]
                break


def cache_fallback(cache: object, url: str, error: BaseException | None) -> None:
    """``cache`` (at ``url``, already free of credentials) fell back to memory (``error``), or
    recovered (``error=None``): every Keyhouse using it hears it once, each hook once."""
    from .events import CacheFallback

    listeners: list[tuple[Hook, ...]] = []
    with _attached_lock, contextlib.suppress(TypeError):
        listeners = list(_attached.get(cache, ()))
    hooks = {id(hook): hook for group in (default_hooks(), *listeners) for hook in group}
    failure = type(error).__name__ if error is not None else None
    Emitter(None, hooks.values()).emit(CacheFallback(url, recovered=error is None, error=failure))


configure_logging(os.environ.get("KEYHOUSE_LOG"))
