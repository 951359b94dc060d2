"""A new operation added to a spec works against the sandbox with no sandbox code.

The test adds two operations to a copy of Nuxera's spec (one with a documented example, one
without any), converts the copy as ``codegen/generate.py`` does for the packaged specs, starts
a sandbox on it and runs the same schemathesis checks as ``test_schemathesis``: the new
operations are served from the spec (example or schema-generated body, security enforced with
the sandbox's tokens, invalid bodies rejected with the documented status).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
import yaml
from hypothesis import HealthCheck, given, settings
from keyhouse_sandbox import DEMO_CREDENTIALS, Sandbox

from .test_schemathesis import CHECKS, ROOT, demo_login

sys.path.insert(0, str(ROOT / "codegen"))
import generate as codegen

NOTE = {"id": "note-1", "patientId": "patient-7", "text": "Follow-up in two weeks."}
NEW_PATHS: dict[str, Any] = {
    "/api/notes/{note_id}": {
        "get": {
            "operationId": "get_note",
            "tags": ["clinical"],
            "summary": "A note (added by the test)",
            "security": [{"bearerAuth": []}, {"apiKeyAuth": []}],
            "parameters": [
                {"name": "note_id", "in": "path", "required": True, "schema": {"type": "string"}}
            ],
            "responses": {
                "200": {
                    "description": "The note.",
                    "content": {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/Note"},
                            "examples": {"documented": {"summary": "a note", "value": NOTE}},
                        }
                    },
                },
                "401": {
                    "description": "No valid credential.",
                    "content": {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/ErrorBody"},
                            "examples": {
                                "documented": {
                                    "summary": "rejected",
                                    "value": {"error": "Unauthorized"},
                                }
                            },
                        }
                    },
                },
            },
        }
    },
    "/api/notes": {
        "post": {
            "operationId": "create_note",
            "tags": ["clinical"],
            "summary": "Create a note (added by the test; no example anywhere)",
            "security": [{"bearerAuth": []}],
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/NoteRequest"}}
                },
            },
            "responses": {
                "201": {
                    "description": "Created.",
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Note"}}
                    },
                },
                "401": {"description": "No valid credential."},
                "422": {
                    "description": "The body is invalid.",
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}
                    },
                },
            },
        }
    },
}
NEW_SCHEMAS: dict[str, Any] = {
    "Note": {
        "type": "object",
        "required": ["id", "patientId", "text"],
        "properties": {
            "id": {"type": "string", "minLength": 1},
            "patientId": {"type": "string", "pattern": "^patient-\\d+$", "example": "patient-1"},
            "text": {"type": "string", "minLength": 1},
            "createdAt": {"type": "string", "format": "date-time"},
        },
    },
    "NoteRequest": {
        "type": "object",
        "required": ["patientId", "text"],
        "properties": {
            "patientId": {"type": "string", "minLength": 1},
            "text": {"type": "string", "minLength": 1},
        },
    },
}
NEW_LABELS = ["GET /api/notes/{note_id}", "POST /api/notes"]


@pytest.fixture(scope="module")
def spec_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """specs/nuxera.yaml plus the two operations, as YAML (the spec) and JSON (what ships)."""
    folder = tmp_path_factory.mktemp("specs")
    doc = yaml.safe_load((ROOT / "specs" / "nuxera.yaml").read_text())
    doc["paths"].update(NEW_PATHS)
    doc["components"]["schemas"].update(NEW_SCHEMAS)
    source = folder / "nuxera.yaml"
    source.write_text(yaml.safe_dump(doc, sort_keys=False))
    codegen.write_spec_json(source, folder / "package" / "nuxera.json")
    return folder


@pytest.fixture(scope="module")
def new_op_sandbox(spec_copy: Path) -> Iterator[Sandbox]:
    with Sandbox(providers=["nuxera"], specs=spec_copy / "package") as sb:
        yield sb


def test_no_sandbox_code_handles_the_new_operations(new_op_sandbox: Sandbox) -> None:
    handwritten = {op.key for op in new_op_sandbox.provider("nuxera").operations()}
    assert handwritten.isdisjoint(NEW_LABELS)


def test_new_operations_are_served_from_the_spec(new_op_sandbox: Sandbox) -> None:
    cr = DEMO_CREDENTIALS["nuxera"]
    with httpx.Client(base_url=new_op_sandbox.base_url("nuxera"), timeout=10) as c:
        bearer = demo_login(str(c.base_url).rstrip("/"), "nuxera")
        assert c.get("/api/notes/7").status_code == 401
        assert c.get("/api/notes/7", headers={"x-api-key": "wrong"}).json() == {
            "error": "Unauthorized"
        }
        assert c.get("/api/notes/7", headers={"x-api-key": cr["api_key"]}).json() == NOTE
        auth = {"authorization": bearer["Authorization"]}
        assert c.get("/api/notes/7", headers=auth).json() == NOTE
        body = {"patientId": "patient-7", "text": "Seen today."}
        assert c.post("/api/notes", json=body).status_code == 401
        assert c.post("/api/notes", json={"text": 1}, headers=auth).status_code == 422
        created = c.post("/api/notes", json=body, headers=auth)
        assert created.status_code == 201
        assert created.json() == {
            "id": "string",
            "patientId": "patient-1",
            "text": "string",
            "createdAt": "2026-01-01T00:00:00Z",
        }


@pytest.mark.parametrize("label", NEW_LABELS)
def test_new_operation_passes_the_contract_checks(
    new_op_sandbox: Sandbox, spec_copy: Path, label: str
) -> None:
    base_url = new_op_sandbox.base_url("nuxera")
    schema = schemathesis.openapi.from_path(spec_copy / "nuxera.yaml")

    @schema.auth(refresh_interval=None)
    class DemoLogin:
        def get(self, case: Any, ctx: Any) -> dict[str, str]:
            return demo_login(base_url, "nuxera")

        def set(self, case: Any, data: dict[str, str], ctx: Any) -> None:
            case.headers = {**(case.headers or {}), **data}

    operation = schema.find_operation_by_label(label)
    assert operation is not None

    @given(case=operation.as_strategy())
    @settings(
        max_examples=25, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    def run(case: Any) -> None:
        case.call_and_validate(base_url=base_url, checks=CHECKS, timeout=10)

    before = new_op_sandbox.counters("nuxera").requests.get(label, 0)
    run()
    assert new_op_sandbox.counters("nuxera").requests[label] > before
