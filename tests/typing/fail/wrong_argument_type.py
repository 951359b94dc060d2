"""Type-checked only, and must FAIL: an argument of the wrong type to a resource method."""

from __future__ import annotations

from keyhouse import Keyhouse


def intel(kh: Keyhouse) -> object:
    return kh.bforeai.intel.get_intel_feed(page="two")  # expected error: [arg-type]
