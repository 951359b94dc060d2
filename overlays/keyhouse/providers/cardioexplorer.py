"""CardioExplorer: OAuth-like client credentials inside a JSON envelope.

``POST /api/organization-auth/authenticate {clientId, clientSecret, scope}`` answers
``{status, message, errors, data: {accessToken, tokenType, expiresIn, organization}}``. There is
no refresh endpoint: on expiry the client authenticates again.
"""

from __future__ import annotations

from typing import Any

import httpx

from keyhouse._credential import Credential, compute_expiry
from keyhouse._flow import Flow, expect_json, raise_for_status, received_at, require, token_request
from keyhouse._redact import Secret
from keyhouse._settings import ProviderSettings
from keyhouse.providers._common import bearer, join

__all__ = ["CardioExplorerStrategy"]

AUTHENTICATE = "/api/organization-auth/authenticate"
DEFAULT_LIFETIME = 3600.0


class CardioExplorerStrategy:
    """How keyhouse obtains, refreshes and applies CardioExplorer tokens."""

    provider = "cardioexplorer"

    def __init__(self, settings: ProviderSettings) -> None:
        self.base_url: str = settings.base_url
        self.client_id: str = settings.require("client_id")
        self._secret = Secret(settings.require("client_secret"))
        self.scope: str | None = settings.get("scope")

    cacheable = True

    @property
    def identity(self) -> str:
        return f"{self.client_id} {self.scope or ''}".strip()

    def key_material(self) -> tuple[str, ...]:
        """The non-secret values that tell this account's tokens apart (cache keys)."""
        return (self._secret.reveal(),)

    def obtain(self, previous: Credential | None) -> Flow:
        """The request flow that obtains a credential (refreshing ``previous`` when it can)."""
        # The secret is revealed only inside the request being built: no local of this frame
        # holds it (tracebacks that capture locals would show it).
        response = yield self._authenticate()
        payload = expect_json(raise_for_status(response, self.provider), self.provider)
        token = require(payload, "data.accessToken", str, provider=self.provider)
        expires_in = require(payload, "data.expiresIn", int, provider=self.provider)
        now = received_at(response)
        return Credential(
            token=token,
            obtained_at=now,
            expires_at=compute_expiry(
                token=token,
                received_at=now,
                expires_in=expires_in,
                default_lifetime=DEFAULT_LIFETIME,
            ),
        )

    def _authenticate(self) -> httpx.Request:
        body: dict[str, Any] = {"clientId": self.client_id, "clientSecret": self._secret.reveal()}
        if self.scope:
            body["scope"] = self.scope
        return token_request("POST", join(self.base_url, AUTHENTICATE), json=body)

    def apply(self, request: httpx.Request, credential: Credential) -> None:
        """Put ``credential`` on ``request`` the way the provider expects."""
        bearer(request, credential.token)

    def __repr__(self) -> str:
        return f"CardioExplorerStrategy(client_id={self.client_id!r}, base_url={self.base_url!r})"
