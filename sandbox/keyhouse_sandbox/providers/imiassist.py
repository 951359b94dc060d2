"""IMIASSIST: authenticate → access + refresh; access → api_key + token; business operations.

Every path here is a keyhouse guess (see the spec). The access token is an HS256 JWT whose
payload starts ``{"type": "access", "exp": …}``. ``POST /api/v1/auth/token`` generates a new
64-hex token (older ones stay valid until their own ``expires_at``); ``GET`` returns the last
one even when it has expired. The API key and token answers use the documented output
spellings (``token``/``Token``, ``Created_at``, ``Expires_at``); the login answers SimpleJWT's
lower-case ``refresh``/``access`` (the spec accepts either spelling of each). These names are
written here rather than taken from the x-keyhouse answers' first spellings on purpose: the
sandbox plays the second spelling of ``access`` and ``token`` so keyhouse's reading of it is
exercised. Business operations need both ``X-Api-Key`` and ``X-Api-Token``. Errors are Django
REST Framework style ``{"detail": …}``.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from keyhouse_models import imiassist as m
from pydantic import ValidationError
from starlette.requests import Request
from starlette.responses import Response

from keyhouse_sandbox._credentials import DEMO_CREDENTIALS
from keyhouse_sandbox._http import bearer, iso_offset, out, read_json
from keyhouse_sandbox._provider import Operation, Provider
from keyhouse_sandbox._tokens import Issued

_NOT_PROVIDED = "Authentication credentials were not provided."
_INVALID = "Given token not valid for any token type"


def _detail(status: int, detail: str) -> Response:
    return out(m.ErrorBody, {"detail": detail}, status)


@dataclass
class _ApiToken:
    api_key: str
    issued: Issued

    def body(self, *, existing: bool = False) -> dict[str, str]:
        """Spelled as the page documents the node outputs: ``token`` (Get New Token) or
        ``Token`` (Get Existing Token), then ``Created_at`` and ``Expires_at``."""
        return {
            "api_key": self.api_key,
            ("Token" if existing else "token"): self.issued.token,
            "Created_at": iso_offset(self.issued.iat),
            "Expires_at": iso_offset(self.issued.exp),
        }


class Imiassist(Provider):
    name: ClassVar[str] = "imiassist"

    #: the integration user's API key (uuid-like; the documented example's value)
    API_KEY: ClassVar[str] = "6f1c2d3e-4b5a-4c7d-9e8f-0a1b2c3d4e5f"

    def __init__(self, specs: str | Path | None = None) -> None:
        super().__init__(specs)
        self._lock = threading.Lock()
        creds = DEMO_CREDENTIALS["imiassist"]
        self.users = {creds["email"]: creds["password"]}
        self.reset_state()

    def add_tenant(self, credentials: Mapping[str, str]) -> None:
        with self._lock:
            self.users[credentials["email"]] = credentials["password"]

    def reset_state(self) -> None:
        self.last_token: dict[str, _ApiToken] = {}
        self.contacts: dict[str, dict[str, Any]] = {}
        self.appointments: dict[str, dict[str, Any]] = {}
        self._next_contact = 100234
        self._next_appointment = 200871

    def operations(self) -> list[Operation]:
        return [
            Operation("POST", "/api/v1/auth/login", self.authenticate),
            Operation("POST", "/api/v1/auth/token", self.new_token),
            Operation("GET", "/api/v1/auth/token", self.existing_token),
            Operation("POST", "/api/v1/contacts", self.create_contact),
            Operation("PUT", "/api/v1/contacts/{contact_id}", self.update_contact),
            Operation("DELETE", "/api/v1/contacts/{contact_id}", self.delete_contact),
            Operation("POST", "/api/v1/appointments", self.schedule),
            Operation("DELETE", "/api/v1/appointments/{appointment_id}", self.cancel),
        ]

    def fault_body(self, status: int) -> dict[str, Any]:
        if status == 429:
            return {"detail": "Request was throttled."}
        return {"detail": "Service temporarily unavailable, try again later."}

    def credential_ok(self, scheme: str, definition: Mapping[str, Any], value: str) -> bool:
        if scheme == "apiKey":
            return value == self.API_KEY
        if scheme == "apiToken":
            return self.runtime.tokens.check(value, "api_token") is not None
        return super().credential_ok(scheme, definition, value)

    # ------------------------------------------------------------------ auth
    async def authenticate(self, request: Request) -> Response:
        data = await read_json(request)
        try:
            body = m.AuthenticateRequest.model_validate(data)
        except ValidationError:
            return _detail(400, "Invalid request body.")
        if self.users.get(body.email) != body.password:
            return _detail(401, "No active account found with the given credentials")
        rt = self.runtime
        refresh = rt.tokens.issue_jwt("refresh", body.email, rt.lifetime("refresh"))
        access = rt.tokens.issue_jwt("access", body.email, rt.lifetime("access"))
        rt.counters.login()
        return out(m.AuthenticateResponse, {"refresh": refresh.token, "access": access.token})

    def _access_subject(self, request: Request) -> str | Response:
        token = bearer(request)
        if token is None:
            return _detail(401, _NOT_PROVIDED)
        issued = self.runtime.tokens.check(token, "access")
        if issued is None:
            return _detail(401, _INVALID)
        return issued.subject

    async def new_token(self, request: Request) -> Response:
        subject = self._access_subject(request)
        if isinstance(subject, Response):
            return subject
        rt = self.runtime
        issued = rt.tokens.issue_opaque(
            "api_token", subject, rt.lifetime("api_token"), extra={"api_key": self.API_KEY}
        )
        api_token = _ApiToken(self.API_KEY, issued)
        with self._lock:
            self.last_token[subject] = api_token
        rt.counters.refresh()
        return out(m.ApiToken, api_token.body())

    async def existing_token(self, request: Request) -> Response:
        subject = self._access_subject(request)
        if isinstance(subject, Response):
            return subject
        api_token = self.last_token.get(subject)
        if api_token is None:
            return _detail(404, "Not found.")
        return out(m.ApiToken, api_token.body(existing=True))

    # ------------------------------------------------------------------ business
    def _api_auth(self, request: Request) -> Response | None:
        key = request.headers.get("x-api-key")
        token = request.headers.get("x-api-token")
        if not key or not token:
            return _detail(401, _NOT_PROVIDED)
        issued = self.runtime.tokens.check(token, "api_token")
        if issued is None or issued.extra.get("api_key") != key:
            return _detail(401, "Invalid or expired API key or token.")
        return None

    async def _contact_body(self, request: Request) -> dict[str, Any] | Response:
        data = await read_json(request)
        if not isinstance(data, dict):
            return _detail(400, "Invalid request body.")
        try:
            m.ContactRequest.model_validate(data)
        except ValidationError:
            return _detail(400, "Invalid request body.")
        return data

    async def create_contact(self, request: Request) -> Response:
        denied = self._api_auth(request)
        if denied is not None:
            return denied
        data = await self._contact_body(request)
        if isinstance(data, Response):
            return data
        with self._lock:
            contact_id = f"c-{self._next_contact}"
            self._next_contact += 1
            self.contacts[contact_id] = data
        return out(m.ContactResponse, {"contact_id": contact_id}, 201)

    async def update_contact(self, request: Request) -> Response:
        denied = self._api_auth(request)
        if denied is not None:
            return denied
        contact_id = request.path_params["contact_id"]
        if contact_id not in self.contacts:
            return _detail(404, "Not found.")
        data = await self._contact_body(request)
        if isinstance(data, Response):
            return data
        with self._lock:
            self.contacts[contact_id].update(data)
        return out(m.ContactResponse, {"contact_id": contact_id})

    async def delete_contact(self, request: Request) -> Response:
        denied = self._api_auth(request)
        if denied is not None:
            return denied
        contact_id = request.path_params["contact_id"]
        with self._lock:
            if self.contacts.pop(contact_id, None) is None:
                return _detail(404, "Not found.")
        return out(m.ContactResponse, {"contact_id": contact_id})

    async def schedule(self, request: Request) -> Response:
        denied = self._api_auth(request)
        if denied is not None:
            return denied
        data = await read_json(request)
        if not isinstance(data, dict):
            return _detail(400, "Invalid request body.")
        try:
            m.AppointmentRequest.model_validate(data)
        except ValidationError:
            return _detail(400, "Invalid request body.")
        with self._lock:
            appointment = {
                "appointment_id": f"a-{self._next_appointment}",
                "uid": str(uuid.uuid4()),
                "status": "scheduled",
            }
            self._next_appointment += 1
            self.appointments[appointment["appointment_id"]] = appointment
        return out(m.AppointmentResponse, appointment, 201)

    async def cancel(self, request: Request) -> Response:
        denied = self._api_auth(request)
        if denied is not None:
            return denied
        ident = request.path_params["appointment_id"]
        with self._lock:
            appointment = self.appointments.get(ident) or next(
                (a for a in self.appointments.values() if a["uid"] == ident), None
            )
            if appointment is None:
                return _detail(404, "Not found.")
            appointment["status"] = "cancelled"
        return out(m.AppointmentResponse, dict(appointment))
