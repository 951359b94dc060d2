"""Every provider's main flow, sync and async, over real HTTP against the sandbox."""

from __future__ import annotations

import io

import httpx
import pytest
from keyhouse import Keyhouse
from keyhouse_sandbox import Sandbox
from keyhouse_sandbox.demo import FLOWS, DemoError, async_flows, wav_bytes

from .conftest import PROVIDERS


class Wire(httpx.HTTPTransport):
    """Records the headers of every request as written on the wire: keyhouse writes the
    credential headers per hop on a copy, so ``response.request.headers`` does not show them."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[httpx.Headers] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(request.headers.copy())
        return super().handle_request(request)


@pytest.mark.parametrize("name", PROVIDERS)
def test_sync_flow(kh: Keyhouse, sandbox: Sandbox, name: str) -> None:
    summary = FLOWS[name](kh)
    assert summary
    counters = sandbox.counters(name)
    assert counters.logins >= 1
    assert counters.faulted == 0


async def test_async_cardioexplorer(kh: Keyhouse, sandbox: Sandbox) -> None:
    from keyhouse_cardioexplorer.api.tests import create_draft_test, get_test_result, run_test
    from keyhouse_cardioexplorer.models import Bundle, DraftTestResponse, TestResponse
    from keyhouse_sandbox.demo import bundle

    draft = await create_draft_test.asyncio(
        client=kh.cardioexplorer.client, body=Bundle.from_dict(bundle())
    )
    assert isinstance(draft, DraftTestResponse)
    run = await run_test.asyncio(str(draft.draft_test_id), client=kh.cardioexplorer.client)
    assert isinstance(run, TestResponse)
    result = await get_test_result.asyncio_detailed(
        str(draft.draft_test_id), client=kh.cardioexplorer.client
    )
    assert result.status_code == 200
    assert sandbox.counters("cardioexplorer").logins == 1
    await kh.aclose()


async def test_async_bforeai(kh: Keyhouse, sandbox: Sandbox) -> None:
    from keyhouse_bforeai.api.auth import add_auth_header, delete_auth_header, list_auth_headers
    from keyhouse_bforeai.models import AddAuthHeaderRequest, AuthHeader, DeleteAuthHeaderRequest

    added = await add_auth_header.asyncio(
        client=kh.bforeai.client, body=AddAuthHeaderRequest(name="async")
    )
    assert isinstance(added, AuthHeader)
    listed = await list_auth_headers.asyncio(client=kh.bforeai.client)
    assert isinstance(listed, list)
    assert added.token in [h.token for h in listed]
    await delete_auth_header.asyncio(
        client=kh.bforeai.client, body=DeleteAuthHeaderRequest(text=added.token)
    )
    after = await list_auth_headers.asyncio(client=kh.bforeai.client)
    assert isinstance(after, list)
    assert added.token not in [h.token for h in after]
    await kh.aclose()


async def test_async_imiassist(kh: Keyhouse, sandbox: Sandbox) -> None:
    from keyhouse_imiassist.api.contacts import create_contact, delete_contact
    from keyhouse_imiassist.models import ContactRequest, ContactResponse

    token = await kh.atoken("imiassist")
    assert len(token) == 64
    contact = await create_contact.asyncio(
        client=kh.imiassist.client, body=ContactRequest.from_dict({"first_name": "Ada"})
    )
    assert isinstance(contact, ContactResponse)
    deleted = await delete_contact.asyncio_detailed(contact.contact_id, client=kh.imiassist.client)
    assert deleted.status_code in (200, 204)
    assert sandbox.counters("imiassist").logins == 1
    await kh.aclose()


async def test_async_ovok(kh: Keyhouse, sandbox: Sandbox) -> None:
    from keyhouse_ovok.api.sessions import list_sessions, revoke_session
    from keyhouse_ovok.models import SessionList

    assert isinstance(await list_sessions.asyncio(client=kh.ovok.client), SessionList)
    kh.invalidate("ovok")
    assert isinstance(await list_sessions.asyncio(client=kh.ovok.client), SessionList)
    revoked = await revoke_session.asyncio_detailed("current", client=kh.ovok.client)
    assert revoked.status_code in (200, 204)
    counters = sandbox.counters("ovok")
    assert (counters.logins, counters.refreshes) == (1, 1)
    await kh.aclose()


async def test_async_nuxera(kh: Keyhouse, sandbox: Sandbox) -> None:
    from keyhouse_nuxera.api.clinical import transcribe
    from keyhouse_nuxera.models import TranscribeRequest, TranscriptionResult
    from keyhouse_nuxera.types import File

    audio = File(payload=io.BytesIO(wav_bytes()), file_name="a.wav", mime_type="audio/wav")
    result = await transcribe.asyncio(client=kh.nuxera.client, body=TranscribeRequest(audio=audio))
    assert isinstance(result, TranscriptionResult)
    assert sandbox.counters("nuxera").logins == 1
    await kh.aclose()


async def test_async_demo_section(kh: Keyhouse, sandbox: Sandbox) -> None:
    assert "async calls" in await async_flows(kh, concurrency=5)
    for name in PROVIDERS:
        assert sandbox.counters(name).logins == 1


def test_raw_httpx_client_is_authenticated(kh: Keyhouse) -> None:
    response = kh.ovok.client.get_httpx_client().get("/auth/session")
    assert response.status_code == 200
    assert "placeholder" not in response.request.headers.get("authorization", "")


def test_imiassist_sends_key_and_token_not_authorization(env: dict[str, str]) -> None:
    wire = Wire()
    with Keyhouse.from_env(env, transport=wire) as kh:
        client = kh.imiassist.client.get_httpx_client()
        response = client.post("/api/v1/contacts", json={"first_name": "X"})
    assert response.status_code in (200, 201)
    headers = wire.sent[-1]
    assert "x-api-key" in headers
    assert "x-api-token" in headers
    assert "authorization" not in headers


def test_closed_generated_client_is_recreated(kh: Keyhouse) -> None:
    from keyhouse_ovok.api.sessions import list_sessions

    with kh.ovok.client as client:
        assert list_sessions.sync_detailed(client=client).status_code == 200
    assert list_sessions.sync_detailed(client=kh.ovok.client).status_code == 200


def test_demo_error_is_keyhouse_error() -> None:
    from keyhouse import KeyhouseError

    assert issubclass(DemoError, KeyhouseError)


def test_with_headers_keeps_authentication(kh: Keyhouse) -> None:
    from keyhouse_ovok.api.sessions import list_sessions

    client = kh.ovok.client.with_headers({"X-Trace": "demo"})
    response = list_sessions.sync_detailed(client=client)
    assert response.status_code == 200


def test_placeholder_token_is_never_sent(env: dict[str, str]) -> None:
    import asyncio

    sent: list[str] = []

    class Recording(httpx.HTTPTransport):
        def handle_request(self, request: httpx.Request) -> httpx.Response:
            sent.append(request.headers.get("authorization", ""))
            return super().handle_request(request)

    class AsyncRecording(httpx.AsyncHTTPTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            sent.append(request.headers.get("authorization", ""))
            return await super().handle_async_request(request)

    kh = Keyhouse.from_env(env, transport=Recording(), async_transport=AsyncRecording())
    kh.ovok.client.get_httpx_client().get("/auth/session")

    async def run() -> None:
        await kh.ovok.client.get_async_httpx_client().get("/auth/session")
        await kh.aclose()

    asyncio.run(run())
    kh.close()
    business = [value for value in sent if value]  # the login request carries none
    assert len(business) == 2
    assert all(value.startswith("Bearer ey") for value in business)


def test_bforeai_static_api_key_needs_no_login(sandbox: Sandbox) -> None:
    from keyhouse_bforeai.api.intel import get_intel_feed
    from keyhouse_sandbox import BFOREAI_DEMO_API_KEY

    env = {
        "KEYHOUSE_BFOREAI_API_KEY": BFOREAI_DEMO_API_KEY,
        "KEYHOUSE_BFOREAI_BASE_URL": sandbox.base_url("bforeai"),
    }
    wire = Wire()
    with Keyhouse.from_env(env, transport=wire) as kh:
        response = get_intel_feed.sync_detailed(client=kh.bforeai.client)
        assert response.status_code == 200
        kh.bforeai.client.get_httpx_client().get("/v2/feed/intel")
        sent = wire.sent[-1]
        assert sent["x-authorization"] == BFOREAI_DEMO_API_KEY
        assert "authorization" not in sent
    assert sandbox.counters("bforeai").logins == 0


def test_nuxera_api_key_only_on_endpoints_that_take_it(env: dict[str, str]) -> None:
    wire = Wire()
    with Keyhouse.from_env(env, transport=wire) as kh:
        kh.nuxera.client.get_httpx_client().get("/api/auth/me")
        assert "x-api-key" not in wire.sent[-1]
        files = {"audio": ("a.wav", wav_bytes(), "audio/wav")}
        transcribed = kh.nuxera.client.get_httpx_client().post("/api/transcribe", files=files)
        assert transcribed.status_code == 200
        assert "x-api-key" in wire.sent[-1]
