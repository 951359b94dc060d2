"""The keyhouse demo: each provider's main flow against the embedded sandbox.

``keyhouse demo``, ``python -m keyhouse_sandbox.demo`` and ``python3 dev.py -s demo`` run
:func:`run`: it starts a :class:`~keyhouse_sandbox.Sandbox`, configures every installed
provider client from the sandbox's demo credentials and runs :data:`FLOWS` (written with the
generated resource clients, ``kh.ovok``...) and :func:`async_flows`. Every flow returns a
short, secret-free summary line; a failed call raises its typed keyhouse error. The tests use
the flows too.

It lives in the sandbox package, not in keyhouse: ``keyhouse`` ships no demo code. It needs
keyhouse installed (``pip install . ./sandbox``) and uses two of its internals on purpose: the
provider registry (titles, which clients are installed) and the redaction of secrets.
Generated packages are imported inside the functions.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import struct
import sys
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TextIO

from keyhouse import Keyhouse, KeyhouseError
from keyhouse._redact import Secret, redact
from keyhouse._registry import REGISTRY
from keyhouse.events import EventCounter

from ._credentials import env_for
from ._server import Sandbox

__all__ = ["FLOWS", "DemoError", "async_flows", "bundle", "main", "run", "wav_bytes"]


class DemoError(KeyhouseError):
    """A demo flow got an answer it did not expect."""


def wav_bytes(seconds: float = 0.2, rate: int = 8000) -> bytes:
    """A tiny silent mono 16-bit WAV recording."""
    frames = int(seconds * rate)
    data = b"\x00\x00" * frames
    header = b"RIFF" + struct.pack("<I", 36 + len(data)) + b"WAVE"
    fmt = b"fmt " + struct.pack("<IHHIIHH", 16, 1, 1, rate, rate * 2, 2, 16)
    return header + fmt + b"data" + struct.pack("<I", len(data)) + data


def bundle() -> dict[str, Any]:
    """A FHIR Bundle for CardioExplorer: a patient and three observations."""
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
    draft = tests.create_draft_test(body=Bundle.from_dict(bundle()))
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
    """Login -> list sessions -> refresh (rotating the refresh token) -> sign out."""
    sessions = kh.ovok.sessions
    listed = sessions.list_sessions()
    kh.invalidate("ovok")  # the next token comes from the refresh token
    kh.token("ovok")
    sessions.list_sessions()
    kh.revoke("ovok")  # the session revoked (logout) and the token forgotten everywhere
    return f"{len(listed.sessions)} session(s), refreshed, signed out"


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


def _table(rows: Sequence[Sequence[str]], out: TextIO) -> None:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for n, row in enumerate(rows):
        print(
            "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip(), file=out
        )
        if n == 0:
            print("  ".join("-" * w for w in widths), file=out)


def run(out: TextIO | None = None) -> int:
    """Run the demo, printing to ``out`` (stdout); the exit status (1 when a flow failed)."""
    out = sys.stdout if out is None else out
    installed = [name for name in FLOWS if REGISTRY[name].installed()]
    missing = [REGISTRY[name] for name in FLOWS if name not in installed]
    if not installed:
        print(
            "the demo needs at least one provider's client: pip install "
            + " ".join(entry.distribution for entry in missing),
            file=sys.stderr,
        )
        return 2
    started = time.monotonic()
    with Sandbox() as sb:
        environ: dict[str, str] = {}
        for name in installed:
            environ.update(env_for(name, sb.base_url(name)))
        which = "every provider" if not missing else "every installed provider"
        print(f"sandbox on {sb.url}; {which} configured from its demo credentials\n", file=out)
        failed = 0
        counter = EventCounter()
        with Keyhouse.from_env(environ, hooks=[counter]) as kh:
            for name in installed:
                try:
                    summary = FLOWS[name](kh)
                except KeyhouseError as exc:
                    failed += 1
                    summary = f"FAILED: {redact(str(exc))}"
                print(f"  {REGISTRY[name].title:<18} {summary}", file=out)
            for entry in missing:
                print(
                    f"  {entry.title:<18} skipped: {entry.package} is not installed "
                    f"(pip install {entry.distribution}; from a checkout: pip install "
                    f"{entry.source})",
                    file=out,
                )
            if missing:
                summary = "skipped: the async side calls every provider"
            else:
                try:
                    summary = asyncio.run(async_flows(kh))
                except KeyhouseError as exc:
                    failed += 1
                    summary = f"FAILED: {redact(str(exc))}"
            print(f"  {'async (all)':<18} {summary}", file=out)
        print(file=out)
        rows = [["provider", "requests made", "logins", "refreshes"]]
        for name in installed:
            counters = sb.counters(name)
            rows.append([name, str(counters.total), str(counters.logins), str(counters.refreshes)])
        _table(rows, out)
        print(
            "\n(requests include token requests; Ovok logs in again after the flow's deliberate "
            "logout;\n IMIASSIST's refresh is its get_new_token.)",
            file=out,
        )
        print("\nwhat keyhouse saw (token events, keyhouse.events.EventCounter):\n", file=out)
        _events_table(counter, installed, out)
    print(f"\ndone in {time.monotonic() - started:.1f}s", file=out)
    return 1 if failed else 0


def _events_table(counter: EventCounter, names: Sequence[str], out: TextIO) -> None:
    """The run's token events per provider: what the requests cost in logins."""
    rows = [
        [
            "provider",
            "logins",
            "refreshes",
            "token requests",
            "cache hits",
            "401s",
            "retries",
            "failed",
            "login ms",
        ]
    ]
    counts = counter.counts()
    for name in names:
        seen = counts.get(name, {})
        hits = sum(n for what, n in seen.items() if what.startswith("cache:"))
        rows.append(
            [
                name,
                str(seen.get("login", 0)),
                str(seen.get("refresh", 0)),
                str(seen.get("token requests", 0)),
                str(hits),
                str(seen.get("invalidated:401", 0)),
                str(seen.get("retry", 0)),
                str(seen.get("failed", 0)),
                f"{counter.login_seconds(name) * 1000:.0f}",
            ]
        )
    _table(rows, out)


def main() -> int:
    """``python -m keyhouse_sandbox.demo``."""
    return run()


if __name__ == "__main__":
    sys.exit(main())
