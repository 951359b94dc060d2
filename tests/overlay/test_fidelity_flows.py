"""Documented behaviour the token flows use (issue 14.3, 14.7)."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest
from keyhouse import Keyhouse
from keyhouse.providers.declared import password_expiry
from keyhouse_sandbox import DEMO_CREDENTIALS, Sandbox, env_for


def _ovok_login_body() -> dict[str, str]:
    cr = DEMO_CREDENTIALS["ovok"]
    return {"email": cr["email"], "password": cr["password"], "clientId": cr["client_id"]}


# --- 14.3 Ovok: the cURL example's /auth/login ------------------------------------------------


def test_ovok_curl_example_path_logs_in(sandbox: Sandbox) -> None:
    """The Login page's cURL example posts to /auth/login (no /v2): the sandbox answers it."""
    with httpx.Client(base_url=sandbox.base_url("ovok")) as c:
        r = c.post("/auth/login", json=_ovok_login_body())
        assert r.status_code == 200, r.text
        session = c.get(
            "/auth/session", headers={"authorization": f"Bearer {r.json()['accessToken']}"}
        )
        assert session.status_code == 200


def test_ovok_falls_back_to_the_curl_path_on_404(sandbox: Sandbox) -> None:
    """A host without /v2/auth/login (404) is asked at /auth/login, and first from then on."""
    sandbox.provider("ovok").v2_login = False  # type: ignore[attr-defined]
    with Keyhouse.from_env(env_for("ovok", sandbox.base_url("ovok"))) as kh:
        token = kh.token("ovok")
        with httpx.Client(base_url=sandbox.base_url("ovok")) as c:
            r = c.get("/auth/session", headers={"authorization": f"Bearer {token}"})
            assert r.status_code == 200
        requests = sandbox.counters("ovok").requests
        assert requests["POST /v2/auth/login"] == 1
        assert requests["POST /auth/login"] == 1
        with httpx.Client(base_url=sandbox.base_url("ovok")) as c:  # revokes the refresh token too
            r = c.delete("/auth/session/all", headers={"authorization": f"Bearer {token}"})
            assert r.is_success, r.text
        kh.invalidate("ovok")
        assert kh.token("ovok") != token
        requests = sandbox.counters("ovok").requests
        assert requests["POST /v2/auth/login"] == 1, "the working path is asked first"
        assert requests["POST /auth/login"] == 2


# --- 14.7 bfore.ai: an upcoming PasswordExpiration in a 200 -----------------------------------


def _bforeai_login(sandbox: Sandbox, expiration: str, caplog: pytest.LogCaptureFixture) -> str:
    bforeai = sandbox.provider("bforeai")
    bforeai.add_account("soon.user", "Soon-Pass-123", password_expiration=expiration)  # type: ignore[attr-defined]
    env = env_for(
        "bforeai",
        sandbox.base_url("bforeai"),
        {"username": "soon.user", "password": "Soon-Pass-123"},
    )
    with caplog.at_level("WARNING", logger="keyhouse"), Keyhouse.from_env(env) as kh:
        assert kh.token("bforeai")
        kh.invalidate("bforeai")
        assert kh.token("bforeai")  # a second login with the same expiry: no second warning
    return caplog.text


def _zoneless(seconds_ahead: float) -> str:
    when = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=seconds_ahead)
    return when.strftime("%Y-%m-%dT%H:%M:%S")


def test_bforeai_warns_before_the_password_expires(
    sandbox: Sandbox, caplog: pytest.LogCaptureFixture
) -> None:
    expiration = _zoneless(3 * 86400)
    text = _bforeai_login(sandbox, expiration, caplog)
    # (the word "password" itself may be redacted: the IMIASSIST demo password is "password")
    assert "'soon.user' expires at " + expiration in text
    assert text.count("expires at") == 1
    assert "Soon-Pass-123" not in text


@pytest.mark.parametrize("expiration", ["0001-01-01T00:00:00", "far"], ids=["never", "in-90-days"])
def test_bforeai_no_warning_when_far_or_never(
    sandbox: Sandbox, caplog: pytest.LogCaptureFixture, expiration: str
) -> None:
    value = _zoneless(90 * 86400) if expiration == "far" else expiration
    assert "expires at" not in _bforeai_login(sandbox, value, caplog)


def test_bforeai_password_expiry_reads_zoned_and_zoneless_values() -> None:
    assert (
        password_expiry("2024-06-15T18:30:00")
        == dt.datetime(2024, 6, 15, 18, 30, tzinfo=dt.UTC).timestamp()
    )
    assert password_expiry("2024-06-15T19:30:00+01:00") == password_expiry("2024-06-15T18:30:00Z")
    assert password_expiry("0001-01-01T00:00:00") is None
    assert password_expiry("soon") is None


# --- 14.7 Nuxera: the staging refresh token ----------------------------------------------------


def _nuxera(sandbox: Sandbox) -> Keyhouse:
    return Keyhouse.from_env(env_for("nuxera", sandbox.base_url("nuxera")))


def test_nuxera_staging_refresh_token_is_used(sandbox: Sandbox) -> None:
    sandbox.provider("nuxera").staging = True  # type: ignore[attr-defined]
    with _nuxera(sandbox) as kh:
        first = kh.token("nuxera")
        kh.invalidate("nuxera")
        second = kh.token("nuxera")
        kh.invalidate("nuxera")
        third = kh.token("nuxera")  # the rotated refresh token works too
    assert len({first, second, third}) == 3
    counters = sandbox.counters("nuxera")
    assert (counters.logins, counters.refreshes) == (1, 2)


def test_nuxera_production_has_no_refresh_path(sandbox: Sandbox) -> None:
    """No refresh token in production: renewal is a login, the guessed path is never asked."""
    with _nuxera(sandbox) as kh:
        kh.token("nuxera")
        kh.invalidate("nuxera")
        kh.token("nuxera")
    counters = sandbox.counters("nuxera")
    assert (counters.logins, counters.requests["POST /api/auth/refresh"]) == (2, 0)


def test_nuxera_404_on_refresh_stops_the_attempts(sandbox: Sandbox) -> None:
    """Staging logins give refresh tokens, but a host without the guessed path answers 404:
    one wasted request, then logins only."""
    nuxera = sandbox.provider("nuxera")
    nuxera.staging = True  # type: ignore[attr-defined]
    with _nuxera(sandbox) as kh:
        kh.token("nuxera")
        nuxera.staging = False  # type: ignore[attr-defined]  (refresh path now 404)
        for _ in range(3):
            kh.invalidate("nuxera")
            kh.token("nuxera")
    counters = sandbox.counters("nuxera")
    assert counters.requests["POST /api/auth/refresh"] == 1
    assert counters.logins == 4
