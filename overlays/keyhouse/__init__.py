"""keyhouse: one typed toolkit over five provider APIs — token lifecycle, caches, typed errors.

::

    with Keyhouse.from_env() as kh:          # KEYHOUSE_OVOK_EMAIL, _PASSWORD, _CLIENT_ID, ...
        sessions = kh.ovok.sessions.list_sessions()      # a SessionList, or a typed error
        kh.revoke("ovok")                                # sign out

This module is the whole public surface: :class:`Keyhouse`, its configuration
(:class:`Settings`, :class:`RetryPolicy`), the provider names (:data:`ProviderName`,
:func:`provider_name`) and the error tree (drawn in :mod:`keyhouse._errors`); events for hooks
are in :mod:`keyhouse.events`. The rest is private. ``import keyhouse`` imports no provider
package, filelock, redis-py, OpenTelemetry, sandbox or server code.
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
