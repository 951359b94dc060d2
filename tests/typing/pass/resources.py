"""Type-checked only (mypy --strict, pyright): each resource method returns exactly its
success model, sync and async, for one operation of every provider."""

from __future__ import annotations

import io
from typing import assert_type

import keyhouse
from keyhouse import Keyhouse
from keyhouse_bforeai.models import AuthHeader, IntelFeedPage
from keyhouse_cardioexplorer.models import Bundle, DraftTestResponse, TestResponse
from keyhouse_imiassist.models import ContactRequest, ContactResponse
from keyhouse_nuxera.models import TranscribeRequest, TranscriptionResult, UserProfile
from keyhouse_nuxera.types import File
from keyhouse_ovok import Ovok
from keyhouse_ovok import errors as ovok_errors
from keyhouse_ovok.models import ErrorBody, RevokeSessionResponse, SessionList
from keyhouse_ovok.types import Response


def sync_calls(kh: Keyhouse, bundle: Bundle) -> None:
    assert_type(kh.ovok.sessions.list_sessions(), SessionList)
    assert_type(kh.ovok.sessions.list_sessions(timeout=2.5), SessionList)
    assert_type(kh.ovok.sessions.revoke_session("current"), RevokeSessionResponse | None)
    assert_type(kh.bforeai.auth.list_auth_headers(), list[AuthHeader])
    assert_type(kh.bforeai.intel.get_intel_feed(page=1, size=10), IntelFeedPage)
    assert_type(kh.cardioexplorer.tests.create_draft_test(body=bundle), DraftTestResponse)
    assert_type(kh.cardioexplorer.tests.run_test("id"), TestResponse)
    contact = ContactRequest(first_name="Jane")
    assert_type(kh.imiassist.contacts.create_contact(body=contact), ContactResponse)
    assert_type(kh.nuxera.auth.get_me(), UserProfile)
    audio = File(payload=io.BytesIO(b""), file_name="a.wav", mime_type="audio/wav")
    body = TranscribeRequest(audio=audio, doctor_name="Dr", patient_name="P")
    assert_type(kh.nuxera.clinical.transcribe(body=body), TranscriptionResult)
    raw = kh.ovok.sessions.with_raw_response.list_sessions()
    assert_type(raw, Response[ErrorBody | SessionList])


async def async_calls(kh: Keyhouse) -> None:
    assert_type(await kh.ovok.sessions.list_sessions_async(), SessionList)
    assert_type(await kh.bforeai.auth.list_auth_headers_async(), list[AuthHeader])
    assert_type(await kh.nuxera.auth.get_me_async(), UserProfile)
    assert_type(await kh.cardioexplorer.tests.run_test_async("id"), TestResponse)
    contact = ContactRequest(first_name="Jane")
    assert_type(await kh.imiassist.contacts.create_contact_async(body=contact), ContactResponse)
    raw = await kh.ovok.sessions.with_raw_response.list_sessions_async()
    assert_type(raw, Response[ErrorBody | SessionList])


def errors(kh: Keyhouse) -> int | None:
    try:
        kh.ovok.sessions.list_sessions()
    except keyhouse.NotFoundError as error:
        return error.status
    except keyhouse.ProviderError as error:
        return error.status
    return None


def standalone() -> SessionList | None:
    api = Ovok(base_url="https://api.sandbox.ovok.com", token="t")
    try:
        return api.sessions.list_sessions()
    except ovok_errors.AuthenticationError as error:
        assert_type(error.status, int | None)
        return None
