"""Sign-out (issue 9.7): ``kh.revoke`` / ``kh.arevoke`` and revoke-on-close, through the sandbox.

After a revoke the provider refuses the old token (the sandbox's token state), no cache tier
(memory, file, Redis) holds it, and the next call logs in exactly once.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from keyhouse import (
    Keyhouse,
    ProtocolError,
    ProviderUnavailableError,
    RetryPolicy,
    Settings,
)
from keyhouse_sandbox import BFOREAI_DEMO_API_KEY, Sandbox, env_for

from .conftest import PROVIDERS, environment

# The providers with a documented sign-out, the request it is, and an operation that needs
# the token (to see that the provider refuses the old one).
REVOCABLE = {
    "bforeai": ("GET /user/logout", "GET", "/v2/feed/intel"),
    "ovok": ("DELETE /auth/session/{option}", "GET", "/auth/session"),
}


@pytest.fixture(params=["memory", "file", "redis"])
def cache(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "memory":
        yield "memory"
    elif request.param == "file":
        yield f"file:{tmp_path / 'tokens.json'}"
    else:
        import redis

        url = request.getfixturevalue("redis_url")
        client = redis.Redis.from_url(url)
        try:  # the server lives for the session: no token of an earlier test's sandbox
            client.flushdb()
        finally:
            client.close()
        yield url


def _env(sandbox: Sandbox, cache: str, *names: str, **extra: str) -> dict[str, str]:
    return {**environment(sandbox, *names), "KEYHOUSE_CACHE": cache, **extra}


def _ovok_values(sandbox: Sandbox) -> dict[str, str]:
    env = env_for("ovok", sandbox.base_url("ovok"))
    return {k[len("KEYHOUSE_OVOK_") :].lower(): v for k, v in env.items()}


def _accepted(sandbox: Sandbox, name: str, token: str) -> bool:
    """Whether the sandbox takes ``token`` on an authenticated operation of ``name``."""
    _, method, path = REVOCABLE[name]
    response = httpx.request(
        method,
        sandbox.base_url(name) + path,
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )
    assert response.status_code in (200, 401), response.status_code
    return response.status_code == 200


def _stored(kh: Keyhouse, name: str) -> str | None:
    """The token the cache holds for ``name`` (read through the cache's own interface), and
    for Redis and the file, a check at rest that the record's name is gone too."""
    manager = kh.manager(name)  # type: ignore[arg-type]
    credential = manager.cache.get(manager.key)
    spec = kh.settings.cache
    if spec.startswith("file:"):
        from keyhouse._cache import FileCache

        assert isinstance(manager.cache, FileCache)
        assert manager.cache._record(manager.key).exists() == (credential is not None)
    elif spec.startswith("redis://"):
        import redis

        client = redis.Redis.from_url(spec)
        try:
            present = bool(client.exists("keyhouse:" + manager.key.name))
        finally:
            client.close()
        assert present == (credential is not None)
    return None if credential is None else credential.token


@pytest.mark.parametrize("name", sorted(REVOCABLE))
def test_revoke_signs_out_and_forgets_everywhere(sandbox: Sandbox, cache: str, name: str) -> None:
    with Keyhouse.from_env(_env(sandbox, cache, name)) as kh:
        old = kh.token(name)  # type: ignore[arg-type]
        assert _stored(kh, name) == old
        assert _accepted(sandbox, name, old)
        before = sandbox.counters(name)

        kh.revoke(name)  # type: ignore[arg-type]

        after = sandbox.counters(name)
        assert after.requests[REVOCABLE[name][0]] == before.requests[REVOCABLE[name][0]] + 1
        assert not _accepted(sandbox, name, old)  # the provider refuses it now
        assert _stored(kh, name) is None  # no cache tier holds it
        assert kh.manager(name).current() is None  # type: ignore[arg-type]

        new = kh.token(name)  # type: ignore[arg-type]
        assert new != old
        assert sandbox.counters(name).logins == after.logins + 1  # the next call: one login
        assert sandbox.counters(name).refreshes == after.refreshes  # no revoked refresh token
        assert _accepted(sandbox, name, new)


@pytest.mark.parametrize("name", sorted(REVOCABLE))
async def test_arevoke_signs_out_and_forgets_everywhere(
    sandbox: Sandbox, cache: str, name: str
) -> None:
    kh = Keyhouse.from_env(_env(sandbox, cache, name))
    try:
        old = await kh.atoken(name)  # type: ignore[arg-type]
        logins = sandbox.counters(name).logins
        await kh.arevoke(name)  # type: ignore[arg-type]
        assert not await asyncio.to_thread(_accepted, sandbox, name, old)
        assert await asyncio.to_thread(_stored, kh, name) is None
        new = await kh.atoken(name)  # type: ignore[arg-type]
        assert new != old
        assert sandbox.counters(name).logins == logins + 1
    finally:
        await kh.aclose()


def test_revoke_with_no_token_sends_nothing(sandbox: Sandbox) -> None:
    with Keyhouse.from_env(environment(sandbox)) as kh:
        for name in PROVIDERS:
            kh.revoke(name)  # type: ignore[arg-type]
            counters = sandbox.counters(name)
            assert counters.total == 0, (name, counters.requests)


async def test_arevoke_twice_sends_one_revocation(sandbox: Sandbox) -> None:
    kh = Keyhouse.from_env(environment(sandbox, "ovok"))
    try:
        await kh.atoken("ovok")
        await kh.arevoke("ovok")
        await kh.arevoke("ovok")
        assert sandbox.counters("ovok").requests["DELETE /auth/session/{option}"] == 1
    finally:
        await kh.aclose()


@pytest.mark.parametrize("name", ["cardioexplorer", "imiassist", "nuxera"])
def test_revoke_without_an_endpoint_forgets(sandbox: Sandbox, tmp_path: Path, name: str) -> None:
    cache = f"file:{tmp_path / 'tokens.json'}"
    with Keyhouse.from_env(_env(sandbox, cache, name)) as kh:
        old = kh.token(name)  # type: ignore[arg-type]
        total = sandbox.counters(name).total
        kh.revoke(name)  # type: ignore[arg-type]
        assert sandbox.counters(name).total == total  # nothing to call
        assert _stored(kh, name) is None
        assert kh.token(name) != old  # type: ignore[arg-type]
        assert sandbox.counters(name).logins == 2


def test_bforeai_api_key_is_kept(sandbox: Sandbox) -> None:
    env = {
        "KEYHOUSE_BFOREAI_BASE_URL": sandbox.base_url("bforeai"),
        "KEYHOUSE_BFOREAI_API_KEY": "bf-static-key-0123456789",
    }
    with Keyhouse.from_env(env) as kh:
        assert kh.token("bforeai") == "bf-static-key-0123456789"
        kh.revoke("bforeai")
        assert sandbox.counters("bforeai").total == 0  # a configured key is not ours to revoke
        assert kh.token("bforeai") == "bf-static-key-0123456789"


def test_another_process_sharing_the_cache_logs_in_once(sandbox: Sandbox, tmp_path: Path) -> None:
    """A second Keyhouse on the same file cache holds the revoked token in its memory: its
    next call is refused by the provider, finds no record in the cache, and logs in once."""
    env = _env(sandbox, f"file:{tmp_path / 'tokens.json'}", "ovok")
    with Keyhouse.from_env(env) as first, Keyhouse.from_env(env) as second:
        old = first.token("ovok")
        assert second.token("ovok") == old  # shared through the file
        assert sandbox.counters("ovok").logins == 1
        first.revoke("ovok")
        sessions = second.ovok.sessions.list_sessions()  # 401, invalidate, one login
        assert len(sessions.sessions) == 1
        assert sandbox.counters("ovok").logins == 2
        assert first.token("ovok") == second.token("ovok") != old  # the new one is shared
        assert sandbox.counters("ovok").logins == 2


def test_revoke_failure_is_typed_and_still_forgets(sandbox: Sandbox, tmp_path: Path) -> None:
    with Keyhouse.from_env(_env(sandbox, f"file:{tmp_path / 't.json'}", "bforeai")) as kh:
        kh.token("bforeai")
        sandbox.faults("bforeai").html_error(status=400, endpoint="GET /user/logout")
        with pytest.raises(ProtocolError, match=r"logout request .*HTML page"):
            kh.revoke("bforeai")
        assert _stored(kh, "bforeai") is None
        assert kh.manager("bforeai").current() is None
        kh.token("bforeai")
        assert sandbox.counters("bforeai").logins == 2


async def test_arevoke_outage_is_typed(sandbox: Sandbox) -> None:
    settings = Settings.build(
        retry=RetryPolicy(attempts=2, total=2.0),
        **{"ovok": _ovok_values(sandbox)},
    )
    kh = Keyhouse(settings)
    try:
        await kh.atoken("ovok")
        sandbox.faults("ovok").fail_5xx(5, endpoint="DELETE /auth/session/{option}")
        with pytest.raises(ProviderUnavailableError, match="revoke_session request"):
            await kh.arevoke("ovok")
        assert kh.manager("ovok").current() is None
    finally:
        await kh.aclose()


def test_unsupported_session_revocation_forgets_with_a_warning(
    sandbox: Sandbox, caplog: pytest.LogCaptureFixture
) -> None:
    with Keyhouse.from_env(environment(sandbox, "ovok")) as kh:
        kh.token("ovok")
        sandbox.faults("ovok").unsupported(1, endpoint="DELETE /auth/session/{option}")
        kh.revoke("ovok")  # x-unverified: 404 means "no such operation here"
        assert "forgotten, not revoked" in caplog.text
        assert kh.manager("ovok").current() is None


@pytest.mark.parametrize("env_value", ["1", "true"])
def test_revoke_on_close_from_env(sandbox: Sandbox, cache: str, env_value: str) -> None:
    env = _env(sandbox, cache, "bforeai", "ovok", KEYHOUSE_REVOKE_ON_CLOSE=env_value)
    kh = Keyhouse.from_env(env)
    assert kh.settings.revoke_on_close
    tokens = {name: kh.token(name) for name in ("bforeai", "ovok")}  # type: ignore[arg-type]
    kh.close()
    for name, token in tokens.items():
        assert sandbox.counters(name).requests[REVOCABLE[name][0]] == 1
        assert not _accepted(sandbox, name, token)
    with Keyhouse.from_env({**env, "KEYHOUSE_REVOKE_ON_CLOSE": "0"}) as again:
        assert _stored(again, "ovok") is None
        assert _stored(again, "bforeai") is None


async def test_revoke_on_close_async(sandbox: Sandbox) -> None:
    settings = Settings.build(revoke_on_close=True, ovok=_ovok_values(sandbox))
    async with Keyhouse(settings) as kh:
        token = await kh.atoken("ovok")
    assert sandbox.counters("ovok").requests["DELETE /auth/session/{option}"] == 1
    assert not await asyncio.to_thread(_accepted, sandbox, "ovok", token)


def test_revoke_on_close_is_off_by_default(sandbox: Sandbox) -> None:
    with Keyhouse.from_env(environment(sandbox, "ovok")) as kh:
        token = kh.token("ovok")
    assert sandbox.counters("ovok").requests["DELETE /auth/session/{option}"] == 0
    assert _accepted(sandbox, "ovok", token)


def test_revoke_on_close_failure_is_a_warning(
    sandbox: Sandbox, caplog: pytest.LogCaptureFixture
) -> None:
    env = {**environment(sandbox, "bforeai"), "KEYHOUSE_REVOKE_ON_CLOSE": "on"}
    kh = Keyhouse.from_env(env)
    kh.token("bforeai")
    sandbox.faults("bforeai").html_error(status=400, endpoint="GET /user/logout")
    kh.close()  # does not raise
    assert "sign-out on close failed" in caplog.text


def test_revoke_on_close_setting_is_checked() -> None:
    from keyhouse import ConfigurationError

    with pytest.raises(ConfigurationError, match="KEYHOUSE_REVOKE_ON_CLOSE"):
        Settings.from_env({"KEYHOUSE_REVOKE_ON_CLOSE": "maybe"})
    assert Settings.build(revoke_on_close=True).revoke_on_close
    assert not Settings.from_env({}).revoke_on_close


def test_ovok_expired_access_token_is_renewed_to_end_the_session(sandbox: Sandbox) -> None:
    """The session is named by its access token: with only the refresh token still alive,
    sign-out renews first, then revokes, so the session (and its refresh token) ends."""
    sandbox.set_lifetime("ovok", access=2)
    with Keyhouse.from_env(environment(sandbox, "ovok")) as kh:
        kh.token("ovok")
        time.sleep(2.3)  # the access token has expired; the refresh token has not
        kh.revoke("ovok")
        counters = sandbox.counters("ovok")
        assert counters.refreshes == 1
        assert counters.requests["DELETE /auth/session/{option}"] == 1
        sandbox.set_lifetime("ovok", access=None)
        sessions = kh.ovok.sessions.list_sessions()  # a new login: the only session left
        assert len(sessions.sessions) == 1
        assert sandbox.counters("ovok").logins == 2


@pytest.mark.parametrize("name", ["bforeai", "ovok"])
def test_a_sign_out_is_one_token_revoked_event(sandbox: Sandbox, name: str) -> None:
    from keyhouse.events import EventCounter

    counter = EventCounter()
    with Keyhouse.from_env(environment(sandbox, name), hooks=[counter]) as kh:
        kh.token(name)  # type: ignore[arg-type]
        kh.revoke(name)  # type: ignore[arg-type]
        kh.revoke(name)  # type: ignore[arg-type]  (nothing left: no second event)
    assert counter.counts()[name].get("revoked") == 1


def _key_only_or_demo(sandbox: Sandbox, name: str) -> dict[str, str]:
    env = env_for(name, sandbox.base_url(name))
    if name == "bforeai":  # a configured API key alone: no login, nothing issued to revoke
        env = {k: v for k, v in env.items() if not k.endswith(("_USERNAME", "_PASSWORD"))}
        env["KEYHOUSE_BFOREAI_API_KEY"] = BFOREAI_DEMO_API_KEY
    return env


@pytest.mark.parametrize("name", ["nuxera", "cardioexplorer", "imiassist", "bforeai"])
def test_a_sign_out_that_sends_no_revocation_reports_none(sandbox: Sandbox, name: str) -> None:
    """README: a provider without a revocation endpoint "only has its token forgotten", and a
    configured bfore.ai API_KEY "is left alone"; TokenRevoked is "a token revoked at the provider
    (sign-out)". Nothing is sent to the provider here, so no TokenRevoked (nor a
    keyhouse.token.revocations count, nor an INFO "token revoked" line) may claim one: every
    sign-out that did not raise was reported as a revocation."""
    from keyhouse.events import Event, EventCounter, TokenRevoked

    events: list[Event] = []
    counter = EventCounter()
    with Keyhouse.from_env(_key_only_or_demo(sandbox, name), hooks=[events.append, counter]) as kh:
        kh.token(name)  # type: ignore[arg-type]
        sandbox.reset_counters(name)
        kh.revoke(name)  # type: ignore[arg-type]
        assert sandbox.counters(name).total == 0  # no revocation request left the process
    assert not [e for e in events if isinstance(e, TokenRevoked)], events
    assert "revoked" not in counter.counts().get(name, {})
