"""IMIASSIST's outputs in the document's spellings (issue 14.2).

The page names the node outputs ``REFRESH``/``ACCESS`` and ``token``/``Token``, ``Created_at``,
``Expires_at``; the JSON keys are not public. keyhouse reads either spelling. The sandbox
answers the API-token operations in the documented spellings (exercised end to end here); the
login's upper-case spelling is fed to the strategy directly (the sandbox answers SimpleJWT's
lower case there).
"""

from __future__ import annotations

import base64
import json
import time
from typing import Any

import httpx
import pytest
from keyhouse import Keyhouse, ProtocolError
from keyhouse._credential import Credential
from keyhouse._registry import entry
from keyhouse._settings import ProviderSettings
from keyhouse_sandbox import DEMO_CREDENTIALS, Sandbox, env_for


def _jwt(exp: float) -> str:
    def part(obj: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()

    return f"{part({'typ': 'JWT', 'alg': 'HS256'})}.{part({'type': 'access', 'exp': exp})}.sig"


def _run(bodies: list[dict[str, Any]]) -> Credential:
    strategy = entry("imiassist").build_strategy(
        ProviderSettings(
            name="imiassist",
            base_url="https://healthcarecomms.eclinic.org.uk",
            values={"email": "user@example.org", "password": "pw"},
        )
    )
    flow = strategy.obtain(None)
    request = next(flow)
    result: object = None
    try:
        for body in bodies:
            request = flow.send(httpx.Response(200, json=body, request=request))
    except StopIteration as stop:
        result = stop.value
    assert isinstance(result, Credential), "the flow did not end with a credential"
    return result


def test_login_outputs_in_the_documented_spelling() -> None:
    access = _jwt(time.time() + 900)
    expires = time.time() + 3600
    credential = _run(
        [
            {"REFRESH": "refresh-token", "ACCESS": access},
            {
                "api_key": "k",
                "Token": "ab" * 32,
                "Created_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "Expires_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(expires)),
            },
        ]
    )
    assert credential.token == "ab" * 32
    assert credential.extra["access"] == access
    assert credential.expires_at is not None
    assert abs(credential.expires_at - expires) < 2


def test_a_missing_output_names_both_spellings() -> None:
    with pytest.raises(ProtocolError, match="'ACCESS' or 'access'"):
        _run([{"REFRESH": "refresh-token"}])


def test_sandbox_answers_in_the_documented_spelling(sandbox: Sandbox) -> None:
    with httpx.Client(base_url=sandbox.base_url("imiassist")) as c:
        access = c.post("/api/v1/auth/login", json=DEMO_CREDENTIALS["imiassist"]).json()["access"]
        h = {"authorization": f"Bearer {access}"}
        assert set(c.post("/api/v1/auth/token", headers=h).json()) == {
            "api_key",
            "token",
            "Created_at",
            "Expires_at",
        }
        assert set(c.get("/api/v1/auth/token", headers=h).json()) == {
            "api_key",
            "Token",
            "Created_at",
            "Expires_at",
        }
    with Keyhouse.from_env(env_for("imiassist", sandbox.base_url("imiassist"))) as kh:
        assert len(kh.token("imiassist")) == 64
