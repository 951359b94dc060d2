"""A failed login falls back to the operation's next ``security`` alternative the settings
provide on their own, as the spec orders them: bfore.ai with both a login and ``API_KEY``
keeps its intel feed (bearer or key) while the login is refused, e.g. after the password
expired, which bfore.ai documents. Bearer-only operations still raise the login's error.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator

import httpx
import pytest
from keyhouse import Keyhouse, PasswordExpiredError
from keyhouse_sandbox import BFOREAI_DEMO_API_KEY, Sandbox

from .conftest import environment


@pytest.fixture
def expired(sandbox: Sandbox) -> Iterator[dict[str, str]]:
    """bfore.ai settings with a login whose password has expired, and the demo API key."""
    env = {**environment(sandbox, "bforeai"), "KEYHOUSE_BFOREAI_API_KEY": BFOREAI_DEMO_API_KEY}
    provider = sandbox.provider("bforeai")
    username = env["KEYHOUSE_BFOREAI_USERNAME"]
    provider.set_password_expired(username)  # type: ignore[attr-defined]
    try:
        yield env
    finally:
        provider.set_password_expired(username, False)  # type: ignore[attr-defined]


def _feed(http: httpx.Client) -> httpx.Response:
    return http.get("/v2/feed/intel")


def test_a_refused_login_falls_back_to_the_key_where_the_spec_allows(
    sandbox: Sandbox, expired: dict[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, "keyhouse"), Keyhouse.from_env(expired) as kh:
        http = kh.bforeai.client.get_httpx_client()
        assert _feed(http).status_code == 200  # the sandbox checks X-Authorization
    assert any("sent with API_KEY" in r.getMessage() for r in caplog.records)
    assert not any(BFOREAI_DEMO_API_KEY in r.getMessage() for r in caplog.records)


def test_a_bearer_only_operation_still_raises_the_logins_error(
    sandbox: Sandbox, expired: dict[str, str]
) -> None:
    before = sandbox.counters("bforeai").total
    with Keyhouse.from_env(expired) as kh:
        http = kh.bforeai.client.get_httpx_client()
        with pytest.raises(PasswordExpiredError):
            http.get("/authheader/list")
    assert sandbox.counters("bforeai").total == before + 1  # the login; the call was not sent


def test_the_async_flow_falls_back_too(sandbox: Sandbox, expired: dict[str, str]) -> None:
    async def run() -> int:
        async with Keyhouse.from_env(expired) as kh:
            http = kh.bforeai.client.get_async_httpx_client()
            return (await http.get("/v2/feed/intel")).status_code

    assert asyncio.run(run()) == 200


def test_the_login_is_tried_again_and_used_once_it_works(
    sandbox: Sandbox, expired: dict[str, str]
) -> None:
    with Keyhouse.from_env(expired) as kh:
        http = kh.bforeai.client.get_httpx_client()
        assert _feed(http).status_code == 200  # by key
        username = expired["KEYHOUSE_BFOREAI_USERNAME"]
        sandbox.provider("bforeai").set_password_expired(username, False)  # type: ignore[attr-defined]
        logins = sandbox.counters("bforeai").logins
        for _ in range(3):
            assert _feed(http).status_code == 200
        assert sandbox.counters("bforeai").logins == logins + 1  # tried again, then kept
        assert kh.manager("bforeai").current() is not None  # a token: the bearer is sent


def test_without_a_key_the_refused_login_is_raised(sandbox: Sandbox) -> None:
    env = environment(sandbox, "bforeai")
    provider = sandbox.provider("bforeai")
    provider.set_password_expired(env["KEYHOUSE_BFOREAI_USERNAME"])  # type: ignore[attr-defined]
    try:
        with Keyhouse.from_env(env) as kh, pytest.raises(PasswordExpiredError):
            _feed(kh.bforeai.client.get_httpx_client())
    finally:
        provider.set_password_expired(env["KEYHOUSE_BFOREAI_USERNAME"], False)  # type: ignore[attr-defined]
