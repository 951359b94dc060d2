"""pytest plugin: a ``sandbox`` fixture (registered through the ``pytest11`` entry point).

``sandbox_server`` is one server per test session; ``sandbox`` hands it to a test after
switching every fault off, zeroing counters, restoring documented lifetimes and forgetting
provider data, so tests do not leak into each other.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ._server import Sandbox


@pytest.fixture(scope="session")
def sandbox_server() -> Iterator[Sandbox]:
    """The session's sandbox, started once (admin routes enabled: it only listens locally)."""
    with Sandbox(admin=True) as sb:
        yield sb


@pytest.fixture
def sandbox(sandbox_server: Sandbox) -> Iterator[Sandbox]:
    """The session's sandbox, reset before and after the test."""
    sandbox_server.reset(state=True)
    yield sandbox_server
    sandbox_server.reset(state=True)
