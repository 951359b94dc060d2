"""A well-formed body of the wrong shape raises ProtocolError through the facade.

The generated clients' ``_build_response`` (codegen/templates) turns a parse failure into the
client's ``malformed_response`` error; keyhouse's clients make that a ProtocolError, so no bare
KeyError/TypeError ever reaches a caller.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from keyhouse import Keyhouse, ProtocolError
from keyhouse_bforeai.api.auth import list_auth_headers
from keyhouse_cardioexplorer.api.auth import generate_magic_link
from keyhouse_imiassist.api.contacts import create_contact
from keyhouse_imiassist.models import ContactRequest
from keyhouse_nuxera.api.auth import get_me
from keyhouse_ovok.api.sessions import list_sessions
from keyhouse_sandbox import Sandbox

CONTACT = ContactRequest.from_dict({"first_name": "Ada", "last_name": "Lovelace"})

# provider -> (sync call, async call); GETs and POSTs, objects and a list.
# create_contact documents 201 only: a 200 would be an undocumented status (parsed as None).
STATUS = {"imiassist": 201}
CALLS: dict[str, tuple[Callable[[Keyhouse], Any], Callable[[Keyhouse], Awaitable[Any]]]] = {
    "cardioexplorer": (
        lambda kh: generate_magic_link.sync(client=kh.cardioexplorer.client),
        lambda kh: generate_magic_link.asyncio(client=kh.cardioexplorer.client),
    ),
    "bforeai": (
        lambda kh: list_auth_headers.sync(client=kh.bforeai.client),
        lambda kh: list_auth_headers.asyncio(client=kh.bforeai.client),
    ),
    "imiassist": (
        lambda kh: create_contact.sync(client=kh.imiassist.client, body=CONTACT),
        lambda kh: create_contact.asyncio(client=kh.imiassist.client, body=CONTACT),
    ),
    "ovok": (
        lambda kh: list_sessions.sync(client=kh.ovok.client),
        lambda kh: list_sessions.asyncio(client=kh.ovok.client),
    ),
    "nuxera": (
        lambda kh: get_me.sync(client=kh.nuxera.client),
        lambda kh: get_me.asyncio(client=kh.nuxera.client),
    ),
}


@pytest.mark.parametrize("provider", sorted(CALLS))
def test_wrong_shape_is_a_protocol_error(kh: Keyhouse, sandbox: Sandbox, provider: str) -> None:
    call, _ = CALLS[provider]
    assert call(kh) is not None  # the call works, and the token is warm
    sandbox.faults(provider).wrong_shape(1, status=STATUS.get(provider, 200))
    with pytest.raises(ProtocolError) as caught:
        call(kh)
    assert caught.value.provider == provider
    assert caught.value.status == STATUS.get(provider, 200)
    assert "does not match the spec" in str(caught.value)
    assert call(kh) is not None  # the next call is fine again


@pytest.mark.parametrize("provider", sorted(CALLS))
async def test_wrong_shape_is_a_protocol_error_async(
    kh: Keyhouse, sandbox: Sandbox, provider: str
) -> None:
    _, call = CALLS[provider]
    assert await call(kh) is not None
    sandbox.faults(provider).wrong_shape(1, status=STATUS.get(provider, 200))
    with pytest.raises(ProtocolError):
        await call(kh)


def test_generated_client_alone_raises_its_own_typed_error(sandbox: Sandbox) -> None:
    """Without keyhouse, the generated package raises its MalformedResponse, not KeyError."""
    from keyhouse_nuxera import Client
    from keyhouse_nuxera.api.auth import login
    from keyhouse_nuxera.errors import MalformedResponse
    from keyhouse_nuxera.models import LoginRequest
    from keyhouse_sandbox import DEMO_CREDENTIALS

    creds = DEMO_CREDENTIALS["nuxera"]
    body = LoginRequest(username=creds["username"], password=creds["password"])
    with Client(base_url=sandbox.base_url("nuxera")) as client:
        sandbox.faults("nuxera").wrong_shape(1)
        with pytest.raises(MalformedResponse) as caught:
            login.sync(client=client, body=body)
    assert caught.value.status_code == 200
    assert creds["password"] not in str(caught.value)
