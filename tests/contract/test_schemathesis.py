"""Schemathesis against the sandbox: every operation of every spec conforms to its spec.

Each spec is loaded with schemathesis' Python API; an auth hook logs in with the demo
credentials before every generated case (tokens may be revoked by logout / session revoke
cases, so nothing is cached). Checks: no server error, documented status codes, documented
content types, and response bodies valid against the response schemas.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from keyhouse_sandbox import DEMO_CREDENTIALS, PROVIDERS, Sandbox
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

ROOT = Path(__file__).resolve().parents[2]
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
MAX_EXAMPLES = 25


@pytest.fixture(scope="module")
def contract_sandbox() -> Iterator[Sandbox]:
    with Sandbox() as sb:
        yield sb


def demo_login(base_url: str, provider: str) -> dict[str, str]:
    """Headers for every scheme the provider's operations accept, from a fresh demo login."""
    cr = DEMO_CREDENTIALS[provider]
    with httpx.Client(base_url=base_url, timeout=10) as c:
        if provider == "cardioexplorer":
            r = c.post(
                "/api/organization-auth/authenticate",
                json={
                    "clientId": cr["client_id"],
                    "clientSecret": cr["client_secret"],
                    "scope": cr["scope"],
                },
            )
            return {"Authorization": "Bearer " + r.json()["data"]["accessToken"]}
        if provider == "bforeai":
            r = c.post("/user/login", json=cr)
            return {"Authorization": "Bearer " + r.json()["Token"]}
        if provider == "imiassist":
            r = c.post("/api/v1/auth/login", json=cr)
            access = {"Authorization": "Bearer " + r.json()["access"]}
            t = c.post("/api/v1/auth/token", headers=access).json()
            return {**access, "X-Api-Key": t["api_key"], "X-Api-Token": t["token"]}
        if provider == "ovok":
            r = c.post(
                "/v2/auth/login",
                json={
                    "email": cr["email"],
                    "password": cr["password"],
                    "clientId": cr["client_id"],
                },
            )
            return {"Authorization": "Bearer " + r.json()["accessToken"]}
        r = c.post("/api/auth/login", json={"username": cr["username"], "password": cr["password"]})
        return {"Authorization": "Bearer " + r.json()["token"], "x-api-key": cr["api_key"]}


def _schema(provider: str) -> Any:
    return schemathesis.openapi.from_path(ROOT / "specs" / f"{provider}.yaml")


def _labels() -> list[tuple[str, str]]:
    out = []
    for provider in PROVIDERS:
        for result in _schema(provider).get_all_operations():
            out.append((provider, result.ok().label))
    return out


@pytest.mark.parametrize(("provider", "label"), _labels(), ids=str)
def test_operation_conforms(contract_sandbox: Sandbox, provider: str, label: str) -> None:
    base_url = contract_sandbox.base_url(provider)
    schema = _schema(provider)

    @schema.auth(refresh_interval=None)
    class DemoLogin:
        """The auth hook: log in with the demo credentials for each case."""

        def get(self, case: Any, ctx: Any) -> dict[str, str]:
            return demo_login(base_url, provider)

        def set(self, case: Any, data: dict[str, str], ctx: Any) -> None:
            if case.operation.definition.raw.get("security") == []:
                return
            case.headers = {**(case.headers or {}), **data}

    operation = schema.find_operation_by_label(label)
    assert operation is not None

    @given(case=operation.as_strategy())
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        case.call_and_validate(base_url=base_url, checks=CHECKS, timeout=10)

    before = contract_sandbox.counters(provider).logins
    run()
    if operation.definition.raw.get("security") != []:
        # the auth hook ran: cases were sent with fresh demo credentials
        assert contract_sandbox.counters(provider).logins > before
