"""Revocation, expiry and refresh-token rotation against the sandbox."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from keyhouse import Keyhouse
from keyhouse._credential import refresh_at
from keyhouse_sandbox import Sandbox

from .conftest import PROVIDERS
from .test_single_flight import _sync_calls

#: the business endpoint each provider's probe call hits (sandbox counter keys)
PROBE = {
    "cardioexplorer": "POST /api/auth/magic-links/generate",
    "bforeai": "GET /authheader/list",
    "imiassist": "POST /api/v1/contacts",
    "ovok": "GET /auth/session",
    "nuxera": "GET /api/auth/me",
}


def _sleep_until_due(kh: Keyhouse, name: str) -> None:
    manager = kh.manager(name)
    credential = manager.current()
    assert credential is not None
    assert credential.expires_at is not None
    due = refresh_at(credential, manager.leeway, manager.max_fraction)
    assert due < credential.expires_at
    time.sleep(max(0.0, due - time.time()) + 0.05)


@pytest.mark.parametrize("name", PROVIDERS)
def test_early_revocation_costs_one_relogin_and_no_failed_call(
    kh: Keyhouse, sandbox: Sandbox, name: str
) -> None:
    call: Callable[[], Any] = _sync_calls(kh)[name]
    assert int(call().status_code) in (200, 201)
    sandbox.faults(name).revoke_all_tokens()
    for _ in range(3):
        assert int(call().status_code) in (200, 201)
    assert sandbox.counters(name).logins == 2
    # one 401, one resend, then the new token: 1 + (1 + 1) + 2 probe requests
    assert sandbox.counters(name).requests[PROBE[name]] == 5


async def test_early_revocation_async_many_callers(kh: Keyhouse, sandbox: Sandbox) -> None:
    import asyncio

    from keyhouse_ovok.api.sessions import list_sessions

    await list_sessions.asyncio(client=kh.ovok.client)
    sandbox.faults("ovok").revoke_all_tokens()
    responses = await asyncio.gather(
        *(list_sessions.asyncio_detailed(client=kh.ovok.client) for _ in range(100))
    )
    assert {int(r.status_code) for r in responses} == {200}
    assert sandbox.counters("ovok").logins == 2
    await kh.aclose()


@pytest.mark.parametrize("name", ["ovok", "cardioexplorer", "bforeai", "nuxera"])
def test_token_near_expiry_is_renewed_before_use(kh: Keyhouse, sandbox: Sandbox, name: str) -> None:
    sandbox.set_lifetime(name, access=3)
    call = _sync_calls(kh)[name]
    first = kh.token(name)
    assert int(call().status_code) in (200, 201)
    _sleep_until_due(kh, name)  # past refresh_at = expiry - min(60, 0.5 * 3 s), before expiry
    assert int(call().status_code) in (200, 201)
    assert kh.token(name) != first
    # no call was answered 401 and resent: exactly two probe requests
    assert sandbox.counters(name).requests[PROBE[name]] == 2
    counters = sandbox.counters(name)
    assert counters.logins + counters.refreshes == 2


def test_imiassist_levels_refresh_on_their_own_clocks(kh: Keyhouse, sandbox: Sandbox) -> None:
    sandbox.set_lifetime("imiassist", api_token=3)
    call = _sync_calls(kh)["imiassist"]
    assert int(call().status_code) in (200, 201)
    _sleep_until_due(kh, "imiassist")
    assert int(call().status_code) in (200, 201)
    requests = sandbox.counters("imiassist").requests
    # the access token (900 s) is reused: one login, two get_new_token
    assert requests["POST /api/v1/auth/login"] == 1
    assert requests["POST /api/v1/auth/token"] == 2


def test_ovok_rotation_never_reuses_a_refresh_token(kh: Keyhouse, sandbox: Sandbox) -> None:
    manager = kh.manager("ovok")
    seen: list[str] = []
    kh.token("ovok")
    for _ in range(5):
        current = manager.current()
        assert current is not None
        assert current.refresh_token
        seen.append(current.refresh_token)
        kh.invalidate("ovok")
        kh.token("ovok")
    assert len(set(seen)) == len(seen)
    counters = sandbox.counters("ovok")
    assert (counters.logins, counters.refreshes) == (1, 5)
    # the sandbox answers 401 to a reused refresh token; none was sent
    assert counters.requests["POST /auth/refresh-token"] == 5


def test_ovok_refresh_failure_falls_back_to_login(kh: Keyhouse, sandbox: Sandbox) -> None:
    from keyhouse_ovok.api.sessions import revoke_session

    kh.token("ovok")
    revoke_session.sync_detailed("current", client=kh.ovok.client)  # kills access and refresh token
    kh.invalidate("ovok")
    kh.token("ovok")
    counters = sandbox.counters("ovok")
    assert counters.logins == 2
    assert counters.requests["POST /auth/refresh-token"] == 1


def test_bforeai_renews_instead_of_logging_in(kh: Keyhouse, sandbox: Sandbox) -> None:
    kh.token("bforeai")
    kh.invalidate("bforeai")
    kh.token("bforeai")
    requests = sandbox.counters("bforeai").requests
    assert requests["POST /user/login"] == 1
    assert requests["GET /user/renew"] == 1
