"""A provider whose spec declares only a standard OAuth2 client-credentials flow (RFC 6749 §4.4).

Nothing here names a provider: the token URL comes from the spec's
``securitySchemes.<name>.flows.clientCredentials.tokenUrl`` (relative URLs resolve against the
base URL, as OpenAPI 3.1 says), carried into the generated package as ``auth.json``. The client
authenticates with HTTP Basic (§2.3.1, which every server must support) and asks for
``grant_type=client_credentials`` with the optional scope; the answer is
``{access_token, token_type, expires_in?}`` (§5.1), sent as ``Authorization: Bearer`` (RFC 6750).
"""

from __future__ import annotations

import base64
from urllib.parse import quote

import httpx

from keyhouse._credential import Credential, compute_expiry
from keyhouse._flow import (
    Flow,
    expect_json,
    optional,
    raise_for_status,
    received_at,
    require,
    token_request,
)
from keyhouse._redact import Secret, register
from keyhouse._settings import ProviderSettings
from keyhouse.providers._common import bearer

__all__ = ["ClientCredentialsStrategy"]


class ClientCredentialsStrategy:
    """The token lifecycle of one standard client-credentials provider."""

    cacheable = True

    def __init__(self, settings: ProviderSettings, token_url: str) -> None:
        self.provider: str = settings.name
        self.base_url: str = settings.base_url
        # urljoin semantics: "/token" replaces the base path, "token" extends it.
        base = httpx.URL(self.base_url.rstrip("/") + "/")
        self.token_url: str = str(base.join(token_url))
        self.client_id: str = settings.require("client_id")
        self._secret = Secret(settings.require("client_secret"))
        self.scope: str | None = settings.get("scope")

    @property
    def identity(self) -> str:
        return f"{self.client_id} {self.scope or ''}".strip()

    def key_material(self) -> tuple[str, ...]:
        """The secret that binds cached tokens to these credentials (see the cache keys)."""
        return (self._secret.reveal(),)

    def obtain(self, previous: Credential | None) -> Flow:
        """One token request (§4.4.2); there is no refresh token in this grant (§4.4.3)."""
        # §2.3.1: client id and secret are form-urlencoded before being joined for Basic.
        pair = f"{quote(self.client_id, safe='')}:{quote(self._secret.reveal(), safe='')}"
        basic = base64.b64encode(pair.encode()).decode()
        register(basic, pin=True)  # the encoded secret is as secret as the secret
        form = {"grant_type": "client_credentials"}
        if self.scope:
            form["scope"] = self.scope
        response = yield token_request(
            "POST", self.token_url, data=form, headers={"Authorization": f"Basic {basic}"}
        )
        body = expect_json(raise_for_status(response, self.provider), self.provider)
        token = require(body, "access_token", str, provider=self.provider)
        now = received_at(response)
        return Credential(
            token=token,
            obtained_at=now,
            expires_at=compute_expiry(
                token=token, received_at=now, expires_in=optional(body, "expires_in")
            ),
        )

    def apply(self, request: httpx.Request, credential: Credential) -> None:
        """``Authorization: Bearer <access_token>`` (RFC 6750 §2.1)."""
        bearer(request, credential.token)

    def __repr__(self) -> str:
        return (
            f"ClientCredentialsStrategy({self.provider!r}, client_id={self.client_id!r}, "
            f"base_url={self.base_url!r})"
        )
