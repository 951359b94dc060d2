"""Faults a test switches on per provider: each counts down per request.

``sb.faults("ovok").fail_5xx(3)`` makes the next three requests to Ovok fail; a fault may be
restricted to one endpoint (``"POST /v2/auth/login"``, or a path template for any method).
Latency is the only fault that composes with the others; of the rest, the first one that
matches a request decides its response. Token faults (``revoke_all_tokens``, ``clock_skew``)
are not counted: they change the provider's token state until cleared.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from ._runtime import Runtime

__all__ = ["SWITCHES", "Fault", "FaultKind", "Faults"]

FaultKind = Literal[
    "latency",
    "fail_5xx",
    "rate_limit",
    "drop",
    "malformed_json",
    "wrong_shape",
    "html_error",
    "unsupported",
    "redirect",
    "trickle",
    "echo",
]


@dataclass
class Fault:
    """One switched-on fault; ``remaining`` is ``None`` for "until cleared"."""

    kind: FaultKind
    remaining: int | None
    endpoint: str | None = None
    status: int = 0
    seconds: float = 0.0
    retry_after: str | None = None
    location: str | None = None
    size: int = 0

    def matches(self, key: str, template: str) -> bool:
        return self.endpoint is None or self.endpoint in (key, template)


@dataclass(frozen=True)
class Decision:
    """What the fault layer decided for one request."""

    delay: float = 0.0
    fault: Fault | None = None


_NOTHING = Decision()


def _retry_after(value: float | str | dt.datetime) -> str:
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return email.utils.format_datetime(value.astimezone(dt.UTC), usegmt=True)
    if isinstance(value, str):
        return value
    return str(int(value)) if float(value).is_integer() else str(value)


class Faults:
    """The faults of one provider. Thread-safe; every method returns ``self`` for chaining."""

    def __init__(self, runtime: Runtime) -> None:
        self._runtime = runtime
        self._lock = threading.Lock()
        self._faults: list[Fault] = []
        self.active = False  # read without the lock on the hot path

    def _add(self, fault: Fault) -> Faults:
        if fault.remaining is not None and fault.remaining <= 0:
            return self
        with self._lock:
            self._faults.append(fault)
            self.active = True
        return self

    # ------------------------------------------------------------------ request faults
    def fail_5xx(self, n: int = 1, *, status: int = 503, endpoint: str | None = None) -> Faults:
        """The next ``n`` requests get ``status`` (500..599) with a JSON error body."""
        if not 500 <= status <= 599:
            raise ValueError("status must be a 5xx code")
        return self._add(Fault("fail_5xx", n, endpoint, status=status))

    def rate_limit(
        self,
        n: int = 1,
        *,
        retry_after: float | str | dt.datetime = 1,
        endpoint: str | None = None,
    ) -> Faults:
        """The next ``n`` requests get 429 with ``Retry-After`` (seconds, or an HTTP date)."""
        return self._add(
            Fault("rate_limit", n, endpoint, status=429, retry_after=_retry_after(retry_after))
        )

    def latency(
        self, seconds: float, n: int | None = None, *, endpoint: str | None = None
    ) -> Faults:
        """Delay the next ``n`` requests (all of them when ``n`` is None) by ``seconds``."""
        return self._add(Fault("latency", n, endpoint, seconds=seconds))

    def drop_connections(self, n: int = 1, *, endpoint: str | None = None) -> Faults:
        """Send a response head and part of the body, then abort the connection."""
        return self._add(Fault("drop", n, endpoint))

    def malformed_json(
        self, n: int = 1, *, status: int = 200, endpoint: str | None = None
    ) -> Faults:
        """Answer with a truncated JSON document labelled ``application/json``."""
        return self._add(Fault("malformed_json", n, endpoint, status=status))

    def wrong_shape(self, n: int = 1, *, status: int = 200, endpoint: str | None = None) -> Faults:
        """Answer with well-formed JSON of the wrong shape (an array of strings)."""
        return self._add(Fault("wrong_shape", n, endpoint, status=status))

    def html_error(self, n: int = 1, *, status: int = 502, endpoint: str | None = None) -> Faults:
        """Answer with a proxy-style HTML error page."""
        return self._add(Fault("html_error", n, endpoint, status=status))

    def unsupported(
        self, n: int | None = None, *, status: int = 404, endpoint: str | None = None
    ) -> Faults:
        """Answer as a provider that does not have the operation: 404, 405 or 501 (for every
        request when ``n`` is None). For operations the spec marks ``x-unverified``."""
        if status not in (404, 405, 501):
            raise ValueError("status must be 404, 405 or 501")
        return self._add(Fault("unsupported", n, endpoint, status=status))

    def redirect(
        self, location: str, n: int = 1, *, status: int = 307, endpoint: str | None = None
    ) -> Faults:
        """Answer ``status`` (a 3xx) with ``Location: location`` (another origin, say)."""
        if not 300 <= status <= 399:
            raise ValueError("status must be a 3xx code")
        if not isinstance(location, str) or not location or "\r" in location or "\n" in location:
            raise ValueError("location must be a URL on one line")
        return self._add(Fault("redirect", n, endpoint, status=status, location=location))

    def trickle(
        self, n: int = 1, *, seconds: float = 1.0, size: int = 4096, endpoint: str | None = None
    ) -> Faults:
        """Send a 200 head at once, then the body one byte every ``seconds`` (``size`` bytes):
        a provider that never trips a read timeout and never finishes."""
        if not (seconds > 0 and size > 0):
            raise ValueError("seconds and size must be positive")
        return self._add(Fault("trickle", n, endpoint, status=200, seconds=seconds, size=size))

    def echo(self, n: int = 1, *, status: int = 400, endpoint: str | None = None) -> Faults:
        """Answer ``status`` (4xx or 5xx) with a plain-text page quoting the request's
        ``Authorization`` header, as some error pages do (a token sent must not leak through)."""
        if not 400 <= status <= 599:
            raise ValueError("status must be a 4xx or 5xx code")
        return self._add(Fault("echo", n, endpoint, status=status))

    # ------------------------------------------------------------------ token faults
    def revoke_all_tokens(self) -> Faults:
        """Every token issued so far stops working now, before its ``exp``."""
        self._runtime.tokens.revoke_all()
        return self

    def clock_skew(self, seconds: float) -> Faults:
        """Issue (and judge) tokens with the provider's clock off by ``seconds``."""
        self._runtime.skew = float(seconds)
        return self

    def clear(self) -> Faults:
        """Switch every fault off (revoked tokens stay revoked; the clock skew is reset)."""
        with self._lock:
            self._faults.clear()
            self.active = False
        self._runtime.skew = 0.0
        return self

    @property
    def pending(self) -> list[Fault]:
        """A copy of the faults still switched on."""
        with self._lock:
            return [Fault(**vars(f)) for f in self._faults]

    # ------------------------------------------------------------------ the hot path
    def decide(self, key: str, template: str) -> Decision:
        if not self.active:
            return _NOTHING
        delay = 0.0
        chosen: Fault | None = None
        with self._lock:
            for fault in self._faults:
                if not fault.matches(key, template):
                    continue
                if fault.kind == "latency":
                    delay += fault.seconds
                elif chosen is None:
                    chosen = fault
                else:
                    continue
                if fault.remaining is not None:
                    fault.remaining -= 1
            self._faults = [f for f in self._faults if f.remaining is None or f.remaining > 0]
            self.active = bool(self._faults)
        if delay == 0.0 and chosen is None:
            return _NOTHING
        return Decision(delay, chosen)


#: What ``/_admin/faults`` may call: every public method of :class:`Faults` that switches
#: something (returns the ``Faults`` for chaining), so a new fault is reachable there at once.
SWITCHES: frozenset[str] = frozenset(
    name
    for name, member in vars(Faults).items()
    if not name.startswith("_")
    and callable(member)
    and member.__annotations__.get("return") == "Faults"
)
