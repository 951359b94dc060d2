"""Each provider's main flow, written with the generated endpoint functions through the facade.

Used by ``keyhouse demo`` (against the sandbox) and by the tests. Every flow returns a short,
secret-free summary line; anything unexpected raises :class:`DemoError`.
Generated packages are imported inside the functions (``import keyhouse`` stays light).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import struct
from collections.abc import Callable
from typing import Any

from ._errors import KeyhouseError
from ._facade import Keyhouse
from ._redact import Secret

__all__ = ["FLOWS", "DemoError", "async_flows", "wav_bytes"]


class DemoError(KeyhouseError):
    """A demo flow got an answer it did not expect."""


def _expect(value: Any, kind: type | tuple[type, ...], what: str) -> Any:
    if not isinstance(value, kind):
        raise DemoError(f"{what}: unexpected answer {type(value).__name__}")
    return value


def wav_bytes(seconds: float = 0.2, rate: int = 8000) -> bytes:
    """A tiny silent mono 16-bit WAV recording."""
    frames = int(seconds * rate)
    data = b"\x00\x00" * frames
    header = b"RIFF" + struct.pack("<I", 36 + len(data)) + b"WAVE"
    fmt = b"fmt " + struct.pack("<IHHIIHH", 16, 1, 1, rate, rate * 2, 2, 16)
    return header + fmt + b"data" + struct.pack("<I", len(data)) + data


def _bundle() -> dict[str, Any]:
    now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")

    def observation(code: str, display: str, value: float, unit: str) -> dict[str, Any]:
        return {
            "resource": {
                "resourceType": "Observation",
                "status": "final",
                "code": {
                    "coding": [{"system": "http://loinc.org", "code": code, "display": display}]
                },
                "effectiveDateTime": now,
                "valueQuantity": {"value": value, "unit": unit},
            }
        }

    return {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {"resource": {"resourceType": "Patient", "gender": "male", "birthDate": "1965-04-12"}},
            observation("2093-3", "Cholesterol [Mass/volume] in Serum or Plasma", 212, "mg/dL"),
            observation("8480-6", "Systolic blood pressure", 138, "mmHg"),
            observation("2085-9", "Cholesterol in HDL", 48, "mg/dL"),
        ],
    }


def cardioexplorer_flow(kh: Keyhouse) -> str:
    """Draft test -> run -> result."""
    from keyhouse_cardioexplorer.api.tests import create_draft_test, get_test_result, run_test
    from keyhouse_cardioexplorer.models import Bundle, DraftTestResponse, TestResponse

    client = kh.cardioexplorer
    draft = create_draft_test.sync(client=client, body=Bundle.from_dict(_bundle()))
    draft = _expect(draft, DraftTestResponse, "create_draft_test")
    test_id = str(draft.draft_test_id)
    run = _expect(run_test.sync(test_id, client=client), TestResponse, "run_test")
    get_test_result.sync(test_id, client=client)
    return f"draft {test_id[:8]}… mapped {draft.items_mapped}, risk level {run.risk_level}"


def bforeai_flow(kh: Keyhouse) -> str:
    """API key add -> list -> delete (the new key is a secret: never shown)."""
    from keyhouse_bforeai.api.auth import add_auth_header, delete_auth_header, list_auth_headers
    from keyhouse_bforeai.models import AddAuthHeaderRequest, AuthHeader, DeleteAuthHeaderRequest

    client = kh.bforeai
    added = add_auth_header.sync(client=client, body=AddAuthHeaderRequest(name="keyhouse-demo"))
    added = _expect(added, AuthHeader, "add_auth_header")
    key = Secret(added.token)  # registered for redaction from now on
    listed = _expect(list_auth_headers.sync(client=client), list, "list_auth_headers")
    delete_auth_header.sync(client=client, body=DeleteAuthHeaderRequest(text=key.reveal()))
    after = _expect(list_auth_headers.sync(client=client), list, "list_auth_headers")
    return f"added key {added.name!r}, {len(listed)} listed, deleted ({len(after)} left)"


def imiassist_flow(kh: Keyhouse) -> str:
    """Token chain (login -> access -> api key + token), then a contact."""
    from keyhouse_imiassist.api.contacts import create_contact
    from keyhouse_imiassist.models import ContactRequest, ContactResponse

    kh.token("imiassist")
    body = ContactRequest.from_dict(
        {"first_name": "Jane", "last_name": "Doe", "email": "jane.doe@example.org"}
    )
    contact = _expect(
        create_contact.sync(client=kh.imiassist, body=body), ContactResponse, "create_contact"
    )
    return f"token chain done, contact {contact.contact_id}"


def ovok_flow(kh: Keyhouse) -> str:
    """Login -> list sessions -> refresh (rotating the refresh token) -> revoke (logout)."""
    from keyhouse_ovok.api.sessions import list_sessions, revoke_session
    from keyhouse_ovok.models import SessionList

    client = kh.ovok
    sessions = _expect(list_sessions.sync(client=client), SessionList, "list_sessions")
    kh.invalidate("ovok")  # the next token comes from the refresh token
    kh.token("ovok")
    _expect(list_sessions.sync(client=client), SessionList, "list_sessions")
    response = revoke_session.sync_detailed("current", client=client)
    if response.status_code not in (200, 204):
        raise DemoError(f"revoke_session answered {int(response.status_code)}")
    kh.invalidate("ovok")
    return f"{len(sessions.sessions)} session(s), refreshed, revoked"


def nuxera_flow(kh: Keyhouse) -> str:
    """Transcribe a (silent) WAV recording."""
    from keyhouse_nuxera.api.clinical import transcribe
    from keyhouse_nuxera.models import TranscribeRequest, TranscriptionResult
    from keyhouse_nuxera.types import File

    audio = File(payload=io.BytesIO(wav_bytes()), file_name="visit.wav", mime_type="audio/wav")
    body = TranscribeRequest(audio=audio, doctor_name="Dr Smith", patient_name="Demo Patient")
    result = _expect(
        transcribe.sync(client=kh.nuxera, body=body), TranscriptionResult, "transcribe"
    )
    return f"{len(result.transcription)} characters transcribed"


FLOWS: dict[str, Callable[[Keyhouse], str]] = {
    "cardioexplorer": cardioexplorer_flow,
    "bforeai": bforeai_flow,
    "imiassist": imiassist_flow,
    "ovok": ovok_flow,
    "nuxera": nuxera_flow,
}


async def async_flows(kh: Keyhouse, concurrency: int = 50) -> str:
    """The async side: ``concurrency`` simultaneous calls per provider on one event loop."""
    from keyhouse_bforeai.api.auth import list_auth_headers
    from keyhouse_cardioexplorer.api.auth import generate_magic_link
    from keyhouse_imiassist.api.contacts import create_contact
    from keyhouse_imiassist.models import ContactRequest
    from keyhouse_nuxera.api.auth import get_me
    from keyhouse_ovok.api.sessions import list_sessions

    calls: list[Any] = []
    for _ in range(concurrency):
        calls.append(list_sessions.asyncio(client=kh.ovok))
        calls.append(list_auth_headers.asyncio(client=kh.bforeai))
        calls.append(get_me.asyncio(client=kh.nuxera))
        calls.append(generate_magic_link.asyncio(client=kh.cardioexplorer))
    calls.append(
        create_contact.asyncio(
            client=kh.imiassist, body=ContactRequest.from_dict({"first_name": "Async"})
        )
    )
    results = await asyncio.gather(*calls)
    await kh.aclose()
    if any(r is None for r in results):
        raise DemoError("an async call got an undocumented answer")
    return f"{len(results)} concurrent async calls"
