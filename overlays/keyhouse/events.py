"""What the token machinery did, as typed events for hooks (public).

A hook is any callable taking an :data:`Event`, given to ``Settings.build(hooks=[...])`` or
``Keyhouse(..., hooks=[...])``; it runs after the default hooks, which log under ``keyhouse.*``
(``KEYHOUSE_LOG=debug|info``) and feed :class:`OpenTelemetryHook`. No event holds a secret, a
token or a piece of one. ``import keyhouse`` does not import this module (frozen dataclasses cost
milliseconds to define): the first event does.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Literal

from ._events import Hook, OpenTelemetryHook

__all__ = [
    "CacheFallback",
    "Event",
    "EventCounter",
    "Hook",
    "LoginFailed",
    "OpenTelemetryHook",
    "RetryScheduled",
    "TokenInvalidated",
    "TokenObtained",
    "TokenRevoked",
]


@dataclass(frozen=True, slots=True)
class TokenObtained:
    """A token from a login, a refresh, or a cache ``tier`` (``memory``, ``file``, ``redis``)
    where another caller had stored it. ``seconds``: the whole flow, retries included (or the
    cache read); ``kinds``: the token requests sent, in order; ``status``: the last answer's."""

    provider: str
    source: Literal["login", "refresh", "cache"]
    seconds: float
    kinds: tuple[str, ...] = ()
    status: int | None = None
    tier: str | None = None


@dataclass(frozen=True, slots=True)
class TokenInvalidated:
    """A token dropped after the provider answered 401 to it (once, however many callers saw
    the 401), or on ``kh.invalidate(...)`` (``"requested"``)."""

    provider: str
    reason: Literal["401", "requested"]


@dataclass(frozen=True, slots=True)
class TokenRevoked:
    """A token revoked at the provider (sign-out) and forgotten."""

    provider: str


@dataclass(frozen=True, slots=True)
class LoginFailed:
    """A login (or, with ``kind="refresh"``, a refresh alone) that ended in an error, named by
    its class (``AuthenticationError``, ``ConnectError``), never quoted."""

    provider: str
    kind: Literal["login", "refresh"]
    error: str
    seconds: float
    kinds: tuple[str, ...] = ()
    status: int | None = None


@dataclass(frozen=True, slots=True)
class RetryScheduled:
    """A request to ``host`` (no path, no query) to be sent again as try ``attempt`` after
    ``delay`` seconds; ``reason`` is the status (``"503"``) or transport error; ``provider`` is
    ``None`` for a retrying transport used on its own."""

    provider: str | None
    method: str
    host: str
    reason: str
    delay: float
    attempt: int
    token_request: bool


@dataclass(frozen=True, slots=True)
class CacheFallback:
    """The Redis cache at ``cache`` (URL without credentials) became unreachable (tokens are
    kept in memory until it is back; ``error`` names the error's class), or ``recovered``."""

    cache: str
    recovered: bool
    error: str | None = None


Event = (
    TokenObtained | TokenInvalidated | TokenRevoked | LoginFailed | RetryScheduled | CacheFallback
)
"""Every event a hook may receive."""


class EventCounter:
    """A hook counting events per provider: logins, refreshes, cache hits by tier, 401
    invalidations, revocations, retries and failed logins (``keyhouse demo`` prints them)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: dict[str, dict[str, int]] = {}
        self._seconds: dict[str, float] = {}

    def __call__(self, event: Event) -> None:
        """Count ``event``."""
        if isinstance(event, TokenObtained):
            what = f"cache:{event.tier}" if event.source == "cache" else event.source
        elif isinstance(event, TokenInvalidated):
            what = "invalidated:401" if event.reason == "401" else "invalidated"
        elif isinstance(event, CacheFallback):
            what = "recovered" if event.recovered else "fallback"
        elif isinstance(event, LoginFailed):
            what = "failed"
        elif isinstance(event, TokenRevoked):
            what = "revoked"
        else:
            what = "retry"
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
