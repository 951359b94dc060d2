"""keyhouse: one typed toolkit over five provider APIs — token lifecycle, caches, typed errors.

Read this module to learn the whole public surface::

    from keyhouse import Keyhouse, NotFoundError

    with Keyhouse.from_env() as kh:          # KEYHOUSE_OVOK_EMAIL, _PASSWORD, _CLIENT_ID, ...
        sessions = kh.ovok.sessions.list_sessions()      # a SessionList, or a typed error

``import keyhouse`` imports no provider package, no filelock, no redis-py and no server code.
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
    "ConfigurationError",
    "ConflictError",
    "Credential",
    "CredentialTransport",
    "FieldSpec",
    "FileCache",
    "Keyhouse",
    "KeyhouseAuth",
    "KeyhouseError",
    "MemoryCache",
    "NotFoundError",
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
    "Secret",
    "ServerError",
    "Settings",
    "TokenCache",
    "TokenManager",
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
