"""The sandbox's token lifetimes are its specs' ``x-keyhouse.lifetimes`` (issue 9): the ones
keyhouse reads, so the two cannot disagree (as IMIASSIST's access token once did, 300 s against
900 s), and a lifetime edited in a spec is what the sandbox issues, with no Python edit.

What is checked is what goes over the wire: each JWT's ``exp - iat``, each ``expiresIn``, each
expiry timestamp.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path
from typing import Any

import httpx
import jwt
import pytest
import yaml
from keyhouse_sandbox import DEMO_CREDENTIALS, PROVIDERS, Sandbox
from keyhouse_sandbox._spec import load_spec
from keyhouse_sandbox.providers.nuxera import Nuxera

ROOT = Path(__file__).resolve().parents[2]


def _spec(provider: str) -> dict[str, Any]:
    """The repository's ``specs/<provider>.yaml``."""
    document: dict[str, Any] = yaml.safe_load(
        (ROOT / "specs" / f"{provider}.yaml").read_text(encoding="utf-8")
    )
    return document


def _spec_lifetimes(provider: str) -> dict[str, int]:
    lifetimes: dict[str, int] = _spec(provider)["x-keyhouse"]["lifetimes"]
    return lifetimes


def _lifetime(token: str) -> int:
    claims = jwt.decode(token, options={"verify_signature": False})
    return int(claims["exp"]) - int(claims["iat"])


def _at(stamp: str) -> float:
    return dt.datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp()


def _issued(sb: Sandbox, provider: str, answers: dict[str, Any] | None = None) -> dict[str, float]:
    """Token kind -> the lifetime in seconds the sandbox's answers show for it; ``answers``
    collects the bodies by operationId."""
    cr = DEMO_CREDENTIALS[provider]
    answers = {} if answers is None else answers
    seen: dict[str, float] = {}
    with httpx.Client(base_url=sb.base_url(provider), timeout=10) as c:
        if provider == "cardioexplorer":
            answers["authenticate"] = c.post(
                "/api/organization-auth/authenticate",
                json={
                    "clientId": cr["client_id"],
                    "clientSecret": cr["client_secret"],
                    "scope": cr["scope"],
                },
            ).json()
            r = answers["authenticate"]["data"]
            assert _lifetime(r["accessToken"]) == r["expiresIn"]
            seen["access"] = r["expiresIn"]
            before = time.time()
            link = c.post(
                "/api/auth/magic-links/generate",
                headers={"authorization": "Bearer " + r["accessToken"]},
            ).json()["data"]
            seen["magic_link"] = _at(link["expiresAt"]) - before
        elif provider == "bforeai":
            answers["login"] = c.post("/user/login", json=cr).json()
            token = answers["login"]["Token"]
            seen["access"] = _lifetime(token)
            renewed = c.get("/user/renew", headers={"authorization": "Bearer " + token})
            answers["renew_token"] = renewed.json()
        elif provider == "imiassist":
            r = answers["authenticate"] = c.post("/api/v1/auth/login", json=cr).json()
            seen["access"], seen["refresh"] = _lifetime(r["access"]), _lifetime(r["refresh"])
            t = answers["get_new_token"] = c.post(
                "/api/v1/auth/token", headers={"authorization": "Bearer " + r["access"]}
            ).json()
            seen["api_token"] = _at(t["Expires_at"]) - _at(t["Created_at"])
        elif provider == "ovok":
            body = {"email": cr["email"], "password": cr["password"], "clientId": cr["client_id"]}
            r = answers["login"] = c.post("/v2/auth/login", json=body).json()
            assert _lifetime(r["accessToken"]) == r["expiresIn"]
            seen["access"], seen["refresh"] = r["expiresIn"], _lifetime(r["refreshToken"])
            rotated = c.post("/auth/refresh-token", json={"refresh_token": r["refreshToken"]})
            answers["refresh_token"] = rotated.json()
            assert rotated.json()["expires_in"] == r["expiresIn"]
            assert _lifetime(rotated.json()["refresh_token"]) == seen["refresh"]
        elif provider == "nuxera":
            body = {"username": cr["username"], "password": cr["password"]}
            seen["access"] = _lifetime(c.post("/api/auth/login", json=body).json()["token"])
            nuxera = sb.provider("nuxera")
            assert isinstance(nuxera, Nuxera)
            nuxera.staging = True
            r = answers["login"] = c.post("/api/auth/login", json=body).json()
            refreshed = c.post("/api/auth/refresh", json={"refreshToken": r["refreshToken"]})
            answers["refresh_token"] = refreshed.json()
            seen["staging_access"] = _lifetime(r["token"])
            seen["refresh"] = _lifetime(r["refreshToken"])
            assert _at(r["refreshTokenExpiresAt"]) - _at(r["expiresAt"]) == (
                seen["refresh"] - seen["staging_access"]
            )
        else:
            raise AssertionError(provider)
    return seen


@pytest.mark.parametrize("provider", PROVIDERS)
def test_the_sandbox_issues_the_lifetimes_of_the_spec(sandbox: Sandbox, provider: str) -> None:
    expected = _spec_lifetimes(provider)
    assert sandbox.lifetimes(provider) == expected
    # every lifetime the spec names is one the sandbox issues, and no other
    assert _issued(sandbox, provider) == pytest.approx(expected, abs=2)


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_lifetime_edited_in_the_spec_is_what_the_sandbox_issues(
    tmp_path: Path, provider: str
) -> None:
    spec = load_spec(provider)
    assert spec is not None
    document: dict[str, Any] = json.loads(json.dumps(spec.document))
    original = document["x-keyhouse"]["lifetimes"]
    edited = {kind: 600 + 60 * i for i, kind in enumerate(sorted(original))}
    assert all(edited[kind] != seconds for kind, seconds in original.items())
    document["x-keyhouse"]["lifetimes"] = edited
    (tmp_path / f"{provider}.json").write_text(json.dumps(document), encoding="utf-8")

    with Sandbox(providers=[provider], specs=tmp_path) as sb:
        assert sb.lifetimes(provider) == edited
        assert _issued(sb, provider) == pytest.approx(edited, abs=2)
        # a test's own lifetime is undone back to the edited spec's, not to a Python default
        sb.set_lifetime(provider, access=5)
        sb.reset(provider, state=True)
        assert sb.lifetimes(provider) == edited


def _get(body: Any, path: str) -> Any:
    for part in path.split("."):
        body = body[part] if isinstance(body, dict) and part in body else None
    return body


@pytest.mark.parametrize("provider", PROVIDERS)
def test_the_tokens_are_where_the_spec_answers_read_them(sandbox: Sandbox, provider: str) -> None:
    """Every role of every x-keyhouse login and refresh answer is in the sandbox's answer, at
    one of the spec's spellings (the first one, except where the sandbox plays another)."""
    answers: dict[str, Any] = {}
    _issued(sandbox, provider, answers)
    keyhouse = _spec(provider)["x-keyhouse"]
    steps = [*keyhouse["login"], *([keyhouse["refresh"]] if "refresh" in keyhouse else [])]
    for step in steps:
        body = answers[step["operationId"]]
        for role, paths in step["answer"].items():
            spellings = [paths] if isinstance(paths, str) else paths
            found = [p for p in spellings if _get(body, p) is not None]
            assert found, f"{step['operationId']} answers no {role} at {spellings}: {body}"
