"""Nuxera AI: ``POST /api/auth/login {username, password}`` -> ``{token, user}``, valid 24 h.

Expiry: ``expiresAt`` when the (staging) response has it (read on the provider's clock, its
``Date`` header, like IMIASSIST's and Ovok's absolute times), else the JWT's ``exp``, else 24 h.
The refresh path is not public, so an expired token means a new login. The endpoints whose spec
security lists ``apiKeyAuth`` (``/api/transcribe``, ``/api/dictate``) also get ``x-api-key``
when ``KEYHOUSE_NUXERA_API_KEY`` is set.
"""

from __future__ import annotations

import httpx

from keyhouse._credential import Credential, compute_expiry
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
DEFAULT_LIFETIME = 24 * 3600.0
#: paths whose spec security accepts apiKeyAuth (x-api-key)
API_KEY_PATHS = ("/api/transcribe", "/api/dictate")


class NuxeraStrategy:
    provider = "nuxera"

    def __init__(self, settings: ProviderSettings) -> None:
        self.base_url = settings.base_url
        self.username = settings.require("username")
        self._password = Secret(settings.require("password"))
        api_key = settings.get("api_key")
        self._api_key = Secret(ascii_header_value(api_key, "nuxera.api_key")) if api_key else None
        prefix = httpx.URL(self.base_url).path.rstrip("/")
        self._key_paths = tuple(prefix + p for p in API_KEY_PATHS)

    cacheable = True

    @property
    def identity(self) -> str:
        return self.username

    def key_material(self) -> tuple[str, ...]:
        return (self._password.reveal(),)

    def obtain(self, previous: Credential | None) -> Flow:
        response = yield token_request(
            "POST",
            join(self.base_url, LOGIN),
            json={"username": self.username, "password": self._password.reveal()},
        )
        body = expect_json(raise_for_status(response, self.provider), self.provider)
        token = require(body, "token", str, provider=self.provider)
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
        )

    def apply(self, request: httpx.Request, credential: Credential) -> None:
        bearer(request, credential.token)
        if self._api_key is not None and request.url.path in self._key_paths:
            request.headers["x-api-key"] = self._api_key.reveal()

    def __repr__(self) -> str:
        return f"NuxeraStrategy(username={self.username!r}, base_url={self.base_url!r})"
