"""A spec whose only auth is an OAuth2 client-credentials flow (RFC 6749 §4.4), its token URL
from ``auth.json``: HTTP Basic client authentication (§2.3.1, which every server supports), a
``grant_type=client_credentials`` form, the answer's ``access_token`` sent as a bearer token."""

from __future__ import annotations

import base64
from urllib.parse import quote

import httpx

from keyhouse._credential import Credential, compute_expiry
from keyhouse._errors import expect_json, raise_for_status, require
from keyhouse._flow import Flow, optional, received_at, token_request
from keyhouse._redact import Secret, register
from keyhouse._settings import ProviderSettings

__all__ = ["ClientCredentialsStrategy"]


class ClientCredentialsStrategy:
    """The token lifecycle of one standard client-credentials provider."""

    cacheable = True

    def __init__(self, settings: ProviderSettings, token_url: str) -> None:
        self.provider: str = settings.name
        self.base_url: str = settings.base_url
        # urljoin semantics (OpenAPI): "/token" replaces the base path, "token" extends it.
        self.token_url = str(httpx.URL(self.base_url.rstrip("/") + "/").join(token_url))
        self.client_id: str = settings.require("client_id")
        self._secret = Secret(settings.require("client_secret"))
        self.scope: str | None = settings.get("scope")

    @property
    def identity(self) -> str:
        """The client id and scope."""
        return f"{self.client_id} {self.scope or ''}".strip()

    def key_material(self) -> tuple[str, ...]:
        """The secret that binds cached tokens to these credentials (see the cache keys)."""
        return (self._secret.reveal(),)

    def obtain(self, previous: Credential | None) -> Flow:
        """One token request (§4.4.2); this grant has no refresh token (§4.4.3)."""
        # §2.3.1: id and secret are form-urlencoded before being joined for Basic.
        pair = f"{quote(self.client_id, safe='')}:{quote(self._secret.reveal(), safe='')}"
        basic = base64.b64encode(pair.encode()).decode()
        register(basic, pin=True)  # the encoded secret is as secret as the secret
        form = {"grant_type": "client_credentials", **({"scope": self.scope} if self.scope else {})}
        headers = {"Authorization": f"Basic {basic}"}
        response = yield token_request("POST", self.token_url, data=form, headers=headers)
        body = expect_json(raise_for_status(response, self.provider), self.provider)
        token = require(body, "access_token", str, provider=self.provider)
        now, expires_in = received_at(response), optional(body, "expires_in")
        expires = compute_expiry(token=token, received_at=now, expires_in=expires_in)
        return Credential(token=token, obtained_at=now, expires_at=expires)

    def apply(self, request: httpx.Request, credential: Credential) -> None:
        """``Authorization: Bearer <access_token>`` (RFC 6750 §2.1)."""
        request.headers["Authorization"] = f"Bearer {credential.token}"

    def __repr__(self) -> str:
        name, client, url = self.provider, self.client_id, self.base_url
        return f"ClientCredentialsStrategy({name!r}, client_id={client!r}, base_url={url!r})"
