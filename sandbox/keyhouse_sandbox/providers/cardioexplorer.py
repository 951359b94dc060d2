"""CardioExplorer: client credentials → envelope; magic links; draft test → run → result.

A draft test maps a FHIR ``Bundle`` onto the CCS test's inputs: Observations older than 90
days (relative to ``reference_time``, by default the provider's clock) are rejected, inputs the
bundle lacks are listed as missing. Running a test computes a deterministic risk score from
age, gender and the mapped values. Three response styles, as on the wire: the envelope
(authentication), ``success`` objects (draft test) and bare objects (CCS tests).
"""

from __future__ import annotations

import datetime as dt
import math
import secrets
import threading
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from keyhouse_models import cardioexplorer as m
from pydantic import ValidationError
from starlette.requests import Request
from starlette.responses import Response

from keyhouse_sandbox._credentials import DEMO_CREDENTIALS
from keyhouse_sandbox._http import bearer, iso_z, json_response, out, read_json, zoneless
from keyhouse_sandbox._provider import Operation, Provider
from keyhouse_sandbox._tokens import Issued

_LOINC = "http://loinc.org"
_MAX_AGE = dt.timedelta(days=90)


@dataclass(frozen=True)
class _Concept:
    concept_id: int
    name: str
    required: bool


#: LOINC code -> the CCS test input it maps to
CONCEPTS: dict[str, _Concept] = {
    "2093-3": _Concept(3027114, "Cholesterol [Mass/volume] in Serum or Plasma", True),
    "2085-9": _Concept(3007070, "Cholesterol in HDL [Mass/volume] in Serum or Plasma", True),
    "8480-6": _Concept(3004249, "Systolic blood pressure", True),
    "72166-2": _Concept(4275495, "Tobacco smoking status", True),
    "8462-4": _Concept(3012888, "Diastolic blood pressure", False),
    "2089-1": _Concept(3028437, "Cholesterol in LDL [Mass/volume] in Serum or Plasma", False),
    "2571-8": _Concept(3022192, "Triglyceride [Mass/volume] in Serum or Plasma", False),
    "4548-4": _Concept(3004410, "Hemoglobin A1c/Hemoglobin.total in Blood", False),
    "39156-5": _Concept(3038553, "Body mass index (BMI) [Ratio]", False),
}

_LEVELS = [  # upper bound (exclusive), English, German
    (0.05, "Very Low", "Sehr niedrig"),
    (0.15, "Low", "Niedrig"),
    (0.30, "Moderate", "Moderat"),
    (0.50, "High", "Hoch"),
    (1.01, "Very High", "Sehr hoch"),
]
_RECOMMENDATIONS = {
    "Very Low": (
        "Maintain a healthy lifestyle; reassess in five years.",
        "Gesunden Lebensstil beibehalten; Kontrolle in fünf Jahren.",
    ),
    "Low": (
        "Encourage lifestyle measures; reassess in three years.",
        "Lebensstilmaßnahmen fördern; Kontrolle in drei Jahren.",
    ),
    "Moderate": (
        "Discuss lipid-lowering therapy and blood pressure control with the patient.",
        "Lipidsenkende Therapie und Blutdruckkontrolle mit dem Patienten besprechen.",
    ),
    "High": (
        "Start lipid-lowering therapy and treat blood pressure to target.",
        "Lipidsenkende Therapie beginnen und Blutdruck auf Zielwert einstellen.",
    ),
    "Very High": (
        "Refer to cardiology and start intensive risk-factor treatment.",
        "Überweisung in die Kardiologie und intensive Behandlung der Risikofaktoren.",
    ),
}
#: defaults assumed for missing inputs
_DEFAULTS = {3027114: 200.0, 3007070: 50.0, 3004249: 130.0, 4275495: 0.0}


@dataclass
class _Draft:
    id: str
    org: str
    patient_id: str
    gender: str
    birth_date: str | None
    values: dict[int, float] = field(default_factory=dict)
    missing: list[_Concept] = field(default_factory=list)
    mapped: int = 0
    result: dict[str, Any] | None = None


def _envelope_error(status: int, message: str, errors: list[str] | None) -> Response:
    return out(
        m.ApiResponse,
        {"status": "error", "message": message, "errors": errors, "data": None},
        status,
    )


def _parse_fhir_time(value: str) -> dt.datetime | None:
    """A FHIR dateTime (possibly partial: YYYY, YYYY-MM, YYYY-MM-DD) as an aware datetime."""
    try:
        if len(value) == 4:
            return dt.datetime(int(value), 1, 1, tzinfo=dt.UTC)
        if len(value) == 7:
            return dt.datetime(int(value[:4]), int(value[5:7]), 1, tzinfo=dt.UTC)
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def _age(birth_date: str | None, at: dt.datetime) -> int | None:
    if not birth_date:
        return None
    parts = [int(p) for p in birth_date.split("-")] + [1, 1]
    year, month, day = parts[0], parts[1], parts[2]
    return at.year - year - ((at.month, at.day) < (month, day))


def risk_score(age: int, gender: str, values: dict[int, float]) -> float:
    """A made-up but deterministic logistic risk model (two decimals, 0.01..0.99)."""
    total = values.get(3027114, _DEFAULTS[3027114])
    hdl = values.get(3007070, _DEFAULTS[3007070])
    systolic = values.get(3004249, _DEFAULTS[3004249])
    smoker = values.get(4275495, _DEFAULTS[4275495])
    x = (
        -2.35
        + 0.06 * (age - 50)
        + (0.35 if gender == "male" else 0.0)
        + 0.006 * (total - 200)
        - 0.02 * (hdl - 50)
        + 0.015 * (systolic - 130)
        + 0.7 * smoker
    )
    score = 1.0 / (1.0 + math.exp(-x))
    return min(0.99, max(0.01, round(score, 2)))


class CardioExplorer(Provider):
    name: ClassVar[str] = "cardioexplorer"

    SCOPES: ClassVar[frozenset[str]] = frozenset({"api.read", "api.write"})
    ORGANIZATION: ClassVar[dict[str, Any]] = {
        "organizationId": "550e8400-e29b-41d4-a716-446655440000",
        "azureClientId": "12345678-1234-1234-1234-123456789abc",
        "organizationName": "Organization Name",
        "contactEmail": "admin@organization.com",
        "accessLevel": 2,
        "isActive": True,
        "rateLimitPerHour": 1000,
        "allowedIpAddresses": "10.0.0.0/8",
        "createdAt": "2024-01-15T10:30:00Z",
        "updatedAt": "2024-01-20T14:45:00Z",
        "lastAccessedAt": "2024-01-25T09:15:00Z",
        "totalApiCalls": 2847,
        "createdByUserEmail": "admin@cardioexplorer.com",
        "metadata": '{"department":"IT","region":"US-East"}',
    }

    def __init__(self, specs: str | Path | None = None) -> None:
        super().__init__(specs)
        self._lock = threading.Lock()
        creds = DEMO_CREDENTIALS["cardioexplorer"]
        self.clients = {creds["client_id"]: creds["client_secret"]}
        self.reset_state()

    def add_tenant(self, credentials: Mapping[str, str]) -> None:
        with self._lock:
            self.clients[credentials["client_id"]] = credentials["client_secret"]

    def reset_state(self) -> None:
        #: "now" for the 90-day rule, ages and timestamps of results; None = the provider clock
        self.reference_time: dt.datetime | None = None
        self.organization = dict(self.ORGANIZATION)
        self.drafts: dict[str, _Draft] = {}
        self.magic_links: dict[str, float] = {}

    def operations(self) -> list[Operation]:
        return [
            Operation("POST", "/api/organization-auth/authenticate", self.authenticate),
            Operation("POST", "/api/auth/magic-links/generate", self.magic_link),
            Operation("POST", "/api/fhir/draft-test", self.draft_test),
            Operation("POST", "/api/ccs/v1/tests/{id}/run", self.run_test),
            Operation("GET", "/api/ccs/v1/tests/{id}/result", self.result),
        ]

    def fault_body(self, status: int) -> dict[str, Any]:
        message = "Rate limit exceeded" if status == 429 else "An unexpected error occurred"
        return {"status": "error", "message": message, "errors": None, "data": None}

    def _now(self) -> dt.datetime:
        if self.reference_time is not None:
            return self.reference_time
        return dt.datetime.fromtimestamp(self.runtime.clock(), dt.UTC)

    def _org_of(self, request: Request) -> Issued | None:
        token = bearer(request)
        if token is None:
            return None
        issued = self.runtime.tokens.check(token, "access")
        if issued is not None:
            with self._lock:
                self.organization["totalApiCalls"] += 1
        return issued

    # ------------------------------------------------------------------ auth
    async def authenticate(self, request: Request) -> Response:
        data = await read_json(request)
        try:
            body = m.AuthenticateRequest.model_validate(data)
        except ValidationError as exc:
            errors = [
                f"{'.'.join(str(p) for p in e['loc']) or 'body'}: {e['msg']}" for e in exc.errors()
            ]
            return _envelope_error(400, "Invalid request", errors)
        scopes = set((body.scope or "").split())
        if not scopes <= self.SCOPES:
            unknown = ", ".join(sorted(scopes - self.SCOPES))
            return _envelope_error(400, "Invalid request", [f"unknown scope: {unknown}"])
        client_id = str(body.client_id)
        if self.clients.get(client_id) != body.client_secret:
            return _envelope_error(401, "Invalid client credentials", ["Authentication failed"])
        rt = self.runtime
        lifetime = rt.lifetime("access")
        issued = rt.tokens.issue_jwt(
            "access",
            client_id,
            lifetime,
            extra={"org": self.organization["organizationId"], "scope": " ".join(sorted(scopes))},
        )
        with self._lock:
            organization = dict(self.organization)
            self.organization["lastAccessedAt"] = iso_z(rt.clock())
        rt.counters.login()
        envelope: dict[str, Any] = {
            "status": "success",
            "message": "Authentication successful",
            "errors": None,
            "data": {"tokenType": "Bearer", "organization": organization},
        }
        self.answer("authenticate").fill(envelope, token=issued.token, expiresIn=lifetime)
        return out(m.AuthenticateEnvelope, envelope)

    async def magic_link(self, request: Request) -> Response:
        if self._org_of(request) is None:
            return _envelope_error(401, "Unauthorized", None)
        token = secrets.token_hex(16)
        expires = self.runtime.clock() + self.runtime.lifetime("magic_link")
        self.magic_links[token] = expires
        base = str(request.url.replace(query="")).removesuffix("/api/auth/magic-links/generate")
        link = f"{base}/api/auth/magic-links/verify?token={token}"
        return out(
            m.MagicLinkEnvelope,
            {
                "status": "success",
                "message": "Magic link generated",
                "errors": None,
                "data": {
                    "magicLink": link,
                    "message": "Magic link generated successfully",
                    "expiresAt": iso_z(expires),
                },
            },
        )

    # ------------------------------------------------------------------ tests
    @staticmethod
    def _invalid(issues: list[dict[str, str]]) -> Response:
        return out(
            m.DraftTestValidationFailure,
            {
                "success": False,
                "message": "validation failed",
                "validation": {"valid": False, "issues": issues},
            },
            400,
        )

    async def draft_test(self, request: Request) -> Response:
        issued = self._org_of(request)
        if issued is None:
            return out(
                m.DraftTestFailure, {"success": False, "message": "User not authenticated"}, 401
            )
        data = await read_json(request)
        try:
            bundle = m.Bundle.model_validate(data)
        except ValidationError as exc:
            return self._invalid(
                [
                    {
                        "severity": "error",
                        "path": "Bundle"
                        + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in e["loc"]),
                        "message": e["msg"],
                    }
                    for e in exc.errors()[:20]
                ]
            )
        patients = [e for e in bundle.entry if isinstance(e.resource, m.Patient)]
        if len(patients) != 1:
            return self._invalid(
                [
                    {
                        "severity": "error",
                        "path": "Bundle.entry",
                        "message": "Bundle must contain exactly one Patient",
                    }
                ]
            )
        return self._map(issued, bundle, patients[0])

    def _map(self, issued: Issued, bundle: m.Bundle, patient_entry: m.BundleEntry) -> Response:
        patient = patient_entry.resource
        assert isinstance(patient, m.Patient)
        now = self._now()
        rejected: list[dict[str, Any]] = []
        best: dict[int, tuple[dt.datetime, float]] = {}
        for index, entry in enumerate(bundle.entry):
            obs = entry.resource
            if not isinstance(obs, m.Observation):
                continue
            coding = next((c for c in obs.code.coding or [] if c.system == _LOINC and c.code), None)
            any_coding = coding or next(iter(obs.code.coding or []), None)
            value_number = obs.value_quantity.value if obs.value_quantity else None
            value_text = obs.value_string or (
                obs.value_codeable_concept.text if obs.value_codeable_concept else None
            )
            item: dict[str, Any] = {}
            if any_coding is not None and any_coding.code is not None:
                item["code"] = any_coding.code
            vocabulary = "LOINC" if coding else (any_coding.system if any_coding else None)
            if vocabulary is not None:
                item["vocabularyId"] = vocabulary
            item |= {
                "resourceType": "Observation",
                "entryUrl": entry.full_url or f"Bundle.entry[{index}]",
                "valueNumber": value_number,
                "valueText": value_text,
                "unit": obs.value_quantity.unit if obs.value_quantity else None,
            }
            concept = CONCEPTS.get(coding.code) if coding and coding.code else None
            if concept is not None:
                item = {"conceptId": concept.concept_id, "conceptName": concept.name, **item}
            when = _parse_fhir_time(obs.effective_date_time) if obs.effective_date_time else None
            reason = None
            if concept is None:
                reason = "Code is not used by the CCS test"
            elif obs.status.value in ("cancelled", "entered-in-error"):
                reason = f"Observation status is {obs.status.value}"
            elif when is not None and now - when > _MAX_AGE:
                reason = "Observation is older than 90 days"
            elif value_number is None and concept.concept_id != 4275495:
                reason = "Observation has no numeric value"
            if reason is not None:
                rejected.append({**item, "rejectionReason": reason})
                continue
            assert concept is not None
            value = (
                value_number
                if value_number is not None
                else (
                    1.0
                    if value_text
                    and "smok" in value_text.lower()
                    and "never" not in value_text.lower()
                    else 0.0
                )
            )
            stamp = when or now
            if concept.concept_id not in best or stamp > best[concept.concept_id][0]:
                best[concept.concept_id] = (stamp, value)
        present = {r["conceptId"] for r in rejected if "conceptId" in r} | set(best)
        missing = [c for c in CONCEPTS.values() if c.required and c.concept_id not in present]
        draft = _Draft(
            str(uuid.uuid4()),
            issued.subject,
            patient.id or (patient_entry.full_url or "patient"),
            patient.gender.value if patient.gender else "unknown",
            patient.birth_date,
            {k: v for k, (_, v) in best.items()},
            missing,
            len(best),
        )
        with self._lock:
            self.drafts[draft.id] = draft
        return out(
            m.DraftTestResponse,
            {
                "success": True,
                "draftTestId": draft.id,
                "itemsMapped": len(best),
                "itemsRejected": len(rejected),
                "itemsMissing": len(missing),
                "rejectedItems": rejected,
                "missingItems": [{"conceptId": c.concept_id, "name": c.name} for c in missing],
            },
        )

    def _find(self, request: Request) -> _Draft | Response:
        issued = self._org_of(request)
        if issued is None:
            return json_response({"success": False, "message": "User not authenticated"}, 401)
        draft = self.drafts.get(request.path_params["id"])
        if draft is None:
            return json_response({"success": False, "message": "Test not found"}, 404)
        if draft.org != issued.subject:
            return json_response({"success": False, "message": "Forbidden"}, 403)
        return draft

    async def run_test(self, request: Request) -> Response:
        draft = self._find(request)
        if isinstance(draft, Response):
            return draft
        language = request.query_params.get("language", "en")
        if language not in ("en", "de"):
            return json_response({"success": False, "message": "language must be en or de"}, 400)
        if draft.mapped == 0:
            return json_response({"success": False, "message": "The draft test has no inputs"}, 400)
        now = self._now()
        age = _age(draft.birth_date, now) or 50
        score = risk_score(age, draft.gender, draft.values)
        english, german = next((en, de) for bound, en, de in _LEVELS if score < bound)
        rec_en, rec_de = _RECOMMENDATIONS[english]
        german_text = language == "de"
        warnings = [
            (
                f"Fehlende Angabe: {c.name} (Standardwert angenommen)"
                if german_text
                else f"Missing input: {c.name} (default assumed)"
            )
            for c in draft.missing
        ]
        completed = zoneless(now.timestamp(), 7)
        result = {
            "testId": draft.id,
            "patientId": draft.patient_id,
            "riskScore": score,
            "riskLevel": german if german_text else english,
            "recommendation": rec_de if german_text else rec_en,
            "completedAt": completed,
            "warnings": warnings,
        }
        draft.result = {**result, "age": age}
        return out(m.TestResponse, result)

    async def result(self, request: Request) -> Response:
        draft = self._find(request)
        if isinstance(draft, Response):
            return draft
        if draft.result is None:
            return json_response({"success": False, "message": "The test has not run yet"}, 404)
        r = draft.result
        return out(
            m.PatientReport,
            {
                "testId": r["testId"],
                "patientInfo": {
                    "patientId": r["patientId"],
                    "age": r["age"],
                    "gender": draft.gender,
                },
                "testDate": r["completedAt"],
                "riskScore": r["riskScore"],
                "riskLevel": r["riskLevel"],
                "recommendation": r["recommendation"],
            },
        )
