"""Type-checked only, and must FAIL: a provider name keyhouse does not know."""

from __future__ import annotations

from keyhouse import Keyhouse


def client(kh: Keyhouse) -> object:
    return kh.client("ovk")  # expected error: [call-overload]
