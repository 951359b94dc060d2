"""What the token machinery does, as typed events for hooks (public).

Register hooks with ``Settings.build(hooks=[...])``, ``Keyhouse(settings, hooks=[...])`` or
``Keyhouse.from_env(hooks=[...])``: each hook is a callable taking an :data:`Event`. The default
hooks log every event under ``keyhouse.*`` (``KEYHOUSE_LOG=debug|info``) and, when
``opentelemetry-api`` is installed (``pip install "keyhouse[otel]"``), make OpenTelemetry spans and
metrics (:class:`OpenTelemetryHook`). No event carries a secret, a token or a part of one.
:class:`EventCounter` counts a run's events per provider (what ``keyhouse demo`` prints).
"""

from __future__ import annotations

from ._events import (
    CacheFallback,
    Event,
    EventCounter,
    Hook,
    LoginFailed,
    OpenTelemetryHook,
    RetryScheduled,
    TokenInvalidated,
    TokenObtained,
    TokenRevoked,
)

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
