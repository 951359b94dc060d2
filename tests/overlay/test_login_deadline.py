"""Issue 12.4: a provider trickling its login answer a byte at a time cannot hold the login
(and every caller waiting for it) forever: the login has an overall deadline, and the next
call starts a fresh one. Before the fix the first call hung for the whole trickle."""

from __future__ import annotations

import asyncio
import threading

import pytest
from keyhouse import Keyhouse, ProviderUnavailableError
from keyhouse_sandbox import Sandbox

from .conftest import environment

pytestmark = pytest.mark.timeout(60)


def test_trickling_login_fails_by_its_deadline_and_the_next_call_logs_in(
    sandbox: Sandbox,
) -> None:
    env = environment(sandbox, "nuxera") | {"KEYHOUSE_TIMEOUT": "1"}
    sandbox.faults("nuxera").trickle(seconds=0.1, size=100_000, endpoint="POST /api/auth/login")
    with Keyhouse.from_env(env) as kh:
        errors: list[BaseException] = []

        def waiter() -> None:
            try:
                kh.token("nuxera")
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=waiter) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        assert not any(t.is_alive() for t in threads)
        assert len(errors) == 4
        assert all(isinstance(e, ProviderUnavailableError) for e in errors)
        assert kh.token("nuxera")  # the fault is spent: a fresh flight logs in
    assert sandbox.counters("nuxera").requests["POST /api/auth/login"] == 2


def test_trickling_login_fails_by_its_deadline_async(sandbox: Sandbox) -> None:
    env = environment(sandbox, "nuxera") | {"KEYHOUSE_TIMEOUT": "1"}
    sandbox.faults("nuxera").trickle(seconds=0.1, size=100_000, endpoint="POST /api/auth/login")

    async def main() -> str:
        async with Keyhouse.from_env(env) as kh:
            with pytest.raises(ProviderUnavailableError):
                await kh.atoken("nuxera")
            return await kh.atoken("nuxera")

    assert asyncio.run(main())
