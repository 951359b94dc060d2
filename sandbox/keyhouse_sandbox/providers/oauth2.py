"""A standard OAuth2 client-credentials server (RFC 6749 §4.4), for benchmark comparisons.

``POST /oauth2/token`` takes ``grant_type=client_credentials`` with the client authenticated by
HTTP Basic or by ``client_id``/``client_secret`` form fields, and returns
``{access_token, token_type, expires_in}``; ``GET /oauth2/resource`` needs the Bearer token.
This lets httpx-auth and Authlib run the same herd as keyhouse against the same server.
"""

from __future__ import annotations

import base64
import binascii
from pathlib import Path
from typing import ClassVar
from urllib.parse import parse_qsl, unquote

from starlette.requests import Request
from starlette.responses import Response

from keyhouse_sandbox._credentials import DEMO_CREDENTIALS
from keyhouse_sandbox._http import bearer, json_response
from keyhouse_sandbox._provider import Operation, Provider

_NO_STORE = {"cache-control": "no-store", "pragma": "no-cache"}


class OAuth2(Provider):
    name: ClassVar[str] = "oauth2"
    #: no spec of its own, and the fixture spec it plays (tests/fixtures/acme.yaml) has no
    #: x-keyhouse: its lifetime is set here
    default_lifetimes: ClassVar[dict[str, int] | None] = {"access": 3600}

    def __init__(self, specs: str | Path | None = None) -> None:
        super().__init__(specs)
        creds = DEMO_CREDENTIALS["oauth2"]
        self.clients = {creds["client_id"]: creds["client_secret"]}

    def operations(self) -> list[Operation]:
        return [
            Operation("POST", "/token", self.token),
            Operation("GET", "/resource", self.resource),
        ]

    def fault_body(self, status: int) -> dict[str, str]:
        return {"error": "temporarily_unavailable", "error_description": "keyhouse sandbox fault"}

    def _error(self, error: str, status: int = 400) -> Response:
        headers = dict(_NO_STORE)
        if status == 401:
            headers["www-authenticate"] = 'Basic realm="keyhouse-sandbox"'
        return json_response({"error": error}, status, headers)

    async def token(self, request: Request) -> Response:
        form = dict(parse_qsl((await request.body()).decode("latin-1"), keep_blank_values=True))
        if form.get("grant_type") != "client_credentials":
            return self._error("unsupported_grant_type")
        client_id, client_secret = form.get("client_id"), form.get("client_secret")
        auth = request.headers.get("authorization", "")
        if auth[:6].lower() == "basic ":
            try:
                user, _, pw = base64.b64decode(auth[6:].strip()).decode().partition(":")
            except (binascii.Error, UnicodeDecodeError):
                return self._error("invalid_client", 401)
            client_id, client_secret = unquote(user), unquote(pw)
        if not client_id or self.clients.get(client_id) != client_secret:
            return self._error("invalid_client", 401)
        lifetime = self.runtime.lifetime("access")
        issued = self.runtime.tokens.issue_jwt("access", client_id, lifetime)
        self.runtime.counters.login()
        body = {"access_token": issued.token, "token_type": "Bearer", "expires_in": lifetime}
        if form.get("scope"):
            body["scope"] = form["scope"]
        return json_response(body, headers=_NO_STORE)

    async def resource(self, request: Request) -> Response:
        token = bearer(request)
        if token is None or self.runtime.tokens.check(token, "access") is None:
            return json_response(
                {"error": "invalid_token"},
                401,
                {"www-authenticate": 'Bearer error="invalid_token"'},
            )
        return json_response({"ok": True})
