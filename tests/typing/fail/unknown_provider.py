"""Type-checked only, and must FAIL: a provider name keyhouse does not know."""

from __future__ import annotations

from keyhouse import Keyhouse


def token(kh: Keyhouse) -> str:
    return kh.token("ovk")  # expected error: [arg-type]
