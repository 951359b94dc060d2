"""Type-checked only, and must FAIL: the result of a call treated as the error model."""

from __future__ import annotations

from keyhouse import Keyhouse
from keyhouse_ovok.models import ErrorBody


def sessions(kh: Keyhouse) -> str:
    result = kh.ovok.sessions.list_sessions()
    body: ErrorBody = result  # expected error: [assignment]
    return str(body)
