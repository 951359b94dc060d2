"""Tenants: 50 per provider share one file cache, then one Redis; a quarter hold a wrong secret.

Every tenant runs concurrently with the others, twice (the second time as fresh processes
would: new ``Keyhouse`` objects, so tokens come from the shared cache). Each tenant with the
right credentials gets its own token (the sandbox's token store names whom it was issued to),
and the second time with no login; each tenant with a wrong secret (impersonating a tenant
whose token is in the cache) gets an ``AuthenticationError``, both times. bfore.ai API-key
tenants get their own key, never anyone else's. Nothing in the file or in Redis holds a token,
a secret, an API key or an identity in plain text.

Tenants are registered through the sandbox's admin API (``POST /_admin/tenants``).
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from keyhouse import AuthenticationError, Keyhouse
from keyhouse._cache import FileCache, TokenCache
from keyhouse_sandbox import SECRET_FIELDS, Sandbox, env_for, tenant_credentials

from tests.specdata import PROVIDERS

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]


TENANTS = 50  # configurations per provider
WRONG = TENANTS // 4  # of them with a wrong secret
FIRST = 50_000  # tenant numbers no other test uses


@dataclass(frozen=True, eq=False)
class Tenant:
    provider: str
    credentials: dict[str, str]
    subject: str | None  # whom its token must name; None: a wrong secret (no token at all)
    api_key: str | None = None  # a bfore.ai API-key tenant: its token is this key

    @property
    def name(self) -> str:
        return "bforeai-key" if self.api_key else self.provider


def _subject(provider: str, credentials: dict[str, str]) -> str:
    return {
        "cardioexplorer": credentials.get("client_id", ""),
        "bforeai": credentials.get("username", ""),
        "imiassist": credentials.get("email", ""),
        "ovok": credentials.get("email", ""),
        "nuxera": "user-" + credentials.get("username", ""),
    }[provider]


def _tenants() -> list[Tenant]:
    """Per provider: TENANTS - WRONG right tenants and WRONG impersonators; API-key tenants."""
    tenants: list[Tenant] = []
    for provider in PROVIDERS:
        right = [tenant_credentials(provider, FIRST + i) for i in range(TENANTS - WRONG)]
        tenants += [Tenant(provider, c, _subject(provider, c)) for c in right]
        field = SECRET_FIELDS[provider]
        tenants += [
            Tenant(provider, {**c, field: c[field] + "-wrong"}, None) for c in right[:WRONG]
        ]
    for i in range(TENANTS - WRONG):
        account = tenant_credentials("bforeai", FIRST + 1000 + i)
        key = hashlib.sha256(account["password"].encode()).hexdigest()[:32]
        tenants.append(Tenant("bforeai", {**account, "api_key": key}, account["username"], key))
    return tenants


TENANT_LIST = _tenants()


def _register(sandbox: Sandbox) -> None:
    """Every right tenant's account, over the admin API."""
    accounts: dict[str, list[dict[str, str]]] = {p: [] for p in PROVIDERS}
    for tenant in TENANT_LIST:
        if tenant.subject is not None:
            accounts[tenant.provider].append(tenant.credentials)
    with httpx.Client(base_url=sandbox.url) as admin:
        for provider, credentials in accounts.items():
            response = admin.post(
                "/_admin/tenants", json={"provider": provider, "tenants": credentials}
            )
            assert response.json() == {"added": len(credentials)}


def _settings_of(tenant: Tenant) -> dict[str, str]:
    if tenant.api_key is not None:
        return {"api_key": tenant.api_key}
    return tenant.credentials


def _run(sandbox: Sandbox, tenant: Tenant, cache: TokenCache) -> str | Exception:
    env = env_for(tenant.provider, sandbox.base_url(tenant.provider), _settings_of(tenant))
    with Keyhouse.from_env(env, cache=cache) as kh:
        try:
            return kh.token(tenant.provider)
        except AuthenticationError as exc:
            return exc


def _round(sandbox: Sandbox, cache: TokenCache, seed: int) -> dict[Tenant, str | Exception]:
    order = list(TENANT_LIST)
    random.Random(seed).shuffle(order)
    with ThreadPoolExecutor(max_workers=24) as pool:
        results = list(pool.map(lambda t: _run(sandbox, t, cache), order))
    return dict(zip(order, results, strict=True))


def _check(sandbox: Sandbox, results: dict[Tenant, str | Exception]) -> None:
    wrong_got: list[str] = []
    mismatched: list[str] = []
    for tenant, result in results.items():
        if tenant.subject is None:
            if not isinstance(result, AuthenticationError):
                wrong_got.append(f"{tenant.name}: {type(result).__name__}")
            continue
        if not isinstance(result, str):
            mismatched.append(f"{tenant.name}: {result!r}")
        elif tenant.api_key is not None:
            if result != tenant.api_key:
                mismatched.append(f"{tenant.name}: another tenant's API key")
        else:
            issued = sandbox.provider(tenant.provider).runtime.tokens.lookup(result)
            if issued is None or issued.subject != tenant.subject:
                mismatched.append(f"{tenant.name}: a token of {issued and issued.subject!r}")
    assert wrong_got == [], "a wrong secret got a token"
    assert mismatched == [], "a right tenant did not get its own token"


def _plain_text(stored: bytes) -> list[str]:
    needles: set[str] = set()
    for tenant in TENANT_LIST:
        needles.update(v for v in tenant.credentials.values() if len(v) >= 8)
    return sorted(n for n in needles if n.encode() in stored)


@pytest.fixture(params=["file", "redis"])
def cache(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[TokenCache]:
    if request.param == "file":
        yield FileCache(tmp_path / "tokens.json")
        return
    from keyhouse._cache import RedisCache

    redis_cache = RedisCache(request.getfixturevalue("redis_url"), prefix="tenants:")
    redis_cache._client.flushdb()  # type: ignore[no-untyped-call]
    yield redis_cache
    redis_cache.close()


def _stored(cache: TokenCache) -> bytes:
    if isinstance(cache, FileCache):
        return b"\n".join(f.name.encode() + b"=" + f.read_bytes() for f in cache.folder.iterdir())
    client = cache._client  # type: ignore[attr-defined]
    names = sorted(client.keys("tenants:*"))
    return b"\n".join(n + b"=" + (client.get(n) or b"") for n in names)


@pytest.mark.redis
def test_tenants_share_caches_and_never_each_others_tokens(
    sandbox: Sandbox, cache: TokenCache
) -> None:
    _register(sandbox)
    first = _round(sandbox, cache, seed=1)
    _check(sandbox, first)
    logins = {p: sandbox.counters(p).logins for p in PROVIDERS}
    tokens = {p: sandbox.counters(p).refreshes for p in PROVIDERS}

    second = _round(sandbox, cache, seed=2)  # fresh Keyhouse objects: tokens from the cache
    _check(sandbox, second)
    assert {p: sandbox.counters(p).logins for p in PROVIDERS} == logins
    assert {p: sandbox.counters(p).refreshes for p in PROVIDERS} == tokens
    for tenant in TENANT_LIST:
        if tenant.subject is not None:
            assert second[tenant] == first[tenant], f"{tenant.name}: not served from the cache"

    stored = _stored(cache)
    tokens_at_rest = [t for t in first.values() if isinstance(t, str) and t.encode() in stored]
    assert tokens_at_rest == [], "a token in plain text at rest"
    assert _plain_text(stored) == [], "a secret, key or identity in plain text at rest"
    right = sum(1 for t in TENANT_LIST if t.subject is not None and t.api_key is None)
    assert stored.count(b"2.") >= right  # one sealed record per right tenant
