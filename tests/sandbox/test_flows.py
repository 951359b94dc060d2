"""Every provider's main flow over real HTTP, including the documented failure paths."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import httpx
import jwt
from keyhouse_sandbox import (
    BFOREAI_DEMO_API_KEY,
    BFOREAI_EXPIRED_CREDENTIALS,
    DEMO_CREDENTIALS,
    Sandbox,
)

from .conftest import login

Client = Callable[[str], httpx.Client]

WAV = b"RIFF\x24\x00\x00\x00WAVEfmt \x10\x00\x00\x00\x01\x00\x01\x00" + b"\x00" * 32


def _claims(token: str) -> dict[str, object]:
    claims: dict[str, object] = jwt.decode(token, options={"verify_signature": False})
    assert jwt.get_unverified_header(token)["alg"] == "HS256"
    return claims


def _bundle(*observations: tuple[str, str, float]) -> dict[str, object]:
    entries: list[dict[str, object]] = [
        {
            "fullUrl": "urn:uuid:p",
            "resource": {
                "resourceType": "Patient",
                "id": "p1",
                "gender": "female",
                "birthDate": "1970-01-01",
            },
        }
    ]
    for i, (code, when, value) in enumerate(observations):
        entries.append(
            {
                "fullUrl": f"urn:uuid:o{i}",
                "resource": {
                    "resourceType": "Observation",
                    "status": "final",
                    "code": {"coding": [{"system": "http://loinc.org", "code": code}]},
                    "effectiveDateTime": when,
                    "valueQuantity": {"value": value, "unit": "x"},
                },
            }
        )
    return {"resourceType": "Bundle", "type": "collection", "entry": entries}


def _ago(days: int) -> str:
    return (dt.datetime.now(dt.UTC) - dt.timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%SZ")


# ---------------------------------------------------------------------- CardioExplorer
def test_cardioexplorer_flow(sandbox: Sandbox, client: Client) -> None:
    c = client("cardioexplorer")
    cr = DEMO_CREDENTIALS["cardioexplorer"]
    r = c.post(
        "/api/organization-auth/authenticate",
        json={"clientId": cr["client_id"], "clientSecret": cr["client_secret"]},
    )
    env = r.json()
    assert r.status_code == 200
    assert env["status"] == "success"
    assert env["errors"] is None
    token = env["data"]["accessToken"]
    claims = _claims(token)
    assert claims["exp"] == claims["iat"] + 3600 == claims["iat"] + env["data"]["expiresIn"]
    h = {"authorization": f"Bearer {token}"}

    link = c.post("/api/auth/magic-links/generate", headers=h).json()["data"]["magicLink"]
    assert link.startswith(
        sandbox.base_url("cardioexplorer") + "/api/auth/magic-links/verify?token="
    )

    bundle = _bundle(
        ("2093-3", _ago(10), 240),
        ("8480-6", _ago(5), 150),
        ("2085-9", _ago(100), 40),
        ("9999-9", _ago(1), 1),
    )
    d = c.post("/api/fhir/draft-test", json=bundle, headers=h).json()
    assert d["success"] is True
    assert (d["itemsMapped"], d["itemsRejected"], d["itemsMissing"]) == (2, 2, 1)
    reasons = {i["code"]: i["rejectionReason"] for i in d["rejectedItems"]}
    assert reasons["2085-9"] == "Observation is older than 90 days"
    assert [i["name"] for i in d["missingItems"]] == ["Tobacco smoking status"]

    run = c.post(f"/api/ccs/v1/tests/{d['draftTestId']}/run", headers=h).json()
    again = c.post(f"/api/ccs/v1/tests/{d['draftTestId']}/run", headers=h).json()
    assert run["riskScore"] == again["riskScore"]
    assert 0 <= run["riskScore"] <= 1
    assert run["riskLevel"] in {"Very Low", "Low", "Moderate", "High", "Very High"}
    de = c.post(
        f"/api/ccs/v1/tests/{d['draftTestId']}/run", params={"language": "de"}, headers=h
    ).json()
    assert de["riskLevel"] != run["riskLevel"]
    assert de["riskScore"] == run["riskScore"]
    report = c.get(f"/api/ccs/v1/tests/{d['draftTestId']}/result", headers=h).json()
    assert report["testId"] == d["draftTestId"]
    assert report["patientInfo"]["gender"] == "female"


def test_cardioexplorer_other_organisations_test_is_forbidden(
    sandbox: Sandbox, client: Client
) -> None:
    """403 for another organisation's test, on run and result alike (both declare it)."""
    c = client("cardioexplorer")
    other = {"clientId": "87654321-4321-4321-4321-cba987654321", "clientSecret": "other-secret"}
    cardio = sandbox.provider("cardioexplorer")
    cardio.clients[other["clientId"]] = other["clientSecret"]  # type: ignore[attr-defined]
    try:
        mine = login(c, "cardioexplorer")
        r = c.post("/api/organization-auth/authenticate", json=other)
        theirs = {"authorization": "Bearer " + r.json()["data"]["accessToken"]}
        bundle = _bundle(("2093-3", _ago(10), 240), ("8480-6", _ago(5), 150))
        test_id = c.post("/api/fhir/draft-test", json=bundle, headers=mine).json()["draftTestId"]
        assert c.post(f"/api/ccs/v1/tests/{test_id}/run", headers=mine).status_code == 200
        assert c.post(f"/api/ccs/v1/tests/{test_id}/run", headers=theirs).status_code == 403
        assert c.get(f"/api/ccs/v1/tests/{test_id}/result", headers=theirs).status_code == 403
        assert c.get(f"/api/ccs/v1/tests/{test_id}/result", headers=mine).status_code == 200
    finally:
        cardio.clients.pop(other["clientId"])  # type: ignore[attr-defined]


def test_cardioexplorer_failures(client: Client) -> None:
    c = client("cardioexplorer")
    cr = DEMO_CREDENTIALS["cardioexplorer"]
    bad = c.post(
        "/api/organization-auth/authenticate",
        json={"clientId": cr["client_id"], "clientSecret": "wrong"},
    )
    assert bad.status_code == 401
    assert bad.json()["status"] == "error"
    malformed = c.post("/api/organization-auth/authenticate", json={"clientId": "not-a-guid"})
    assert malformed.status_code == 400
    assert malformed.json()["data"] is None
    assert c.post("/api/fhir/draft-test", json={}).json() == {
        "success": False,
        "message": "User not authenticated",
    }
    h = login(c, "cardioexplorer")
    invalid = c.post(
        "/api/fhir/draft-test", json={"resourceType": "Bundle", "type": "x", "entry": []}, headers=h
    )
    assert invalid.status_code == 400
    assert invalid.json()["message"] == "validation failed"
    assert c.post("/api/ccs/v1/tests/nope/run", headers=h).status_code == 404
    d = c.post("/api/fhir/draft-test", json=_bundle(("2093-3", _ago(1), 200)), headers=h).json()
    assert c.get(f"/api/ccs/v1/tests/{d['draftTestId']}/result", headers=h).status_code == 404


# ---------------------------------------------------------------------- bfore.ai
def test_bforeai_flow(client: Client) -> None:
    c = client("bforeai")
    r = c.post("/user/login", json=DEMO_CREDENTIALS["bforeai"])
    assert r.status_code == 200
    body = r.json()
    assert set(body) == {
        "Id",
        "Created",
        "Username",
        "Email",
        "Firstname",
        "Lastname",
        "Token",
        "PasswordExpiration",
    }
    claims = _claims(body["Token"])
    assert claims["exp"] == claims["iat"] + 3600
    h = {"authorization": f"Bearer {body['Token']}"}
    added = c.post("/authheader/add", json={"name": "ci"}, headers=h).json()
    listed = c.get("/authheader/list", headers=h).json()
    assert {x["token"] for x in listed} == {added["token"], BFOREAI_DEMO_API_KEY}
    feed = c.get(
        "/v2/feed/intel",
        params={"size": 5, "min_score": 0.9},
        headers={"X-Authorization": added["token"]},
    )
    assert feed.status_code == 200
    assert all(i["score"] >= 0.9 for i in feed.json()["items"])
    assert c.post("/authheader/delete", json={"text": added["token"]}, headers=h).json() == {
        "message": "Success"
    }
    assert c.get("/v2/feed/intel", headers={"X-Authorization": added["token"]}).status_code == 401
    renewed = c.get("/user/renew", headers=h).json()["Token"]
    assert renewed != body["Token"]
    assert c.get("/user/logout", headers=h).json() == {"message": "User logged out"}
    assert c.get("/authheader/list", headers=h).status_code == 401
    assert (
        c.get("/authheader/list", headers={"authorization": f"Bearer {renewed}"}).status_code == 200
    )


def test_bforeai_wrong_and_expired_passwords(sandbox: Sandbox, client: Client) -> None:
    c = client("bforeai")
    assert c.post("/user/login", json={"username": "john.doe", "password": "x"}).status_code == 401
    r = c.post("/user/login", json=BFOREAI_EXPIRED_CREDENTIALS)
    assert r.status_code == 403
    assert r.json()["message"] == "Password expired"
    assert r.json()["PasswordExpiration"] == "2025-01-31T00:00:00"
    provider = sandbox.provider("bforeai")
    provider.add_account("jane", "pw", password_expired=True)  # type: ignore[attr-defined]
    assert c.post("/user/login", json={"username": "jane", "password": "pw"}).status_code == 403
    provider.set_password_expired("jane", False)  # type: ignore[attr-defined]
    assert c.post("/user/login", json={"username": "jane", "password": "pw"}).status_code == 200


# ---------------------------------------------------------------------- IMIASSIST
def test_imiassist_token_chain(sandbox: Sandbox, client: Client) -> None:
    c = client("imiassist")
    r = c.post("/api/v1/auth/login", json=DEMO_CREDENTIALS["imiassist"]).json()
    access = r["access"]
    payload = jwt.utils.base64url_decode(access.split(".")[1].encode()).decode()
    assert payload.startswith('{"type":"access","exp":')
    h = {"authorization": f"Bearer {access}"}
    assert c.get("/api/v1/auth/token", headers=h).status_code == 404
    sandbox.set_lifetime("imiassist", api_token=30)
    first = c.post("/api/v1/auth/token", headers=h).json()
    assert len(first["token"]) == 64
    # the documented output names: token, Created_at, Expires_at (Get New Token)
    assert set(first) == {"api_key", "token", "Created_at", "Expires_at"}
    created = dt.datetime.fromisoformat(first["Created_at"])
    assert dt.datetime.fromisoformat(first["Expires_at"]) - created == dt.timedelta(seconds=30)
    k = {"x-api-key": first["api_key"], "x-api-token": first["token"]}
    assert c.post("/api/v1/contacts", json={"first_name": "A"}, headers=k).status_code == 201
    sandbox.faults("imiassist").clock_skew(31)  # past Expires_at by the provider's clock
    assert c.post("/api/v1/contacts", json={"first_name": "A"}, headers=k).status_code == 401
    existing = c.get("/api/v1/auth/token", headers=h).json()  # expired, still returned
    # Get Existing Token documents `Token` (capital T) for the same value
    assert existing == {**{k: v for k, v in first.items() if k != "token"}, "Token": first["token"]}
    assert c.post("/api/v1/contacts", json={}, headers={"x-api-key": first["api_key"]}).json() == {
        "detail": "Authentication credentials were not provided."
    }
    assert (
        c.post("/api/v1/auth/token", headers={"authorization": "Bearer x.y.z"}).status_code == 401
    )


def test_imiassist_business_operations(client: Client) -> None:
    c = client("imiassist")
    k = login(c, "imiassist")
    cid = c.post("/api/v1/contacts", json={"first_name": "Jane"}, headers=k).json()["contact_id"]
    assert c.put(f"/api/v1/contacts/{cid}", json={"phone_number": "+44"}, headers=k).json() == {
        "contact_id": cid
    }
    appt = c.post(
        "/api/v1/appointments",
        json={"contact_id": cid, "start_time": "2026-07-14T09:00:00+01:00"},
        headers=k,
    )
    assert appt.status_code == 201
    cancelled = c.delete(f"/api/v1/appointments/{appt.json()['uid']}", headers=k).json()
    assert cancelled["status"] == "cancelled"
    assert c.delete(f"/api/v1/contacts/{cid}", headers=k).status_code == 200
    assert c.delete(f"/api/v1/contacts/{cid}", headers=k).status_code == 404


# ---------------------------------------------------------------------- Ovok
def test_ovok_login_refresh_rotation_and_revoke(client: Client) -> None:
    c = client("ovok")
    cr = DEMO_CREDENTIALS["ovok"]
    r = c.post(
        "/v2/auth/login",
        json={"email": cr["email"], "password": cr["password"], "clientId": cr["client_id"]},
    ).json()
    assert r["expiresIn"] == 3600
    assert _claims(r["accessToken"])["type"] == "access"
    first_refresh = r["refreshToken"]
    new = c.post("/auth/refresh-token", json={"refresh_token": first_refresh})
    assert new.status_code == 200
    assert set(new.json()) == {
        "access_token",
        "refresh_token",
        "expires_in",
    }
    reused = c.post("/auth/refresh-token", json={"refresh_token": first_refresh})
    assert reused.status_code == 401
    assert reused.json()["statusCode"] == 401
    access = new.json()["access_token"]
    h = {"authorization": f"Bearer {access}"}
    assert len(c.get("/auth/session", headers=h).json()["sessions"]) == 1
    assert c.delete("/auth/session/current", headers=h).json() == {"success": True}
    assert c.get("/auth/session", headers=h).status_code == 401
    assert (
        c.get("/auth/session", headers={"authorization": "Bearer " + r["accessToken"]}).status_code
        == 401
    )
    assert (
        c.post(
            "/auth/refresh-token", json={"refresh_token": new.json()["refresh_token"]}
        ).status_code
        == 401
    )


def test_ovok_errors_are_nestjs_style(client: Client) -> None:
    c = client("ovok")
    cr = DEMO_CREDENTIALS["ovok"]
    bad = c.post(
        "/v2/auth/login", json={"email": cr["email"], "password": "x", "clientId": cr["client_id"]}
    )
    assert bad.status_code == 401
    assert bad.json() == {
        "statusCode": 401,
        "message": "Invalid email or password",
        "error": "Unauthorized",
    }
    # the Login page: 400 "could not be operated", 422 "could not be validated"
    invalid = c.post("/v2/auth/login", json={"email": 1})
    assert invalid.status_code == 422
    assert invalid.json()["error"] == "Unprocessable Entity"
    assert isinstance(invalid.json()["message"], list)
    malformed = c.post(
        "/v2/auth/login", content=b'{"email": ', headers={"content-type": "application/json"}
    )
    assert malformed.status_code == 400
    assert malformed.json()["error"] == "Bad Request"
    unknown = c.post(
        "/v2/auth/login",
        json={
            "email": cr["email"],
            "password": cr["password"],
            "clientId": "00000000-0000-0000-0000-000000000000",
        },
    )
    assert unknown.status_code == 404


def test_ovok_revoke_other_sessions(client: Client) -> None:
    c = client("ovok")
    a, b = login(c, "ovok"), login(c, "ovok")
    assert len(c.get("/auth/session", headers=a).json()["sessions"]) == 2
    assert c.delete("/auth/session/other", headers=a).status_code == 200
    assert c.get("/auth/session", headers=b).status_code == 401
    assert c.get("/auth/session", headers=a).status_code == 200


# ---------------------------------------------------------------------- Nuxera
def test_nuxera_flow(client: Client) -> None:
    c = client("nuxera")
    cr = DEMO_CREDENTIALS["nuxera"]
    r = c.post("/api/auth/login", json={"username": cr["username"], "password": cr["password"]})
    claims = _claims(r.json()["token"])
    assert claims["exp"] == claims["iat"] + 86400
    h = {"authorization": "Bearer " + r.json()["token"]}
    assert c.get("/api/auth/me", headers=h).json()["email"] == "doctor.smith@example.com"
    files = {"audio": ("a.wav", WAV, "audio/wav")}
    one = c.post("/api/transcribe", files=files, headers={"x-api-key": cr["api_key"]}).json()
    two = c.post("/api/transcribe", files=files, headers=h).json()
    assert one == two
    assert "Chief Complaint" in one["classifiedInfo"]
    other = c.post(
        "/api/transcribe", files={"audio": ("b.wav", WAV + b"\x01\x02", "audio/wav")}, headers=h
    ).json()
    assert isinstance(other["transcription"], str)
    d = c.post("/api/dictate", files=files, headers={"x-api-key": cr["api_key"]}).json()
    assert d["dictation"]
    assert d["rawText"]
    assert d["timestamp"] > 1_700_000_000_000


def test_nuxera_failures(client: Client) -> None:
    c = client("nuxera")
    assert c.post(
        "/api/auth/login", json={"username": "doctor.smith", "password": "no"}
    ).json() == {"error": "Authentication failed", "message": "Invalid username or password"}
    files = {"audio": ("a.wav", WAV, "audio/wav")}
    assert c.post("/api/transcribe", files=files).status_code == 401
    assert (
        c.post("/api/transcribe", files=files, headers={"x-api-key": "wrong"}).json()["message"]
        == "Invalid API key"
    )
    h = login(c, "nuxera")
    assert c.post("/api/dictate", data={"doctorName": "x"}, headers=h).json() == {
        "error": "No audio provided"
    }
    assert (
        c.post(
            "/api/dictate", files={"audio": ("a.txt", b"hello", "text/plain")}, headers=h
        ).status_code
        == 400
    )
    assert c.get("/api/auth/me").status_code == 401


# ---------------------------------------------------------------------- OAuth2 (benchmarks)
def test_oauth2_client_credentials(sandbox: Sandbox) -> None:
    cr = DEMO_CREDENTIALS["oauth2"]
    with httpx.Client(base_url=sandbox.base_url("oauth2")) as c:
        basic = c.post(
            "/token",
            data={"grant_type": "client_credentials"},
            auth=(cr["client_id"], cr["client_secret"]),
        ).json()
        form = c.post("/token", data={"grant_type": "client_credentials", **cr}).json()
        assert basic["token_type"] == "Bearer"
        assert basic["expires_in"] == 3600
        assert form["access_token"] != basic["access_token"]
        assert c.post("/token", data={"grant_type": "password"}).status_code == 400
        assert (
            c.post("/token", data={"grant_type": "client_credentials"}, auth=("x", "y")).status_code
            == 401
        )
        h = {"authorization": "Bearer " + basic["access_token"]}
        assert c.get("/resource", headers=h).json() == {"ok": True}
        assert c.get("/resource").status_code == 401
    assert sandbox.counters("oauth2").logins == 2
