"""Nuxera AI: login (24 h JWT) and multipart transcription/dictation.

With ``staging = True`` the sandbox plays the staging version of the login page: 15-minute
access tokens plus ``refreshToken``, ``expiresAt`` and ``refreshTokenExpiresAt``, and
``POST /api/auth/refresh`` (keyhouse's guess at the unpublished refresh path) rotates them;
otherwise (production) that path answers 404.

``GET /api/auth/me`` has no handler here: the sandbox serves it from the spec (its example,
behind the spec's bearer security).

Transcribe and dictate accept either the API key (``x-api-key``) or the login JWT (Bearer), as
the spec lists both. Their text is deterministic: chosen by a hash of the audio bytes, so the
same recording always gives the same transcript.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

from keyhouse_models import nuxera as m
from pydantic import ValidationError
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import Response

from keyhouse_sandbox._credentials import DEMO_CREDENTIALS
from keyhouse_sandbox._http import bearer, iso_z, out, read_json
from keyhouse_sandbox._provider import Operation, Provider

_COMPLAINTS = [
    ("chest pain since yesterday", "R07.9", "Intermittent chest pain at rest since yesterday"),
    ("persistent dry cough for two weeks", "R05", "Dry cough for two weeks, worse at night"),
    ("headache and dizziness", "R51", "Daily headaches with dizziness on standing"),
    ("shortness of breath on exertion", "R06.02", "Breathless after one flight of stairs"),
    ("lower back pain", "M54.5", "Lower back pain after lifting, no radiation"),
    ("fatigue and weight loss", "R53.83", "Three months of fatigue and 4 kg weight loss"),
]
_PLANS = [
    "ECG and troponin",
    "chest X-ray",
    "blood pressure review in two weeks",
    "full blood count",
    "physiotherapy referral",
    "thyroid function tests",
]


def _error(status: int, error: str, message: str | None = None) -> Response:
    body: dict[str, Any] = {"error": error}
    if message is not None:
        body["message"] = message
    return out(m.ErrorBody, body, status)


def _is_audio(data: bytes) -> bool:
    wav = data[:4] == b"RIFF" and data[8:12] == b"WAVE"
    mp3 = data[:3] == b"ID3" or (len(data) > 1 and data[0] == 0xFF and data[1] & 0xE0 == 0xE0)
    return wav or mp3


def _pick(audio: bytes) -> tuple[int, int]:
    digest = hashlib.sha256(audio).digest()
    return digest[0] % len(_COMPLAINTS), digest[1] % len(_PLANS)


class Nuxera(Provider):
    name: ClassVar[str] = "nuxera"

    USER: ClassVar[dict[str, str]] = {
        "id": "user-123456",
        "username": "doctor.smith",
        "email": "doctor.smith@example.com",
        "role": "physician",
    }

    def __init__(self, specs: str | Path | None = None) -> None:
        super().__init__(specs)
        creds = DEMO_CREDENTIALS["nuxera"]
        self.passwords = {
            creds["username"]: creds["password"],
            self.USER["email"]: creds["password"],
        }
        self.api_keys = {creds["api_key"]}
        #: username -> the user id its tokens carry (tenants: their own)
        self.subjects: dict[str, str] = {}
        self._lock = threading.Lock()
        self.reset_state()

    def reset_state(self) -> None:
        #: play the staging API (refresh tokens) instead of production
        self.staging = False

    def add_tenant(self, credentials: Mapping[str, str]) -> None:
        username = credentials["username"]
        self.passwords[username] = credentials["password"]
        self.subjects[username] = f"user-{username}"

    def credential_ok(self, scheme: str, definition: Mapping[str, Any], value: str) -> bool:
        if scheme == "apiKeyAuth":
            return value in self.api_keys
        return super().credential_ok(scheme, definition, value)

    def operations(self) -> list[Operation]:
        return [
            Operation("POST", "/api/auth/login", self.login),
            Operation("POST", "/api/auth/refresh", self.refresh),
            Operation("POST", "/api/transcribe", self.transcribe),
            Operation("POST", "/api/dictate", self.dictate),
        ]

    def fault_body(self, status: int) -> dict[str, Any]:
        return {
            "error": "Service error" if status != 429 else "Too many requests",
            "message": "keyhouse sandbox fault",
        }

    # ------------------------------------------------------------------ auth
    async def login(self, request: Request) -> Response:
        data = await read_json(request)
        try:
            body = m.LoginRequest.model_validate(data)
        except ValidationError:
            return _error(400, "Bad request", "Username and password are required")
        if self.passwords.get(body.username) != body.password.get_secret_value():
            return _error(401, "Authentication failed", "Invalid username or password")
        subject = self.subjects.get(body.username)
        claims = {
            "username": body.username if subject else self.USER["username"],
            "role": self.USER["role"],
        }
        tokens = self._issue("login", subject or self.USER["id"], claims)
        self.runtime.counters.login()
        return out(m.LoginResponse, {**tokens, "user": self.USER})

    def _issue(self, operation_id: str, subject: str, claims: dict[str, Any]) -> dict[str, Any]:
        """An access token (24 h; staging: 15 min plus a refresh token and both expiries), where
        the spec's x-keyhouse answer of ``operation_id`` reads them."""
        rt = self.runtime
        answer = self.answer(operation_id)
        if not self.staging:
            access = rt.tokens.issue_jwt("access", subject, rt.lifetime("access"), extra=claims)
            return answer.fill({}, token=access.token)
        access = rt.tokens.issue_jwt("access", subject, rt.lifetime("staging_access"), extra=claims)
        refresh = rt.tokens.issue_jwt("refresh", subject, rt.lifetime("refresh"), extra=claims)
        return answer.fill(
            {},
            token=access.token,
            refreshToken=refresh.token,
            expiresAt=iso_z(access.exp),
            refreshExpiresAt=iso_z(refresh.exp),
        )

    async def refresh(self, request: Request) -> Response:
        if not self.staging:
            return _error(404, "Not found")
        data = await read_json(request)
        try:
            body = m.RefreshRequest.model_validate(data)
        except ValidationError:
            return _error(400, "Bad request", "refreshToken is required")
        rt = self.runtime
        with self._lock:  # single use: check and revoke at once
            issued = rt.tokens.check(body.refresh_token, "refresh")
            if issued is None:
                return _error(401, "Unauthorized", "Invalid or expired refresh token")
            rt.tokens.revoke(issued)
        tokens = self._issue("refresh_token", issued.subject, dict(issued.extra))
        rt.counters.refresh()
        return out(m.RefreshResponse, tokens)

    def _jwt_ok(self, request: Request) -> bool:
        token = bearer(request)
        return token is not None and self.runtime.tokens.check(token, "access") is not None

    # ------------------------------------------------------------------ clinical
    def _clinical_auth(self, request: Request) -> Response | None:
        """x-api-key (newest pages) or Bearer (older pages); one valid credential suffices."""
        key = request.headers.get("x-api-key")
        if key is not None:
            if key in self.api_keys:
                return None
            if not self._jwt_ok(request):
                return _error(401, "Unauthorized", "Invalid API key")
            return None
        if self._jwt_ok(request):
            return None
        return _error(401, "Unauthorized", "Invalid API key")

    async def _audio(
        self, request: Request, model: type[Any], missing: str | None
    ) -> tuple[bytes, Any] | Response:
        try:
            form = await request.form()
        except Exception:
            return _error(400, "No audio provided", missing)
        upload = form.get("audio")
        if not isinstance(upload, UploadFile):
            return _error(400, "No audio provided", missing)
        audio = await upload.read()
        fields = {k: v for k, v in form.items() if isinstance(v, str)}
        try:
            parsed = model.model_validate({**fields, "audio": audio})
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            return _error(400, "Invalid request", f"{where}: {first['msg']}")
        if not audio:
            return _error(400, "No audio provided", missing)
        if not _is_audio(audio):
            return _error(400, "Unsupported audio format", "Send a WAV or MP3 recording")
        return audio, parsed

    async def transcribe(self, request: Request) -> Response:
        denied = self._clinical_auth(request)
        if denied is not None:
            return denied
        got = await self._audio(request, m.TranscribeRequest, "An audio file is required")
        if isinstance(got, Response):
            return got
        audio, form = got
        complaint, code, history = _COMPLAINTS[_pick(audio)[0]]
        doctor = form.doctor_name or "Doctor"
        patient = form.patient_name or "Patient"
        text = f"{doctor}: What brings you in today? {patient}: I have had {complaint}."
        return out(
            m.TranscriptionResult,
            {
                "transcription": text,
                "classifiedInfo": {
                    "Chief Complaint": complaint[0].upper() + complaint[1:],
                    "ICD-10 Code": code,
                    "History of Present Illness": history,
                },
            },
        )

    async def dictate(self, request: Request) -> Response:
        denied = self._clinical_auth(request)
        if denied is not None:
            return denied
        got = await self._audio(request, m.DictateRequest, None)
        if isinstance(got, Response):
            return got
        audio, _form = got
        c, p = _pick(audio)
        complaint = _COMPLAINTS[c][0]
        plan = _PLANS[p]
        dictation = f"Patient presents with {complaint}. Plan: {plan}."
        raw = f"patient presents with {complaint} plan {plan}".lower()
        return out(
            m.DictationResult,
            {
                "dictation": dictation,
                "rawText": raw,
                "timestamp": int(time.time() * 1000),
            },
        )
