"""Type-checked only, and must FAIL: a misspelt keyword argument of a resource method."""

from __future__ import annotations

from keyhouse import Keyhouse


def intel(kh: Keyhouse) -> object:
    return kh.bforeai.intel.get_intel_feed(pgae=2)  # expected error: [call-arg]
