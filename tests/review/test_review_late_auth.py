"""Review of a61e93a..main, the auth flow's large-upload 401 (82ab6aa): tests written first,
against the sandbox, that fail on main."""

from __future__ import annotations

import asyncio

import pytest
from keyhouse import AuthenticationError
from keyhouse_sandbox import Sandbox

from tests.core.test_upload_streams import LARGE, _contact
from tests.overlay.test_faults import _kh

pytestmark = pytest.mark.timeout(60)

SYNC = pytest.mark.parametrize("sync", [True, False], ids=["sync", "async"])
CONTACTS = "/api/v1/contacts"
SMALL_BODY = b'{"first_name": "Jane"}'


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
def test_a_token_the_operation_accepted_is_renewed_when_it_dies(
    sandbox: Sandbox, sync: bool
) -> None:
    """A large upload after a revocation logs in and raises its one-shot error; the next
    large upload goes out with the fresh token and is accepted (200). That token is later
    revoked: a small, replayable PUT to the same contact must log in again and succeed.
    On main the fresh token stays marked 'refused' for (PUT, path) although the provider
    accepted it there, so every later 401 on that operation raises at once with no login:
    the operation is dead until the token expires (while other operations re-login)."""
    results = _puts(sandbox, sync, [(True, True), (False, True), (True, False), (False, False)])
    assert "one-shot" in results[0], results
    assert results[1] == "200", results
    assert results[2:] == ["200", "200"], results


@SYNC
def test_no_live_token_in_the_locals_of_a_refused_operation(sandbox: Sandbox, sync: bool) -> None:
    """The provider refuses an operation twice (401, then 401 with the fresh token): the
    AuthenticationError raised from KeyhouseAuth._flow carries that frame, whose local
    ``token`` is the first token in plain text. It was refused by this operation only and is
    still live at the provider (only dropped from the cache), and tracebacks that capture
    locals (Sentry, rich) record it; the same frame raises the one-shot upload error of
    82ab6aa. (Credential, Settings, _Values hide their values; this plain str does not.)"""
    from tests.core.test_provider_lows import shown_locals

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
