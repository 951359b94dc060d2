"""keyhouse: one typed toolkit over five provider APIs — token lifecycle, caches, typed errors.

Read this module to learn the whole public surface::

    from keyhouse import Keyhouse, NotFoundError

    with Keyhouse.from_env() as kh:          # KEYHOUSE_OVOK_EMAIL, _PASSWORD, _CLIENT_ID, ...
        sessions = kh.ovok.sessions.list_sessions()      # a SessionList, or a typed error

Observability: ``Settings.build(hooks=[...])`` / ``Keyhouse(..., hooks=[...])`` receive typed
events (:class:`TokenObtained`, :class:`TokenInvalidated`, :class:`TokenRevoked`,
:class:`LoginFailed`, :class:`RetryScheduled`, :class:`CacheFallback`); the default hooks log
them under ``keyhouse.*`` (``KEYHOUSE_LOG=debug|info``) and, with ``keyhouse[otel]``, make
OpenTelemetry spans and metrics.

``import keyhouse`` imports no provider package, no filelock, no redis-py, no OpenTelemetry and
no server code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._auth import KeyhouseAuth
from ._cache import MemoryCache, TokenCache, cache_from_url, cache_key
from ._credential import Credential
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
    ProviderTimeoutError,
    ProviderUnavailableError,
    RateLimitedError,
    ServerError,
    UnexpectedStatusError,
    UnprocessableEntityError,
)
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
from ._facade import Keyhouse, ProviderName, provider_name
from ._flow import TokenStrategy
from ._lifecycle import TokenManager
from ._redact import Secret
from ._registry import REGISTRY, FieldSpec, ProviderEntry, ProviderNotInstalledError
from ._retry import RetryPolicy
from ._settings import ProviderSettings, Settings
from ._transport import AsyncCredentialTransport, CredentialTransport

if TYPE_CHECKING:
    from ._cache import FileCache, RedisCache

__version__ = "0.1.0"

__all__ = [
    "REGISTRY",
    "AsyncCredentialTransport",
    "AuthenticationError",
    "BadRequestError",
    "CacheFallback",
    "ConfigurationError",
    "ConflictError",
    "Credential",
    "CredentialTransport",
    "Event",
    "EventCounter",
    "FieldSpec",
    "FileCache",
    "Hook",
    "Keyhouse",
    "KeyhouseAuth",
    "KeyhouseError",
    "LoginFailed",
    "MemoryCache",
    "NotFoundError",
    "OpenTelemetryHook",
    "PasswordExpiredError",
    "PermissionDeniedError",
    "ProtocolError",
    "ProviderConnectionError",
    "ProviderEntry",
    "ProviderError",
    "ProviderName",
    "ProviderNotInstalledError",
    "ProviderSettings",
    "ProviderTimeoutError",
    "ProviderUnavailableError",
    "RateLimitedError",
    "RedisCache",
    "RetryPolicy",
    "RetryScheduled",
    "Secret",
    "ServerError",
    "Settings",
    "TokenCache",
    "TokenInvalidated",
    "TokenManager",
    "TokenObtained",
    "TokenRevoked",
    "TokenStrategy",
    "UnexpectedStatusError",
    "UnprocessableEntityError",
    "cache_from_url",
    "cache_key",
    "provider_name",
]


def __getattr__(name: str) -> Any:
    if name == "FileCache":  # filelock is imported only when asked for
        from ._cache import FileCache

        return FileCache
    if name == "RedisCache":  # redis-py is imported only when asked for
        from ._cache import RedisCache

        return RedisCache
    raise AttributeError(f"module 'keyhouse' has no attribute {name!r}")
