"""Sandbox faults: retried where safe, typed errors where not, POSTs never duplicated."""

from __future__ import annotations

import time

import pytest
from keyhouse import (
    Keyhouse,
    ProtocolError,
    ProviderUnavailableError,
    RateLimitedError,
    RetryPolicy,
    Settings,
)
from keyhouse_sandbox import Sandbox

from .conftest import environment

FAST = RetryPolicy(attempts=4, base=0.01, cap=0.05, total=10.0)


def _kh(sandbox: Sandbox, retry: RetryPolicy = FAST) -> Keyhouse:
    settings = Settings.from_env(environment(sandbox))
    settings = Settings(
        providers=settings.providers, cache=settings.cache, leeway=settings.leeway, retry=retry
    )
    return Keyhouse(settings)


def test_5xx_burst_on_idempotent_call_is_retried(sandbox: Sandbox) -> None:
    from keyhouse_ovok.api.sessions import list_sessions

    with _kh(sandbox) as kh:
        kh.token("ovok")
        sandbox.faults("ovok").fail_5xx(3, status=503, endpoint="GET /auth/session")
        assert list_sessions.sync_detailed(client=kh.ovok.client).status_code == 200
    assert sandbox.counters("ovok").requests["GET /auth/session"] == 4


@pytest.mark.parametrize("status", [502, 503, 504])
def test_5xx_burst_on_login_is_retried(sandbox: Sandbox, status: int) -> None:
    sandbox.faults("nuxera").fail_5xx(2, status=status, endpoint="POST /api/auth/login")
    with _kh(sandbox) as kh:
        assert kh.token("nuxera")
    assert sandbox.counters("nuxera").logins == 1


def test_429_is_retried_and_retry_after_honoured(sandbox: Sandbox) -> None:
    from keyhouse_bforeai.api.auth import list_auth_headers

    with _kh(sandbox) as kh:
        kh.token("bforeai")
        sandbox.faults("bforeai").rate_limit(1, retry_after=1, endpoint="GET /authheader/list")
        started = time.monotonic()
        assert list_auth_headers.sync_detailed(client=kh.bforeai.client).status_code == 200
        waited = time.monotonic() - started
    # the backoff alone would be ~0.01 s: only Retry-After explains the wait
    assert waited >= 0.9
    assert sandbox.counters("bforeai").requests["GET /authheader/list"] == 2


def test_retry_after_beyond_budget_raises_rate_limited(sandbox: Sandbox) -> None:
    from keyhouse_bforeai.api.auth import list_auth_headers

    policy = RetryPolicy(attempts=4, base=0.01, cap=0.05, total=2.0)
    with _kh(sandbox, policy) as kh:
        kh.token("bforeai")
        sandbox.faults("bforeai").rate_limit(1, retry_after=30, endpoint="GET /authheader/list")
        with pytest.raises(RateLimitedError) as info:
            list_auth_headers.sync_detailed(client=kh.bforeai.client)
    assert info.value.retry_after == 30
    assert info.value.status == 429
    assert sandbox.counters("bforeai").requests["GET /authheader/list"] == 1


async def test_async_5xx_and_429_are_retried(sandbox: Sandbox) -> None:
    from keyhouse_ovok.api.sessions import list_sessions

    async with _kh(sandbox) as kh:
        await kh.atoken("ovok")
        faults = sandbox.faults("ovok")
        faults.fail_5xx(2, endpoint="GET /auth/session")
        faults.rate_limit(1, retry_after=0, endpoint="GET /auth/session")
        response = await list_sessions.asyncio_detailed(client=kh.ovok.client)
        assert response.status_code == 200
    assert sandbox.counters("ovok").requests["GET /auth/session"] == 4


def test_malformed_business_body_raises_protocol_error(sandbox: Sandbox) -> None:
    from keyhouse_nuxera.api.auth import get_me

    with _kh(sandbox) as kh:
        kh.token("nuxera")
        sandbox.faults("nuxera").malformed_json(1, endpoint="GET /api/auth/me")
        with pytest.raises(ProtocolError):
            get_me.sync_detailed(client=kh.nuxera.client)


@pytest.mark.parametrize(
    ("name", "endpoint"),
    [
        ("cardioexplorer", "POST /api/organization-auth/authenticate"),
        ("bforeai", "POST /user/login"),
        ("imiassist", "POST /api/v1/auth/login"),
        ("ovok", "POST /v2/auth/login"),
        ("nuxera", "POST /api/auth/login"),
    ],
)
def test_malformed_token_body_raises_protocol_error(
    sandbox: Sandbox, name: str, endpoint: str
) -> None:
    sandbox.faults(name).malformed_json(1, endpoint=endpoint)
    with _kh(sandbox) as kh, pytest.raises(ProtocolError):
        kh.token(name)


def test_html_error_page_on_token_request(sandbox: Sandbox) -> None:
    sandbox.faults("ovok").html_error(10, status=502, endpoint="POST /v2/auth/login")
    with _kh(sandbox) as kh, pytest.raises(ProviderUnavailableError):
        kh.token("ovok")


@pytest.mark.parametrize("fault", ["fail_5xx", "rate_limit", "drop_connections"])
def test_post_business_call_is_never_duplicated(sandbox: Sandbox, fault: str) -> None:
    from keyhouse_imiassist.api.contacts import create_contact
    from keyhouse_imiassist.models import ContactRequest

    endpoint = "POST /api/v1/contacts"
    with _kh(sandbox) as kh:
        kh.token("imiassist")
        getattr(sandbox.faults("imiassist"), fault)(1, endpoint=endpoint)
        with pytest.raises((ProviderUnavailableError, RateLimitedError)):
            create_contact.sync_detailed(
                client=kh.imiassist.client, body=ContactRequest.from_dict({"first_name": "Once"})
            )
    assert sandbox.counters("imiassist").requests[endpoint] == 1


async def test_async_post_business_call_is_never_duplicated(sandbox: Sandbox) -> None:
    from keyhouse_cardioexplorer.api.auth import generate_magic_link

    endpoint = "POST /api/auth/magic-links/generate"
    async with _kh(sandbox) as kh:
        await kh.atoken("cardioexplorer")
        sandbox.faults("cardioexplorer").fail_5xx(1, endpoint=endpoint)
        with pytest.raises(ProviderUnavailableError):
            await generate_magic_link.asyncio_detailed(client=kh.cardioexplorer.client)
    assert sandbox.counters("cardioexplorer").requests[endpoint] == 1
