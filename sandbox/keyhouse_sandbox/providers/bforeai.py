"""bfore.ai PreCrime: PascalCase login, renew, logout, API keys ("auth headers"), intel feed.

The JWT lasts 60 minutes; ``/user/renew`` issues a fresh one (the old one stays valid until
its own expiry), ``/user/logout`` revokes the one presented. An account whose password has
expired gets 403 with the expiry date in the body. API keys never expire and are accepted as
``X-Authorization: <key>`` (no prefix) by the intel feed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from keyhouse_models import bforeai as m
from pydantic import ValidationError
from starlette.requests import Request
from starlette.responses import Response

from keyhouse_sandbox._credentials import (
    BFOREAI_DEMO_API_KEY,
    BFOREAI_EXPIRED_CREDENTIALS,
    DEMO_CREDENTIALS,
)
from keyhouse_sandbox._http import bearer, json_response, out, read_json, zoneless
from keyhouse_sandbox._provider import Operation, Provider

_NEVER = "0001-01-01T00:00:00"


@dataclass
class _Account:
    id: str
    username: str
    password: str
    email: str
    first: str
    last: str
    created: str
    #: zone-less expiry; None = in 90 days from now (recomputed), _NEVER = never
    password_expiration: str | None = None
    expired: bool = False
    headers: dict[str, dict[str, str]] = field(default_factory=dict)


def _message(status: int, message: str, **extra: str) -> Response:
    return out(m.ErrorBody, {"message": message, **extra}, status)


def _feed() -> list[dict[str, Any]]:
    """A fixed, deterministic feed of 250 made-up domains with scores and first-seen times."""
    words = ["login", "secure", "verify", "account", "support", "billing", "update", "wallet"]
    brands = [
        "paypa1",
        "micros0ft",
        "app1e",
        "amaz0n",
        "g00gle",
        "netf1ix",
        "faceb00k",
        "dhl-parcel",
    ]
    base = dt.datetime(2026, 1, 1, tzinfo=dt.UTC).timestamp()
    items: list[dict[str, Any]] = []
    for i in range(250):
        h = hashlib.sha256(f"bforeai-{i}".encode()).digest()
        url = f"{words[h[0] % len(words)]}-{brands[h[1] % len(brands)]}-{h[2]:02x}{i}.example"
        score = round(0.5 + (int.from_bytes(h[3:5], "big") / 65535) * 0.5, 2)
        items.append({"url": url, "score": score, "first_seen": base + i * 3600.0})
    items.sort(key=lambda item: -item["first_seen"])
    return items


_FEED = _feed()


def _parse_time(value: str) -> float | None:
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed.timestamp()


class BforeAI(Provider):
    name: ClassVar[str] = "bforeai"

    def __init__(self, specs: str | Path | None = None) -> None:
        super().__init__(specs)
        self._lock = threading.Lock()
        self.reset_state()

    def reset_state(self) -> None:
        demo = DEMO_CREDENTIALS["bforeai"]
        main = _Account(
            "12345678-1234-1234-1234-123456789abc",
            demo["username"],
            demo["password"],
            "john.doe@example.com",
            "John",
            "Doe",
            "2023-01-15T10:30:42",
        )
        main.headers[BFOREAI_DEMO_API_KEY] = {
            "id": "42",
            "name": "production-api-key",
            "token": BFOREAI_DEMO_API_KEY,
            "created": "2024-05-02T09:15:27",
        }
        expired = _Account(
            "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a",
            BFOREAI_EXPIRED_CREDENTIALS["username"],
            BFOREAI_EXPIRED_CREDENTIALS["password"],
            "expired.user@example.com",
            "Ex",
            "Pired",
            "2022-02-02T08:00:00",
            password_expiration="2025-01-31T00:00:00",
            expired=True,
        )
        self.accounts: dict[str, _Account] = {a.username: a for a in (main, expired)}
        self._next_id = 43

    # ------------------------------------------------------------------ configuration
    def add_account(
        self,
        username: str,
        password: str,
        *,
        password_expired: bool = False,
        email: str | None = None,
        password_expiration: str | None = None,
    ) -> None:
        """Add (or replace) an account; ``password_expired=True`` makes its login answer 403.
        ``password_expiration`` (zone-less, as bfore.ai sends it) is what its logins report
        (default: 90 days ahead)."""
        with self._lock:
            self.accounts[username] = _Account(
                secrets.token_hex(16),
                username,
                password,
                email or f"{username}@example.com",
                username.split(".", maxsplit=1)[0].title(),
                "User",
                zoneless(time.time()),
                password_expiration="2025-01-31T00:00:00"
                if password_expired
                else password_expiration,
                expired=password_expired,
            )

    def add_tenant(self, credentials: Mapping[str, str]) -> None:
        """An account; with ``api_key`` in ``credentials``, also that ``X-Authorization`` key."""
        username = credentials["username"]
        self.add_account(username, credentials["password"])
        key = credentials.get("api_key")
        if key:
            with self._lock:
                header = {"id": str(self._next_id), "name": "tenant-key", "token": key}
                self._next_id += 1
                self.accounts[username].headers[key] = {**header, "created": zoneless(time.time())}

    def set_password_expired(self, username: str, expired: bool = True) -> None:
        """Make an existing account's password expired (403 at login) or valid again."""
        account = self.accounts[username]
        account.expired = expired
        account.password_expiration = "2025-01-31T00:00:00" if expired else None

    def operations(self) -> list[Operation]:
        return [
            Operation("POST", "/user/login", self.login),
            Operation("GET", "/user/renew", self.renew),
            Operation("GET", "/user/logout", self.logout),
            Operation("POST", "/authheader/add", self.add_header),
            Operation("GET", "/authheader/list", self.list_headers),
            Operation("POST", "/authheader/delete", self.delete_header),
            Operation("GET", "/v2/feed/intel", self.intel),
        ]

    def fault_body(self, status: int) -> dict[str, Any]:
        return {"message": "Too many requests" if status == 429 else "Service unavailable"}

    # ------------------------------------------------------------------ helpers
    def _expiration(self, account: _Account) -> str:
        if account.password_expiration is not None:
            return account.password_expiration
        return zoneless(self.runtime.clock() + 90 * 86400)

    def _login_body(self, operation_id: str, account: _Account, token: str) -> dict[str, Any]:
        """The account as ``login`` and ``renew_token`` answer it (the token and password expiry
        where the spec's x-keyhouse answer reads them)."""
        body = {
            "Id": account.id,
            "Created": account.created,
            "Username": account.username,
            "Email": account.email,
            "Firstname": account.first,
            "Lastname": account.last,
        }
        return self.answer(operation_id).fill(
            body, token=token, passwordExpiresAt=self._expiration(account)
        )

    def _issue(self, account: _Account) -> str:
        return self.runtime.tokens.issue_jwt(
            "access",
            account.username,
            self.runtime.lifetime("access"),
            extra={"uid": account.id},
        ).token

    def _jwt_account(self, request: Request) -> tuple[_Account, str] | None:
        token = bearer(request)
        if token is None:
            return None
        issued = self.runtime.tokens.check(token, "access")
        if issued is None:
            return None
        account = self.accounts.get(issued.subject)
        return (account, token) if account is not None else None

    def _key_account(self, request: Request) -> _Account | None:
        key = request.headers.get("x-authorization")
        if not key:
            return None
        for account in self.accounts.values():
            if key in account.headers:
                return account
        return None

    def credential_ok(self, scheme: str, definition: Mapping[str, Any], value: str) -> bool:
        if scheme == "apiKeyAuth":
            return any(value in account.headers for account in self.accounts.values())
        return super().credential_ok(scheme, definition, value)

    @staticmethod
    def _unauthorised() -> Response:
        return json_response({"message": "Unauthorized"}, 401)

    # ------------------------------------------------------------------ auth
    async def login(self, request: Request) -> Response:
        data = await read_json(request)
        try:
            body = m.LoginRequest.model_validate(data)
        except ValidationError:
            return json_response({"message": "username and password are required"}, 400)
        account = self.accounts.get(body.username)
        if account is None or account.password != body.password.get_secret_value():
            return _message(401, "Incorrect credentials")
        if account.expired:
            return _message(403, "Password expired", PasswordExpiration=self._expiration(account))
        token = self._issue(account)
        self.runtime.counters.login()
        return out(m.LoginResponse, self._login_body("login", account, token))

    async def renew(self, request: Request) -> Response:
        found = self._jwt_account(request)
        if found is None:
            return self._unauthorised()
        account, _old = found
        token = self._issue(account)
        self.runtime.counters.refresh()
        return out(m.LoginResponse, self._login_body("renew_token", account, token))

    async def logout(self, request: Request) -> Response:
        found = self._jwt_account(request)
        if found is None:
            return self._unauthorised()
        self.runtime.tokens.revoke(found[1])
        return out(m.MessageResponse, {"message": "User logged out"})

    # ------------------------------------------------------------------ API keys
    async def add_header(self, request: Request) -> Response:
        found = self._jwt_account(request)
        if found is None:
            return self._unauthorised()
        data = await read_json(request)
        try:
            body = m.AddAuthHeaderRequest.model_validate(data)
        except ValidationError:
            return json_response({"message": "name is required"}, 400)
        account = found[0]
        with self._lock:
            header = {
                "id": str(self._next_id),
                "name": body.name,
                "token": secrets.token_hex(16),
                "created": zoneless(self.runtime.clock()),
            }
            self._next_id += 1
            account.headers[header["token"]] = header
        return out(m.AuthHeader, header)

    async def list_headers(self, request: Request) -> Response:
        found = self._jwt_account(request)
        if found is None:
            return self._unauthorised()
        with self._lock:
            headers = list(found[0].headers.values())
        return out(m.AuthHeaderList, headers)

    async def delete_header(self, request: Request) -> Response:
        found = self._jwt_account(request)
        if found is None:
            return self._unauthorised()
        data = await read_json(request)
        try:
            body = m.DeleteAuthHeaderRequest.model_validate(data)
        except ValidationError:
            return json_response({"message": "text is required"}, 400)
        with self._lock:
            removed = found[0].headers.pop(body.text, None)
        if removed is None:
            return json_response({"message": "Auth header not found"}, 400)
        return out(m.MessageResponse, {"message": "Success"})

    # ------------------------------------------------------------------ intel
    async def intel(self, request: Request) -> Response:
        if self._jwt_account(request) is None and self._key_account(request) is None:
            return self._unauthorised()
        q = request.query_params
        try:
            page = int(q.get("page", "1"))
            size = int(q.get("size", "100"))
            min_score = float(q.get("min_score", "0"))
            max_score = float(q.get("max_score", "1"))
        except ValueError:
            return json_response({"message": "invalid query parameter"}, 400)
        since = _parse_time(q["since"]) if "since" in q else float("-inf")
        until = _parse_time(q["until"]) if "until" in q else float("inf")
        if (
            since is None
            or until is None
            or page < 1
            or not 1 <= size <= 1000
            or not 0 <= min_score <= 1
            or not 0 <= max_score <= 1
        ):
            return json_response({"message": "invalid query parameter"}, 400)
        url = q.get("url")
        items = [
            i
            for i in _FEED
            if min_score <= i["score"] <= max_score
            and since <= i["first_seen"] < until
            and (not url or url in i["url"])
        ]
        if q.get("order", "").lower() in ("asc", "score", "score_asc"):
            items.sort(key=lambda i: i["score"])
        elif q.get("order", "").lower() in ("score_desc",):
            items.sort(key=lambda i: -i["score"])
        total = len(items)
        chunk = items[(page - 1) * size : page * size]
        return out(
            m.IntelFeedPage,
            {
                "items": [
                    {"url": i["url"], "score": i["score"], "first_seen": zoneless(i["first_seen"])}
                    for i in chunk
                ],
                "total": total,
                "page": page,
                "size": size,
                "pages": -(-total // size),
            },
        )
