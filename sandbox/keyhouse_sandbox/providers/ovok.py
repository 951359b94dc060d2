"""Ovok: login (camelCase) → access + refresh; snake_case refresh that rotates; sessions.

A refresh token is single-use: refreshing revokes it and issues a new one, and presenting a
used one gets 401. Revoking a session (``DELETE /auth/session/{option}``) revokes its access
and refresh tokens. Error bodies are NestJS style ``{statusCode, message, error}``. Login
answers at ``/v2/auth/login`` (the page's heading) and ``/auth/login`` (its cURL example);
``v2_login = False`` removes the first.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from keyhouse_models import ovok as m
from pydantic import ValidationError
from starlette.requests import Request
from starlette.responses import Response

from keyhouse_sandbox._credentials import DEMO_CREDENTIALS
from keyhouse_sandbox._http import bearer, iso_offset, out, read_json
from keyhouse_sandbox._provider import Operation, Provider
from keyhouse_sandbox._tokens import Issued

_REASONS = {
    400: "Bad Request",
    401: "Unauthorized",
    404: "Not Found",
    422: "Unprocessable Entity",
    500: "Internal Server Error",
}


@dataclass
class _User:
    email: str
    password: str
    profile: dict[str, str]


@dataclass
class _Session:
    id: str
    user: str
    access: Issued
    refresh: Issued | None
    remote: str
    browser: str
    os: str
    last_updated: float = field(default_factory=time.time)
    #: every access token the session has had (rotation keeps old ones valid until exp)
    history: list[Issued] = field(default_factory=list)


def _error(status: int, message: str | list[str]) -> Response:
    body: dict[str, Any] = {"statusCode": status, "message": message}
    if status in _REASONS:
        body["error"] = _REASONS[status]
    return out(m.ErrorBody, body, status)


def _messages(exc: ValidationError) -> list[str]:
    return [f"{'.'.join(str(p) for p in e['loc']) or 'body'}: {e['msg']}" for e in exc.errors()]


def _agent(request: Request) -> tuple[str, str]:
    agent = request.headers.get("user-agent", "")
    browser = agent.split("/", 1)[0] or "unknown"
    os_name = next(
        (o for o in ("Linux", "Windows", "Mac OS", "iOS", "Android") if o in agent), "unknown"
    )
    return browser, os_name


class Ovok(Provider):
    name: ClassVar[str] = "ovok"

    PROJECT: ClassVar[dict[str, str]] = {
        "reference": "Project/f6f4da8d-93e8-8a08-220e-03b7810451d3",
        "display": "My Medical Project",
    }
    #: tenantId -> the B2B profile (the documented b2b_login example's tenant)
    TENANTS: ClassVar[dict[str, dict[str, str]]] = {
        "7a1f3c5e-2b4d-4f6a-8c9e-0d1b2a3c4e5f": {
            "reference": "Practitioner/3c9d1e7f-5a2b-4c8d-9e0f-1a2b3c4d5e6f",
            "display": "Dr. Erika Musterfrau",
        }
    }

    def __init__(self, specs: str | Path | None = None) -> None:
        super().__init__(specs)
        self._lock = threading.Lock()
        self.client_ids = {DEMO_CREDENTIALS["ovok"]["client_id"]}
        self.reset_state()

    def add_tenant(self, credentials: Mapping[str, str]) -> None:
        email = credentials["email"]
        profile = {"reference": f"Patient/{uuid.uuid4()}", "display": email}
        with self._lock:
            self.client_ids.add(credentials["client_id"])
            self.users[email] = _User(email, credentials["password"], profile)

    def reset_state(self) -> None:
        #: whether ``/v2/auth/login`` exists; ``False`` plays a host that only has the cURL
        #: example's ``/auth/login`` (it answers 404, as an unknown route does)
        self.v2_login = True
        creds = DEMO_CREDENTIALS["ovok"]
        self.users: dict[str, _User] = {
            creds["email"]: _User(
                creds["email"],
                creds["password"],
                {
                    "reference": "Patient/de5c57ff-7257-57b0-13ab-aab6f5f91498",
                    "display": "Max Mustermann",
                },
            )
        }
        self.sessions: dict[str, _Session] = {}
        self._by_access: dict[str, _Session] = {}
        self._by_refresh: dict[str, _Session] = {}

    def operations(self) -> list[Operation]:
        return [
            Operation("POST", "/v2/auth/login", self.login),
            # the Login page's cURL example posts here (no /v2); the same login
            Operation("POST", "/auth/login", self.login),
            Operation("POST", "/auth/refresh-token", self.refresh_token),
            Operation("POST", "/auth/register", self.register),
            Operation("POST", "/auth/b2b/login", self.b2b_login),
            Operation("GET", "/auth/session", self.list_sessions),
            Operation("DELETE", "/auth/session/{option}", self.revoke_session),
        ]

    def fault_body(self, status: int) -> dict[str, Any]:
        return {
            "statusCode": status,
            "message": "keyhouse sandbox fault",
            "error": _REASONS.get(status, "Too Many Requests" if status == 429 else "Error"),
        }

    # ------------------------------------------------------------------ helpers
    async def _body(self, request: Request, model: type[Any]) -> Any:
        """The body as ``model``; else the documented 400 (not a JSON object: "could not be
        operated") or 422 (fields invalid: "could not be validated")."""
        data = await read_json(request)
        if not isinstance(data, dict):
            return _error(400, ["body must be a JSON object"])
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            return _error(422, _messages(exc))

    def _open_session(
        self, request: Request, user: _User, *, with_refresh: bool = True
    ) -> _Session:
        rt = self.runtime
        access = rt.tokens.issue_jwt("access", user.email, rt.lifetime("access"))
        refresh = (
            rt.tokens.issue_jwt("refresh", user.email, rt.lifetime("refresh"))
            if with_refresh
            else None
        )
        browser, os_name = _agent(request)
        client = request.client.host if request.client else "127.0.0.1"
        session = _Session(str(uuid.uuid4()), user.email, access, refresh, client, browser, os_name)
        with self._lock:
            self.sessions[session.id] = session
            self._by_access[access.token] = session
            if refresh is not None:
                self._by_refresh[refresh.token] = session
        rt.counters.login()
        return session

    def _login_body(self, session: _Session, profile: dict[str, str]) -> dict[str, Any]:
        """A ``LoginResponse`` (login, B2B login and register send the same one), the tokens
        where the spec's x-keyhouse login answer reads them."""
        return self.answer("login").fill(
            {"project": self.PROJECT, "profile": profile},
            token=session.access.token,
            refreshToken=session.refresh.token if session.refresh is not None else None,
            expiresIn=session.access.lifetime,
        )

    def _authorised(self, request: Request) -> _Session | None:
        token = bearer(request)
        if token is None or self.runtime.tokens.check(token, "access") is None:
            return None
        session = self._by_access.get(token)
        if session is not None:
            session.last_updated = time.time()
        return session

    def _check_login(self, body: Any) -> _User | Response:
        if str(body.client_id) not in self.client_ids:
            return _error(404, "Client application not found")
        user = self.users.get(body.email)
        if user is None or user.password != body.password:
            return _error(401, "Invalid email or password")
        return user

    # ------------------------------------------------------------------ operations
    async def login(self, request: Request) -> Response:
        if not self.v2_login and request.url.path.endswith("/v2/auth/login"):
            return _error(404, "Cannot POST /v2/auth/login")
        body = await self._body(request, m.LoginRequest)
        if isinstance(body, Response):
            return body
        user = self._check_login(body)
        if isinstance(user, Response):
            return user
        session = self._open_session(request, user)
        return out(m.LoginResponse, self._login_body(session, user.profile))

    async def b2b_login(self, request: Request) -> Response:
        body = await self._body(request, m.B2BLoginRequest)
        if isinstance(body, Response):
            return body
        user = self._check_login(body)
        if isinstance(user, Response):
            return user
        profile = self.TENANTS.get(body.tenant_id)
        if profile is None:
            return _error(404, "Tenant not found")
        session = self._open_session(request, user, with_refresh=False)
        return out(m.LoginResponse, self._login_body(session, profile))

    async def register(self, request: Request) -> Response:
        body = await self._body(request, m.RegisterRequest)
        if isinstance(body, Response):
            return body
        if str(body.client_id) not in self.client_ids:
            return _error(404, "Client application not found")
        profile = {"reference": f"Patient/{uuid.uuid4()}", "display": f"{body.name} {body.surname}"}
        with self._lock:
            user = self.users.get(body.email)
            if user is None:
                user = self.users[body.email] = _User(body.email, body.password, profile)
            elif user.password != body.password:
                return _error(400, "User already exists")
        # Registering an existing account again with its password is idempotent: it logs in.
        session = self._open_session(request, user)
        return out(m.LoginResponse, self._login_body(session, profile))

    async def refresh_token(self, request: Request) -> Response:
        body = await self._body(request, m.RefreshTokenRequest)
        if isinstance(body, Response):
            return body
        rt = self.runtime
        with self._lock:
            issued = rt.tokens.check(body.refresh_token, "refresh")
            session = self._by_refresh.pop(body.refresh_token, None) if issued else None
            if issued is None or session is None:
                return _error(401, "Invalid refresh token")
            rt.tokens.revoke(issued)  # single use: rotation
            access = rt.tokens.issue_jwt("access", session.user, rt.lifetime("access"))
            refresh = rt.tokens.issue_jwt("refresh", session.user, rt.lifetime("refresh"))
            session.history.append(session.access)
            session.access, session.refresh = access, refresh
            session.last_updated = time.time()
            self._by_access[access.token] = session
            self._by_refresh[refresh.token] = session
        rt.counters.refresh()
        body = self.answer("refresh_token").fill(
            {}, token=access.token, refreshToken=refresh.token, expiresIn=access.lifetime
        )
        return out(m.RefreshTokenResponse, body)

    async def list_sessions(self, request: Request) -> Response:
        current = self._authorised(request)
        if current is None:
            return _error(401, "Unauthorized")
        with self._lock:
            mine = [s for s in self.sessions.values() if s.user == current.user]
        return out(
            m.SessionList,
            {
                "sessions": [
                    {
                        "id": s.id,
                        "lastUpdated": iso_offset(s.last_updated),
                        "authMethod": "password",
                        "remoteAddress": s.remote,
                        "browser": s.browser,
                        "os": s.os,
                    }
                    for s in mine
                ]
            },
        )

    async def revoke_session(self, request: Request) -> Response:
        current = self._authorised(request)
        if current is None:
            return _error(401, "Unauthorized")
        option = request.path_params["option"]
        with self._lock:
            mine = [s for s in self.sessions.values() if s.user == current.user]
            if option == "current":
                chosen = [current]
            elif option == "other":
                chosen = [s for s in mine if s.id != current.id]
            elif option == "all":
                chosen = mine
            else:
                try:
                    uuid.UUID(option)
                except ValueError:
                    return _error(400, "option must be current, other, all or a session id")
                chosen = [s for s in mine if s.id == option.lower()]
                if not chosen:
                    return _error(404, "Session not found")
            for session in chosen:
                tokens = [session.access, *session.history]
                if session.refresh is not None:
                    tokens.append(session.refresh)
                self.runtime.tokens.revoke(*tokens)
                self.sessions.pop(session.id, None)
                for old in (session.access, *session.history):
                    self._by_access.pop(old.token, None)
                if session.refresh is not None:
                    self._by_refresh.pop(session.refresh.token, None)
        return out(m.RevokeSessionResponse, {"success": True})
