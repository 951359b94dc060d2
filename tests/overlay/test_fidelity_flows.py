"""Documented behaviour the token flows use (issue 14.3, 14.7)."""

from __future__ import annotations

import httpx
from keyhouse import Keyhouse
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
