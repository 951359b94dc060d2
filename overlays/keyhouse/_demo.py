"""Each provider's main flow, written with the generated resource clients (``kh.ovok``...).

Used by ``keyhouse demo`` (against the sandbox) and by the tests. Every flow returns a short,
secret-free summary line; a failed call raises its typed keyhouse error.
Generated packages are imported inside the functions (``import keyhouse`` stays light).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import struct
from collections.abc import Awaitable, Callable
from typing import Any

from ._errors import KeyhouseError
from ._facade import Keyhouse
from ._redact import Secret

__all__ = ["FLOWS", "DemoError", "async_flows", "wav_bytes"]


class DemoError(KeyhouseError):
    """A demo flow got an answer it did not expect."""


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
    from keyhouse_cardioexplorer.models import Bundle

    tests = kh.cardioexplorer.tests
    draft = tests.create_draft_test(body=Bundle.from_dict(_bundle()))
    test_id = str(draft.draft_test_id)
    run = tests.run_test(test_id)
    tests.get_test_result(test_id)
    return f"draft {test_id[:8]}… mapped {draft.items_mapped}, risk level {run.risk_level}"


def bforeai_flow(kh: Keyhouse) -> str:
    """API key add -> list -> delete (the new key is a secret: never shown)."""
    from keyhouse_bforeai.models import AddAuthHeaderRequest, DeleteAuthHeaderRequest

    auth = kh.bforeai.auth
    added = auth.add_auth_header(body=AddAuthHeaderRequest(name="keyhouse-demo"))
    if not added.token:
        raise DemoError("add_auth_header: the answer holds no key")
    key = Secret(added.token)  # registered for redaction from now on
    listed = auth.list_auth_headers()
    auth.delete_auth_header(body=DeleteAuthHeaderRequest(text=key.reveal()))
    after = auth.list_auth_headers()
    return f"added key {added.name!r}, {len(listed)} listed, deleted ({len(after)} left)"


def imiassist_flow(kh: Keyhouse) -> str:
    """Token chain (login -> access -> api key + token), then a contact."""
    from keyhouse_imiassist.models import ContactRequest

    kh.token("imiassist")
    body = ContactRequest.from_dict(
        {"first_name": "Jane", "last_name": "Doe", "email": "jane.doe@example.org"}
    )
    contact = kh.imiassist.contacts.create_contact(body=body)
    return f"token chain done, contact {contact.contact_id}"


def ovok_flow(kh: Keyhouse) -> str:
    """Login -> list sessions -> refresh (rotating the refresh token) -> revoke (logout)."""
    sessions = kh.ovok.sessions
    listed = sessions.list_sessions()
    kh.invalidate("ovok")  # the next token comes from the refresh token
    kh.token("ovok")
    sessions.list_sessions()
    sessions.revoke_session("current")  # any answer but a success raises a typed error
    kh.invalidate("ovok")
    return f"{len(listed.sessions)} session(s), refreshed, revoked"


def nuxera_flow(kh: Keyhouse) -> str:
    """Transcribe a (silent) WAV recording."""
    from keyhouse_nuxera.models import TranscribeRequest
    from keyhouse_nuxera.types import File

    audio = File(payload=io.BytesIO(wav_bytes()), file_name="visit.wav", mime_type="audio/wav")
    body = TranscribeRequest(audio=audio, doctor_name="Dr Smith", patient_name="Demo Patient")
    result = kh.nuxera.clinical.transcribe(body=body)
    return f"{len(result.transcription or '')} characters transcribed"


FLOWS: dict[str, Callable[[Keyhouse], str]] = {
    "cardioexplorer": cardioexplorer_flow,
    "bforeai": bforeai_flow,
    "imiassist": imiassist_flow,
    "ovok": ovok_flow,
    "nuxera": nuxera_flow,
}


async def async_flows(kh: Keyhouse, concurrency: int = 50) -> str:
    """The async side: ``concurrency`` simultaneous calls per provider on one event loop."""
    from keyhouse_imiassist.models import ContactRequest

    calls: list[Awaitable[object]] = []
    for _ in range(concurrency):
        calls.append(kh.ovok.sessions.list_sessions_async())
        calls.append(kh.bforeai.auth.list_auth_headers_async())
        calls.append(kh.nuxera.auth.get_me_async())
        calls.append(kh.cardioexplorer.auth.generate_magic_link_async())
    body = ContactRequest.from_dict({"first_name": "Async"})
    calls.append(kh.imiassist.contacts.create_contact_async(body=body))
    results = await asyncio.gather(*calls)  # any answer but a success raises a typed error
    await kh.aclose()
    return f"{len(results)} concurrent async calls"
