"""Type-checked only, and must FAIL: a Nuxera client passed to an Ovok endpoint function."""

from __future__ import annotations

from keyhouse import Keyhouse
from keyhouse_ovok.api.sessions import list_sessions


def sessions(kh: Keyhouse) -> object:
    return list_sessions.sync(client=kh.nuxera.client)  # expected error: [arg-type]
