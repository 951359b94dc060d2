"""Edges of the auth flow's 401 handling, and its error messages, on the sandbox.

- a large streamed upload (sent once, never resent) refused with 401 twice in a row costs one
  login, not one per call, and a token the operation accepts later is renewed when it dies;
- no live token stays behind in the flow's locals when an operation refuses it;
- a 401 from another origin a redirect led to is that origin's answer: the provider's token is
  kept and no login follows;
- a final 502/503/504 says its status once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from keyhouse import AuthenticationError, ProviderUnavailableError
from keyhouse_sandbox import Sandbox

from tests.core.test_provider_lows import shown_locals
from tests.core.test_upload_streams import LARGE, PUT, _contact
from tests.overlay.test_faults import _kh
from tests.overlay.test_redirects import recording_host

pytestmark = pytest.mark.timeout(60)

SYNC = pytest.mark.parametrize("sync", [True, False], ids=["sync", "async"])
CONTACTS = "/api/v1/contacts"
SMALL_BODY = b'{"first_name": "Jane"}'
IMIASSIST_HEADERS = ("x-api-key", "x-api-token", "authorization")


def _puts(sandbox: Sandbox, sync: bool, steps: list[tuple[bool, bool]]) -> list[str]:
    """One IMIASSIST client: create a contact, then per step (revoke every token first?,
    large streamed body?) PUT to it; each PUT's status or its AuthenticationError message."""
    faults = sandbox.faults("imiassist")
    results: list[str] = []
    if sync:
        with _kh(sandbox) as kh:
            client = kh.imiassist.client.get_httpx_client()
            url = f"{CONTACTS}/{client.post(CONTACTS, json={}).json()['contact_id']}"
            for revoke, large in steps:
                if revoke:
                    faults.revoke_all_tokens()
                body = _contact(LARGE, True) if large else SMALL_BODY
                try:
                    results.append(str(client.put(url, content=body).status_code))
                except AuthenticationError as exc:
                    results.append(exc.message)
        return results

    async def run() -> None:
        async with _kh(sandbox) as kh:
            client = kh.imiassist.client.get_async_httpx_client()
            url = f"{CONTACTS}/{(await client.post(CONTACTS, json={})).json()['contact_id']}"
            for revoke, large in steps:
                if revoke:
                    faults.revoke_all_tokens()
                body = _contact(LARGE, False) if large else SMALL_BODY
                try:
                    results.append(str((await client.put(url, content=body)).status_code))
                except AuthenticationError as exc:
                    results.append(exc.message)

    asyncio.run(run())
    return results


@SYNC
def test_a_large_upload_refused_twice_costs_one_login_not_one_per_call(
    sandbox: Sandbox, sync: bool
) -> None:
    """The first 401 may be a dead token: log in once, and the one-shot body is the error.
    The fresh token's first 401 on the same operation (the sandbox refuses it again, as a
    provider refusing the operation with any token would) is the second 401 after a login:
    raised at once, no new login (before the fix: a login on every such call)."""
    results = _puts(sandbox, sync, [(True, True)] * 3)
    assert "one-shot" in results[0]
    assert all("freshly issued" in r for r in results[1:]), results
    counters = sandbox.counters("imiassist")
    assert counters.logins == 2  # the POST's, then the one after the first 401
    assert counters.requests[PUT] == 3  # each sent once


@SYNC
def test_a_large_upload_after_a_dead_token_goes_out_with_the_fresh_one(
    sandbox: Sandbox, sync: bool
) -> None:
    """The token the first 401 brought is tried on the next call, not refused unseen."""
    assert _puts(sandbox, sync, [(True, True), (False, True)])[1:] == ["200"]
    counters = sandbox.counters("imiassist")
    assert counters.logins == 2
    assert counters.requests[PUT] == 2


@SYNC
def test_a_token_the_operation_accepted_is_renewed_when_it_dies(
    sandbox: Sandbox, sync: bool
) -> None:
    """A large upload after a revocation logs in and raises its one-shot error; the next
    large upload goes out with the fresh token and is accepted (200). That token is later
    revoked: a small, replayable PUT to the same contact must log in again and succeed.
    Before the fix the fresh token stayed marked 'refused' for (PUT, path) although the provider
    accepted it there, so every later 401 on that operation raised at once with no login:
    the operation was dead until the token expires (while other operations re-login)."""
    results = _puts(sandbox, sync, [(True, True), (False, True), (True, False), (False, False)])
    assert "one-shot" in results[0], results
    assert results[1] == "200", results
    assert results[2:] == ["200", "200"], results


@SYNC
def test_no_live_token_in_the_locals_of_a_refused_operation(sandbox: Sandbox, sync: bool) -> None:
    """The provider refuses an operation twice (401, then 401 with the fresh token): the
    AuthenticationError raised from KeyhouseAuth._flow carries that frame, whose local
    ``token`` was the first token in plain text. It was refused by this operation only and is
    still live at the provider (only dropped from the cache), and tracebacks that capture
    locals (Sentry, rich) record it; the same frame raises the one-shot upload error of
    82ab6aa. (Credential, Settings, _Values hide their values; this plain str does not.)"""
    sandbox.faults("imiassist").html_error(2, status=401, endpoint=f"POST {CONTACTS}")

    async def arun() -> tuple[str, AuthenticationError]:
        async with _kh(sandbox) as kh:
            token = await kh.atoken("imiassist")
            client = kh.imiassist.client.get_async_httpx_client()
            with pytest.raises(AuthenticationError) as caught:
                await client.post(CONTACTS, json={})
            return token, caught.value

    if sync:
        with _kh(sandbox) as kh:
            token = kh.token("imiassist")
            with pytest.raises(AuthenticationError) as caught:
                kh.imiassist.client.get_httpx_client().post(CONTACTS, json={})
            error = caught.value
    else:
        token, error = asyncio.run(arun())
    assert "freshly issued" in str(error)
    assert token not in shown_locals(error, outside=__file__)


@pytest.fixture
def refusing_host() -> Iterator[tuple[str, list[dict[str, str]]]]:
    with recording_host(401, b'{"error": "unauthorized"}') as host:
        yield host


@SYNC
def test_a_401_from_another_origin_keeps_the_token(
    sandbox: Sandbox, refusing_host: tuple[str, list[dict[str, str]]], sync: bool
) -> None:
    """The sandbox redirects to another port of 127.0.0.1, which answers 401: that answer is
    returned as it is, the token is not invalidated and no login follows (before the fix: a
    login, and the request resent)."""
    location, seen = refusing_host
    sandbox.faults("imiassist").redirect(location, endpoint=f"POST {CONTACTS}")

    async def apost() -> tuple[int, str]:
        async with _kh(sandbox) as kh:
            token = await kh.atoken("imiassist")
            client = kh.imiassist.client.get_async_httpx_client()
            response = await client.post(CONTACTS, json={}, follow_redirects=True)
            assert await kh.atoken("imiassist") == token
            return response.status_code, str(response.request.url)

    if sync:
        with _kh(sandbox) as kh:
            token = kh.token("imiassist")
            client = kh.imiassist.client.get_httpx_client()
            response = client.post(CONTACTS, json={}, follow_redirects=True)
            assert kh.token("imiassist") == token
            status, url = response.status_code, str(response.request.url)
    else:
        status, url = asyncio.run(apost())
    assert (status, url) == (401, location)
    counters = sandbox.counters("imiassist")
    assert counters.logins == 1
    assert counters.requests[f"POST {CONTACTS}"] == 1
    assert len(seen) == 1
    assert [h for h in IMIASSIST_HEADERS if h in seen[0]] == []


@pytest.mark.parametrize("status", [502, 503, 504])
def test_a_final_5xx_says_its_status_once(sandbox: Sandbox, status: int) -> None:
    """Before: "POST /api/v1/contacts answered 503 (HTTP 503)"."""
    sandbox.faults("imiassist").fail_5xx(1, status=status, endpoint=f"POST {CONTACTS}")
    with _kh(sandbox) as kh, pytest.raises(ProviderUnavailableError) as info:
        kh.imiassist.client.get_httpx_client().post(CONTACTS, json={})
    message = str(info.value)
    assert info.value.status == status
    assert message.count(str(status)) == 1, message
    assert f"{CONTACTS} failed" in message
