"""keyhouse: one typed toolkit over five provider APIs — token lifecycle, caches, typed errors.

Read this module to learn the whole public surface::

    from keyhouse import Keyhouse
    from keyhouse_ovok.api.sessions import list_sessions

    with Keyhouse.from_env() as kh:          # KEYHOUSE_OVOK_EMAIL, _PASSWORD, _CLIENT_ID, ...
        sessions = list_sessions.sync(client=kh.ovok)

``import keyhouse`` imports no provider package, no redis-py and no server code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._auth import KeyhouseAuth
from ._cache import FileCache, MemoryCache, TokenCache, cache_from_url, cache_key
from ._credential import Credential
from ._errors import (
    AuthenticationError,
    ConfigurationError,
    KeyhouseError,
    PasswordExpiredError,
    ProtocolError,
    ProviderError,
    ProviderUnavailableError,
    RateLimitedError,
)
from ._facade import Keyhouse, ProviderName
from ._flow import TokenStrategy
from ._lifecycle import TokenManager
from ._redact import Secret
from ._registry import REGISTRY, FieldSpec, ProviderEntry, ProviderNotInstalledError
from ._retry import RetryPolicy
from ._settings import ProviderSettings, Settings
from ._transport import AsyncCredentialTransport, CredentialTransport

if TYPE_CHECKING:
    from ._cache import RedisCache

__version__ = "0.1.0"

__all__ = [
    "REGISTRY",
    "AsyncCredentialTransport",
    "AuthenticationError",
    "ConfigurationError",
    "Credential",
    "CredentialTransport",
    "FieldSpec",
    "FileCache",
    "Keyhouse",
    "KeyhouseAuth",
    "KeyhouseError",
    "MemoryCache",
    "PasswordExpiredError",
    "ProtocolError",
    "ProviderEntry",
    "ProviderError",
    "ProviderName",
    "ProviderNotInstalledError",
    "ProviderSettings",
    "ProviderUnavailableError",
    "RateLimitedError",
    "RedisCache",
    "RetryPolicy",
    "Secret",
    "Settings",
    "TokenCache",
    "TokenManager",
    "TokenStrategy",
    "cache_from_url",
    "cache_key",
]


def __getattr__(name: str) -> Any:
    if name == "RedisCache":  # redis-py is imported only when asked for
        from ._cache import RedisCache

        return RedisCache
    raise AttributeError(f"module 'keyhouse' has no attribute {name!r}")
