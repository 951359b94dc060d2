"""keyhouse: one typed toolkit over five provider APIs — token lifecycle, caches, typed errors.

Read this module to learn the whole public surface::

    from keyhouse import Keyhouse, NotFoundError

    with Keyhouse.from_env() as kh:          # KEYHOUSE_OVOK_EMAIL, _PASSWORD, _CLIENT_ID, ...
        sessions = kh.ovok.sessions.list_sessions()      # a SessionList, or a typed error
        kh.revoke("ovok")                                # sign out

* :class:`Keyhouse` — the facade: ``kh.<provider>`` clients, ``token``/``atoken``,
  ``invalidate``, ``revoke``/``arevoke``, ``close``/``aclose``;
* :class:`Settings`, :class:`RetryPolicy` — configuration in code (or ``KEYHOUSE_*``);
* :data:`ProviderName`, :func:`provider_name` — the provider names, for the type checker;
* the error tree (drawn in :mod:`keyhouse._errors`): :class:`KeyhouseError` and every class a
  caller may catch, by status;
* :mod:`keyhouse.events` — typed events of the token machinery for hooks
  (``Settings.build(hooks=[...])`` / ``Keyhouse(..., hooks=[...])``); the default hooks log them
  under ``keyhouse.*`` (``KEYHOUSE_LOG=debug|info``) and, with ``keyhouse[otel]``, make
  OpenTelemetry spans and metrics.

Everything else (the provider registry, token managers, caches, strategies, the auth flow)
lives in private modules and may change. ``import keyhouse`` imports no provider package, no
filelock, no redis-py, no OpenTelemetry, no sandbox and no server code.
"""

from __future__ import annotations

from ._errors import (
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    ConflictError,
    KeyhouseError,
    NotFoundError,
    PasswordExpiredError,
    PermissionDeniedError,
    ProtocolError,
    ProviderConnectionError,
    ProviderError,
    ProviderNotInstalledError,
    ProviderTimeoutError,
    ProviderUnavailableError,
    RateLimitedError,
    ServerError,
    UnexpectedStatusError,
    UnprocessableEntityError,
)
from ._facade import Keyhouse, ProviderName, provider_name
from ._retry import RetryPolicy
from ._settings import Settings

__version__ = "1.0.0"  # = pyproject.toml's version (tests/overlay/test_surface.py checks)

__all__ = [
    "AuthenticationError",
    "BadRequestError",
    "ConfigurationError",
    "ConflictError",
    "Keyhouse",
    "KeyhouseError",
    "NotFoundError",
    "PasswordExpiredError",
    "PermissionDeniedError",
    "ProtocolError",
    "ProviderConnectionError",
    "ProviderError",
    "ProviderName",
    "ProviderNotInstalledError",
    "ProviderTimeoutError",
    "ProviderUnavailableError",
    "RateLimitedError",
    "RetryPolicy",
    "ServerError",
    "Settings",
    "UnexpectedStatusError",
    "UnprocessableEntityError",
    "provider_name",
]
