"""Nuxera AI: ``POST /api/auth/login {username, password}`` -> ``{token, user}``, valid 24 h.

Expiry: ``expiresAt`` when the (staging) response has it (read on the provider's clock, its
``Date`` header, like IMIASSIST's and Ovok's absolute times), else the JWT's ``exp``, else 24 h.

The staging version also returns ``refreshToken`` (and ``refreshTokenExpiresAt``) with
15-minute access tokens. Its refresh path is not public; the spec's ``refresh_token``
(``POST /api/auth/refresh {refreshToken}``, marked x-unverified) is keyhouse's guess. When a
credential holds a refresh token, renewal tries it first; any refusal falls back to a login,
and a 404 (a host without that path) stops the attempts for this configuration. Production
issues no refresh token, so there an expired token simply means a new login.

The endpoints whose spec security lists ``apiKeyAuth`` (``/api/transcribe``,
``/api/dictate``) also get ``x-api-key`` when ``KEYHOUSE_NUXERA_API_KEY`` is set.
"""

from __future__ import annotations

import time

import httpx

from keyhouse._credential import Credential, compute_expiry, refresh_usable
from keyhouse._flow import (
    Flow,
    expect_json,
    optional,
    raise_for_status,
    received_at,
    require,
    server_date,
    token_request,
)
from keyhouse._redact import Secret
from keyhouse._settings import ProviderSettings
from keyhouse.providers._common import ascii_header_value, bearer, join

__all__ = ["NuxeraStrategy"]

LOGIN = "/api/auth/login"
REFRESH = "/api/auth/refresh"  # a guess (spec: refresh_token, x-unverified)
_REFUSED = frozenset({400, 401, 403, 404, 422})
DEFAULT_LIFETIME = 24 * 3600.0
#: paths whose spec security accepts apiKeyAuth (x-api-key)
API_KEY_PATHS = ("/api/transcribe", "/api/dictate")


class NuxeraStrategy:
    """How keyhouse obtains, refreshes and applies Nuxera AI tokens."""

    provider = "nuxera"

    def __init__(self, settings: ProviderSettings) -> None:
        self.base_url: str = settings.base_url
        self.username: str = settings.require("username")
        self._password = Secret(settings.require("password"))
        api_key = settings.get("api_key")
        self._api_key = Secret(ascii_header_value(api_key, "nuxera.api_key")) if api_key else None
        prefix = httpx.URL(self.base_url).path.rstrip("/")
        self._key_paths = tuple(prefix + p for p in API_KEY_PATHS)

    cacheable = True
    #: until the host answers 404 there (then per instance: False)
    _refresh_path_exists = True

    @property
    def identity(self) -> str:
        return self.username

    def key_material(self) -> tuple[str, ...]:
        """The non-secret values that tell this account's tokens apart (cache keys)."""
        return (self._password.reveal(),)

    def obtain(self, previous: Credential | None) -> Flow:
        """The request flow that obtains a credential (refreshing ``previous`` when it can)."""
        if (
            self._refresh_path_exists
            and previous is not None
            and refresh_usable(previous, time.time())
        ):
            response = yield token_request(
                "POST",
                join(self.base_url, REFRESH),
                kind="refresh",
                json={"refreshToken": previous.refresh_token},
            )
            if response.status_code == 404:
                self._refresh_path_exists = False
            if response.status_code not in _REFUSED:
                return self._credential(response)
        response = yield token_request(
            "POST",
            join(self.base_url, LOGIN),
            json={"username": self.username, "password": self._password.reveal()},
        )
        return self._credential(response)

    def _credential(self, response: httpx.Response) -> Credential:
        body = expect_json(raise_for_status(response, self.provider), self.provider)
        token = require(body, "token", str, provider=self.provider)
        refresh = optional(body, "refreshToken")
        refresh_token = refresh if isinstance(refresh, str) and refresh else None
        now = received_at(response)
        return Credential(
            token=token,
            obtained_at=now,
            expires_at=compute_expiry(
                token=token,
                received_at=now,
                expires_at=optional(body, "expiresAt"),
                server_date=server_date(response),
                default_lifetime=DEFAULT_LIFETIME,
            ),
            refresh_token=refresh_token,
            refresh_expires_at=compute_expiry(
                token=refresh_token,
                received_at=now,
                expires_at=optional(body, "refreshTokenExpiresAt"),
                server_date=server_date(response),
            )
            if refresh_token
            else None,
        )

    def apply(self, request: httpx.Request, credential: Credential) -> None:
        """Put ``credential`` on ``request`` the way the provider expects."""
        bearer(request, credential.token)
        if self._api_key is not None and request.url.path in self._key_paths:
            request.headers["x-api-key"] = self._api_key.reveal()

    def __repr__(self) -> str:
        return f"NuxeraStrategy(username={self.username!r}, base_url={self.base_url!r})"
