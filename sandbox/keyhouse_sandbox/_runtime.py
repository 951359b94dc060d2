"""The mutable state every provider shares: counters, faults, token store, lifetimes, clock."""

from __future__ import annotations

import time

from ._counters import Counters
from ._faults import Faults
from ._tokens import TokenStore

__all__ = ["Runtime"]


class Runtime:
    """One provider's runtime. ``lifetimes`` maps a token kind to seconds."""

    def __init__(self, provider: str, lifetimes: dict[str, int]) -> None:
        self.provider = provider
        self.defaults = dict(lifetimes)
        self.lifetimes = dict(lifetimes)
        self.skew = 0.0
        self.counters = Counters()
        self.faults = Faults(self)
        self.tokens = TokenStore(provider, self.clock)

    def clock(self) -> float:
        """The provider's idea of now (wall clock plus the clock-skew fault)."""
        return time.time() + self.skew

    def lifetime(self, kind: str) -> int:
        return self.lifetimes[kind]

    def set_lifetime(self, **seconds: int | None) -> None:
        for kind, value in seconds.items():
            if kind not in self.defaults:
                known = ", ".join(sorted(self.defaults))
                raise ValueError(f"{self.provider} has no token kind {kind!r} (known: {known})")
            self.lifetimes[kind] = self.defaults[kind] if value is None else int(value)

    def reset(self) -> None:
        """Faults off, counters zero, documented lifetimes, no skew."""
        self.faults.clear()
        self.counters.reset()
        self.lifetimes = dict(self.defaults)
        self.skew = 0.0
