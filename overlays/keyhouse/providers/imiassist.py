"""IMIASSIST: two token levels, each cached and refreshed on its own clock.

1. ``POST /api/v1/auth/login {email, password}`` -> ``{refresh, access}``; ``access`` is a JWT
   whose ``exp`` gives its lifetime.
2. ``POST /api/v1/auth/token`` with ``Authorization: Bearer <access>`` -> ``{api_key, token,
   created_at, expires_at}``: the pair every business call sends as ``X-Api-Key`` and
   ``X-Api-Token`` (spec securitySchemes ``apiKey`` + ``apiToken``).

The credential's ``token``/``expires_at`` are the level-2 token; ``extra`` keeps ``api_key``
and the level-1 ``access`` token with its own expiry, so renewing level 2 reuses a still-valid
access token (no login), and only an expired or refused access token costs a login.
Requests to the token operations themselves (``/api/v1/auth/token``) get the access token.

The page documents the nodes' output names (``REFRESH``, ``ACCESS``; ``token``/``Token``,
``Created_at``, ``Expires_at``), not the JSON keys: each field is read in the documented
spelling or in lower case, as the spec's schemas allow.
"""

from __future__ import annotations

import time
from typing import Any

import httpx

from keyhouse._credential import Credential, compute_expiry, refresh_at
from keyhouse._errors import ProtocolError
from keyhouse._flow import (
    Flow,
    expect_json,
    raise_for_status,
    received_at,
    require,
    server_date,
    token_request,
)
from keyhouse._redact import Secret
from keyhouse._settings import ProviderSettings
from keyhouse.providers._common import bearer, join

__all__ = ["ImiassistStrategy"]

LOGIN = "/api/v1/auth/login"
TOKEN = "/api/v1/auth/token"
ACCESS_DEFAULT_LIFETIME = 300.0  # only used when the access token is not a readable JWT
# Only used when ``expires_at`` cannot be read (its format is not public): one hour [guess], so an
# unreadable expiry never means a token kept forever.
TOKEN_DEFAULT_LIFETIME = 3600.0
LEEWAY = 60.0


def _spelled(body: Any, *names: str) -> str:
    """The string field present under any of ``names`` (documented or inferred spellings)."""
    for name in names:
        if isinstance(body, dict) and name in body:
            return require(body, name, str, provider="imiassist")
    raise ProtocolError(
        f"response is missing field {' or '.join(repr(n) for n in names)}", provider="imiassist"
    )


class ImiassistStrategy:
    """How keyhouse obtains, refreshes and applies IMIASSIST tokens."""

    provider = "imiassist"

    def __init__(self, settings: ProviderSettings) -> None:
        self.base_url: str = settings.base_url
        self.email: str = settings.require("email")
        self._password = Secret(settings.require("password"))
        self._token_path = httpx.URL(join(self.base_url, TOKEN)).path

    cacheable = True

    @property
    def identity(self) -> str:
        return self.email

    def key_material(self) -> tuple[str, ...]:
        """The non-secret values that tell this account's tokens apart (cache keys)."""
        return (self._password.reveal(),)

    def _access_usable(self, previous: Credential | None) -> str | None:
        if previous is None:
            return None
        access = previous.extra.get("access")
        try:
            obtained = float(previous.extra.get("access_obtained_at", ""))
            expires = float(previous.extra.get("access_expires_at", ""))
        except ValueError:
            return None
        level1 = Credential(token=access or "-", obtained_at=obtained, expires_at=expires)
        if access and time.time() < refresh_at(level1, LEEWAY):
            return access
        return None

    def obtain(self, previous: Credential | None) -> Flow:
        """The request flow that obtains a credential (refreshing ``previous`` when it can)."""
        access = self._access_usable(previous)
        extra: dict[str, str] = {}
        if access is not None and previous is not None:
            extra = {
                k: previous.extra[k] for k in ("access", "access_obtained_at", "access_expires_at")
            }
            response = yield self._token_request(access)
            if response.status_code != 401:
                return self._credential(response, extra)
        response = yield token_request(
            "POST",
            join(self.base_url, LOGIN),
            json={"email": self.email, "password": self._password.reveal()},
        )
        body = expect_json(raise_for_status(response, self.provider), self.provider)
        access = _spelled(body, "access", "ACCESS")
        _spelled(body, "refresh", "REFRESH")
        now = received_at(response)
        access_expires = compute_expiry(
            token=access,
            received_at=now,
            server_date=server_date(response),
            default_lifetime=ACCESS_DEFAULT_LIFETIME,
        )
        extra = {
            "access": access,
            "access_obtained_at": repr(now),
            "access_expires_at": repr(access_expires),
        }
        response = yield self._token_request(access)
        return self._credential(response, extra)

    def _token_request(self, access: str) -> httpx.Request:
        return token_request(
            "POST",
            join(self.base_url, TOKEN),
            kind="token",
            headers={"Authorization": f"Bearer {access}"},
        )

    def _credential(self, response: httpx.Response, extra: dict[str, str]) -> Credential:
        body = expect_json(
            raise_for_status(response, self.provider, what="get_new_token"), self.provider
        )
        api_key = require(body, "api_key", str, provider=self.provider)
        token = _spelled(body, "token", "Token")
        expires_at = _spelled(body, "expires_at", "Expires_at")
        now = received_at(response)
        return Credential(
            token=token,
            obtained_at=now,
            expires_at=compute_expiry(
                token=token,
                received_at=now,
                expires_at=expires_at,
                server_date=server_date(response),
                default_lifetime=TOKEN_DEFAULT_LIFETIME,
            ),
            extra={**extra, "api_key": api_key},
        )

    def apply(self, request: httpx.Request, credential: Credential) -> None:
        """Put ``credential`` on ``request`` the way the provider expects."""
        if request.url.path == self._token_path:
            bearer(request, credential.extra.get("access", ""))
            return
        request.headers.pop("Authorization", None)
        request.headers["X-Api-Key"] = credential.extra.get("api_key", "")
        request.headers["X-Api-Token"] = credential.token

    def __repr__(self) -> str:
        return f"ImiassistStrategy(email={self.email!r}, base_url={self.base_url!r})"
