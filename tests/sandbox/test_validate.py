"""The response validator: off-spec answers are recorded; deliberate fault answers are not.

Each test provokes violations on purpose against a sandbox serving an edited spec copy and
takes them out of the recorder (``RECORDER.take``), so the suite-wide check does not fail it.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from keyhouse_sandbox import Sandbox
from keyhouse_sandbox._spec import load_spec
from keyhouse_sandbox._validate import RECORDER
from keyhouse_sandbox.providers import PROVIDERS


def _write(folder: Path, provider: str, document: dict[str, Any]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{provider}.json").write_text(json.dumps(document))
    return folder


def _packaged(provider: str) -> dict[str, Any]:
    spec = load_spec(provider)
    assert spec is not None
    return copy.deepcopy(dict(spec.document))


def test_packaged_specs_are_the_repository_specs() -> None:
    import yaml

    root = Path(__file__).resolve().parents[2]
    for provider in PROVIDERS:
        spec = load_spec(provider)
        assert spec is not None
        text = (root / "specs" / f"{provider}.yaml").read_text()
        assert spec.document == json.loads(json.dumps(yaml.safe_load(text), default=str))


def test_an_undeclared_status_is_a_violation(tmp_path: Path) -> None:
    doc = _packaged("nuxera")
    del doc["paths"]["/api/auth/me"]["get"]["responses"]["401"]
    folder = _write(tmp_path, "nuxera", doc)
    with Sandbox(providers=["nuxera"], specs=folder, validate=True) as sb:
        mark = RECORDER.mark()
        before = RECORDER.validated
        assert httpx.get(sb.base_url("nuxera") + "/api/auth/me").status_code == 401
        found = RECORDER.take(mark)
    assert RECORDER.validated == before + 1
    assert [v.status for v in found] == [401]
    assert "status 401 is not declared (declared: 200)" in str(found[0])


def test_a_body_that_breaks_the_schema_is_a_violation(tmp_path: Path) -> None:
    doc = _packaged("nuxera")
    doc["components"]["schemas"]["LoginResponse"]["required"].append("refreshToken")
    folder = _write(tmp_path, "nuxera", doc)
    with Sandbox(providers=["nuxera"], specs=folder, validate=True) as sb:
        mark = RECORDER.mark()
        r = httpx.post(
            sb.base_url("nuxera") + "/api/auth/login",
            json={"username": "doctor.smith", "password": "secure-password"},
        )
        assert r.status_code == 200
        found = RECORDER.take(mark)
    assert len(found) == 1
    assert "'refreshToken' is a required property" in str(found[0])


def test_a_request_matching_no_operation_is_a_violation() -> None:
    with Sandbox(providers=["ovok"], validate=True) as sb:
        mark = RECORDER.mark()
        assert httpx.get(sb.base_url("ovok") + "/no/such/operation").status_code == 404
        found = RECORDER.take(mark)
    assert [p for v in found for p in v.problems] == [
        "no operation of the spec matches this request"
    ]


def test_deliberate_faults_are_not_judged_but_declared_fault_statuses_are() -> None:
    with Sandbox(providers=["cardioexplorer"], validate=True) as sb:
        url = sb.base_url("cardioexplorer") + "/api/organization-auth/authenticate"
        mark, excused, validated = RECORDER.mark(), RECORDER.excused, RECORDER.validated
        faults = sb.faults("cardioexplorer")
        faults.malformed_json(1).wrong_shape(1).html_error(1)
        for _ in range(3):
            httpx.post(url, json={})
        faults.fail_5xx(1, status=503)  # 503 is not declared: a fault, excused
        assert httpx.post(url, json={}).status_code == 503
        faults.fail_5xx(1, status=500)  # 500 is declared: its body must match (and does)
        assert httpx.post(url, json={}).status_code == 500
        faults.drop_connections(1)
        with pytest.raises(httpx.HTTPError):
            httpx.post(url, json={})
        assert RECORDER.take(mark) == []
    assert RECORDER.excused - excused == 5
    assert RECORDER.validated - validated == 1


def test_validation_is_off_unless_asked(tmp_path: Path) -> None:
    doc = _packaged("nuxera")
    del doc["paths"]["/api/auth/me"]["get"]["responses"]["401"]
    folder = _write(tmp_path, "nuxera", doc)
    with Sandbox(providers=["nuxera"], specs=folder, validate=False) as sb:
        mark, validated = RECORDER.mark(), RECORDER.validated
        assert httpx.get(sb.base_url("nuxera") + "/api/auth/me").status_code == 401
        assert RECORDER.take(mark) == []
    assert RECORDER.validated == validated


def test_a_field_the_spec_does_not_document_is_a_violation(tmp_path: Path) -> None:
    doc = _packaged("nuxera")
    del doc["components"]["schemas"]["LoginUser"]["properties"]["role"]
    folder = _write(tmp_path, "nuxera", doc)
    with Sandbox(providers=["nuxera"], specs=folder, validate=True) as sb:
        mark = RECORDER.mark()
        r = httpx.post(
            sb.base_url("nuxera") + "/api/auth/login",
            json={"username": "doctor.smith", "password": "secure-password"},
        )
        assert r.json()["user"]["role"] == "physician"
        found = RECORDER.take(mark)
    assert len(found) == 1
    assert "$.user: Additional properties are not allowed ('role' was unexpected)" in str(found[0])
