"""Per-provider counters a test reads to assert "exactly one login"."""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field

__all__ = ["CounterSnapshot", "Counters"]


@dataclass(frozen=True)
class CounterSnapshot:
    """A consistent copy of one provider's counters.

    ``requests`` is keyed by ``"METHOD /path/template"`` relative to the provider's prefix
    (``"POST /v2/auth/login"``) and counts every request that reached an endpoint, faulted or
    not. ``logins`` and ``refreshes`` count credentials actually issued; ``faulted`` counts
    requests answered by a fault.
    """

    logins: int = 0
    refreshes: int = 0
    total: int = 0
    faulted: int = 0
    requests: Counter[str] = field(default_factory=Counter)


class Counters:
    """Thread-safe counters of one provider (the server thread writes, tests read)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._reset()

    def _reset(self) -> None:
        self._logins = 0
        self._refreshes = 0
        self._faulted = 0
        self._requests: Counter[str] = Counter()

    def request(self, key: str) -> None:
        with self._lock:
            self._requests[key] += 1

    def login(self) -> None:
        with self._lock:
            self._logins += 1

    def refresh(self) -> None:
        with self._lock:
            self._refreshes += 1

    def fault(self) -> None:
        with self._lock:
            self._faulted += 1

    def reset(self) -> None:
        with self._lock:
            self._reset()

    def snapshot(self) -> CounterSnapshot:
        with self._lock:
            requests = Counter(self._requests)
            return CounterSnapshot(
                logins=self._logins,
                refreshes=self._refreshes,
                total=sum(requests.values()),
                faulted=self._faulted,
                requests=requests,
            )
