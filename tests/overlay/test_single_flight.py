"""Cold cache, many callers: exactly one login per provider (sandbox counters)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from keyhouse import Keyhouse
from keyhouse_sandbox import Sandbox

from .conftest import PROVIDERS


def _async_calls(kh: Keyhouse) -> dict[str, Callable[[], Awaitable[Any]]]:
    from keyhouse_bforeai.api.auth import list_auth_headers
    from keyhouse_cardioexplorer.api.auth import generate_magic_link
    from keyhouse_imiassist.api.contacts import create_contact
    from keyhouse_imiassist.models import ContactRequest
    from keyhouse_nuxera.api.auth import get_me
    from keyhouse_ovok.api.sessions import list_sessions

    body = ContactRequest.from_dict({"first_name": "Many"})
    return {
        "cardioexplorer": lambda: generate_magic_link.asyncio_detailed(
            client=kh.cardioexplorer.client
        ),
        "bforeai": lambda: list_auth_headers.asyncio_detailed(client=kh.bforeai.client),
        "imiassist": lambda: create_contact.asyncio_detailed(client=kh.imiassist.client, body=body),
        "ovok": lambda: list_sessions.asyncio_detailed(client=kh.ovok.client),
        "nuxera": lambda: get_me.asyncio_detailed(client=kh.nuxera.client),
    }


def _sync_calls(kh: Keyhouse) -> dict[str, Callable[[], Any]]:
    from keyhouse_bforeai.api.auth import list_auth_headers
    from keyhouse_cardioexplorer.api.auth import generate_magic_link
    from keyhouse_imiassist.api.contacts import create_contact
    from keyhouse_imiassist.models import ContactRequest
    from keyhouse_nuxera.api.auth import get_me
    from keyhouse_ovok.api.sessions import list_sessions

    body = ContactRequest.from_dict({"first_name": "Many"})
    return {
        "cardioexplorer": lambda: generate_magic_link.sync_detailed(
            client=kh.cardioexplorer.client
        ),
        "bforeai": lambda: list_auth_headers.sync_detailed(client=kh.bforeai.client),
        "imiassist": lambda: create_contact.sync_detailed(client=kh.imiassist.client, body=body),
        "ovok": lambda: list_sessions.sync_detailed(client=kh.ovok.client),
        "nuxera": lambda: get_me.sync_detailed(client=kh.nuxera.client),
    }


async def test_1000_concurrent_async_requests_one_login_per_provider(
    kh: Keyhouse, sandbox: Sandbox
) -> None:
    calls = _async_calls(kh)
    names = [PROVIDERS[i % len(PROVIDERS)] for i in range(1000)]
    responses = await asyncio.gather(*(calls[name]() for name in names))
    assert {int(r.status_code) for r in responses} <= {200, 201}
    for name in PROVIDERS:
        assert sandbox.counters(name).logins == 1, name
    await kh.aclose()


def test_64_threads_one_login_per_provider(kh: Keyhouse, sandbox: Sandbox) -> None:
    calls = _sync_calls(kh)
    names = [PROVIDERS[i % len(PROVIDERS)] for i in range(64 * 5)]
    with ThreadPoolExecutor(max_workers=64) as pool:
        responses = list(pool.map(lambda name: calls[name](), names))
    assert {int(r.status_code) for r in responses} <= {200, 201}
    for name in PROVIDERS:
        assert sandbox.counters(name).logins == 1, name


def test_many_threads_token_single_flight(kh: Keyhouse, sandbox: Sandbox) -> None:
    with ThreadPoolExecutor(max_workers=64) as pool:
        tokens = list(pool.map(lambda _: kh.token("ovok"), range(64)))
    assert len(set(tokens)) == 1
    assert sandbox.counters("ovok").logins == 1
