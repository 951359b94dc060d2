"""A spec whose only auth is an OAuth2 client-credentials flow (RFC 6749 §4.4): a
:class:`DeclaredStrategy` whose one login step is the RFC's token request instead of an
operation, whose answer is §5.1's, and whose token is sent as a bearer token (RFC 6750)."""

from __future__ import annotations

import base64
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

import httpx

from keyhouse._flow import token_request
from keyhouse._redact import register
from keyhouse._settings import ProviderSettings
from keyhouse.providers.declared import DeclaredStrategy

__all__ = ["ClientCredentialsStrategy"]

_TOKEN = {"paths": ["access_token"], "type": "string"}  # RFC 6749 §5.1
_EXPIRES_IN = {"paths": ["expires_in"], "type": "integer"}
_AUTH = {"operations": {}, "securitySchemes": {"bearer": {"type": "http"}}}
_SETTINGS = [{"name": "CLIENT_ID"}, {"name": "CLIENT_SECRET", "secret": True}, {"name": "SCOPE"}]


class ClientCredentialsStrategy(DeclaredStrategy):
    """The token lifecycle of one standard client-credentials provider."""

    def __init__(self, settings: ProviderSettings, token_url: str) -> None:
        for name in ("client_id", "client_secret"):
            settings.require(name)  # a ConfigurationError naming the variable
        # urljoin semantics (OpenAPI): "/token" replaces the base path, "token" extends it.
        self.token_url: str = str(httpx.URL(settings.base_url.rstrip("/") + "/").join(token_url))
        login = {"operationId": "token", "answer": {"token": _TOKEN, "expiresIn": _EXPIRES_IN}}
        facts = {"login": [login], "send": {"bearer": "{token}"}, "settings": _SETTINGS}
        super().__init__(settings, {**_AUTH, "keyhouse": facts, "security": [["bearer"]]})

    def _build(
        self, op_id: str, step: Mapping[str, Any], values: Mapping[str, str], kind: str
    ) -> httpx.Request:
        """The token request (§4.4.2), authenticated with HTTP Basic (§2.3.1, which every
        server supports): id and secret are form-urlencoded before being joined."""
        pair = f"{quote(values['CLIENT_ID'], safe='')}:{quote(values['CLIENT_SECRET'], safe='')}"
        basic = base64.b64encode(pair.encode()).decode()
        register(basic, pin=True)  # the encoded secret is as secret as the secret
        form = {"grant_type": "client_credentials"}
        if "SCOPE" in values:
            form["scope"] = values["SCOPE"]
        headers = {"Authorization": f"Basic {basic}"}
        return token_request("POST", self.token_url, kind=kind, data=form, headers=headers)
