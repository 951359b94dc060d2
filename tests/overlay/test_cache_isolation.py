"""Shared caches are hostile: a token is only served to a caller holding the same credentials.

Issue 12: cache keys bound to the secrets (a wrong secret gets no cached token, on any
provider, in any cache), static API keys never cached, nothing usable in plain text at rest,
old cache files ignored, untrusted cache files and folders refused.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import logging
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from keyhouse import AuthenticationError, Keyhouse
from keyhouse._cache import FileCache, MemoryCache, TokenCache
from keyhouse_sandbox import SECRET_FIELDS, Sandbox, env_for, tenant_credentials

from .conftest import PROVIDERS

_INDEX = itertools.count(10_000)  # tenant numbers no other test uses


def tenant(sandbox: Sandbox, provider: str) -> dict[str, str]:
    """A fresh tenant the sandbox accepts."""
    credentials = tenant_credentials(provider, next(_INDEX))
    sandbox.add_tenant(provider, **credentials)
    return credentials


def wrong(provider: str, credentials: dict[str, str]) -> dict[str, str]:
    """The same identity with a wrong secret."""
    field = SECRET_FIELDS[provider]
    return {**credentials, field: credentials[field] + "-wrong"}


def keyhouse(
    sandbox: Sandbox, provider: str, credentials: dict[str, str], cache: TokenCache
) -> Keyhouse:
    return Keyhouse.from_env(
        env_for(provider, sandbox.base_url(provider), credentials), cache=cache
    )


@pytest.fixture(params=["memory", "file", "redis"])
def shared(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[TokenCache]:
    """One cache object shared by every Keyhouse of a test."""
    if request.param == "memory":
        yield MemoryCache()
    elif request.param == "file":
        yield FileCache(tmp_path / "tokens.json")
    else:
        from keyhouse._cache import RedisCache

        url = request.getfixturevalue("redis_url")
        cache = RedisCache(url, prefix=f"iso-{request.node.name}:")
        yield cache
        cache.close()


def at_rest(cache: TokenCache) -> bytes:
    """Everything the cache holds outside the process (for the memory cache: its records)."""
    if isinstance(cache, FileCache):
        files = sorted(cache.folder.iterdir()) if cache.folder.exists() else []
        return b"\n".join(f.name.encode() + b"=" + f.read_bytes() for f in files)
    if isinstance(cache, MemoryCache):
        return "\n".join(c.token for c in cache._data.values()).encode()
    import redis

    client = redis.Redis.from_url(cache.url)  # type: ignore[attr-defined]
    names = sorted(client.keys(cache.prefix + "*"))  # type: ignore[attr-defined]
    return b"\n".join(n + b"=" + (client.get(n) or b"") for n in names)


@pytest.mark.parametrize("provider", PROVIDERS)
def test_wrong_secret_gets_no_cached_token(
    sandbox: Sandbox, shared: TokenCache, provider: str
) -> None:
    victim = tenant(sandbox, provider)
    with keyhouse(sandbox, provider, victim, shared) as kh:
        token = kh.token(provider)
    logins = sandbox.counters(provider).logins
    with (
        keyhouse(sandbox, provider, wrong(provider, victim), shared) as attacker,
        pytest.raises(AuthenticationError),
    ):
        attacker.token(provider)
    assert sandbox.counters(provider).logins == logins  # refused: no token issued
    # the victim's record is still there and still served to the victim, with no login
    with keyhouse(sandbox, provider, victim, shared) as kh:
        assert kh.token(provider) == token
    assert sandbox.counters(provider).logins == logins


def test_bforeai_api_keys_are_never_shared_or_cached(sandbox: Sandbox, shared: TokenCache) -> None:
    keys = []
    for _ in range(2):
        credentials = tenant(sandbox, "bforeai")
        key = hashlib.sha256(credentials["password"].encode()).hexdigest()[:32]
        sandbox.add_tenant("bforeai", **credentials, api_key=key)
        keys.append(key)
    for key in keys:
        with keyhouse(sandbox, "bforeai", {"api_key": key}, shared) as kh:
            assert kh.token("bforeai") == key
            assert kh.bforeai.client.get_httpx_client().get("/v2/feed/intel").status_code == 200
    stored = at_rest(shared)
    assert not any(key.encode() in stored for key in keys)
    if isinstance(shared, MemoryCache):
        assert "0 entries" in repr(shared)


@pytest.mark.parametrize("kind", ["file", "redis"])
def test_no_token_secret_or_identity_in_plain_text_at_rest(
    sandbox: Sandbox, kind: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    cache: TokenCache
    if kind == "file":
        cache = FileCache(tmp_path / "tokens.json")
    else:
        from keyhouse._cache import RedisCache

        cache = RedisCache(request.getfixturevalue("redis_url"), prefix="plain:")
    needles: list[str] = []
    for provider in PROVIDERS:
        credentials = tenant(sandbox, provider)
        with keyhouse(sandbox, provider, credentials, cache) as kh:
            token = kh.token(provider)
            credential = kh.manager(provider).current()
        assert credential is not None
        needles += [token, *credential.extra.values(), *credentials.values()]
        if credential.refresh_token:
            needles.append(credential.refresh_token)
    stored = at_rest(cache)
    assert stored
    leaked = [n for n in needles if len(n) >= 8 and n.encode() in stored]
    assert leaked == []


def _v1_key(provider: str, base_url: str, identity: str) -> str:
    """The cache key of format version 1 (identity only, no secret)."""
    digest = hashlib.sha256("\x1f".join((provider, base_url.rstrip("/"), identity)).encode())
    return f"{provider}:{digest.hexdigest()[:40]}"


def test_old_format_file_is_ignored_not_misread(sandbox: Sandbox, tmp_path: Path) -> None:
    credentials = tenant(sandbox, "nuxera")
    base = sandbox.base_url("nuxera")
    path = tmp_path / "tokens.json"
    planted = {"v": 1, "token": "planted-v1-token", "obtained_at": 1.0, "expires_at": None}
    key = _v1_key("nuxera", base, credentials["username"])
    path.write_text(json.dumps({"version": 1, "entries": {key: planted}}))
    path.chmod(0o600)
    logins = sandbox.counters("nuxera").logins
    cache = FileCache(path)
    with keyhouse(sandbox, "nuxera", credentials, cache) as kh:
        assert kh.token("nuxera") != "planted-v1-token"
    assert sandbox.counters("nuxera").logins == logins + 1
    assert not path.exists()  # the plain-text tokens do not outlive the upgrade
    (record,) = cache.folder.glob("*.json")
    assert json.loads(record.read_text())["version"] == 3


OTHER_UID = 4242


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX owners and modes")
@pytest.mark.parametrize(
    "hostile",
    [
        "folder writable by others",
        "folder writable by group",
        "folder of another user",
        "records folder writable by group",
        "records folder of another user",
        "records folder is a symbolic link",
        "file writable by others",
        "file of another user",
        "file is a symbolic link",
    ],
)
def test_untrusted_cache_file_or_folder_is_refused(
    sandbox: Sandbox, tmp_path: Path, caplog: pytest.LogCaptureFixture, hostile: str
) -> None:
    folder = tmp_path / "shared"
    path = folder / "tokens.json"
    credentials = tenant(sandbox, "nuxera")
    cache = FileCache(path)
    with keyhouse(sandbox, "nuxera", credentials, cache) as kh:
        kh.token("nuxera")
    (record,) = cache.folder.glob("*.json")
    elsewhere = tmp_path / "elsewhere"  # private: only the link makes it hostile
    elsewhere.mkdir(mode=0o700)
    if hostile == "folder writable by others":
        folder.chmod(0o1777)  # even sticky: anyone may plant a file here first
    elif hostile == "folder writable by group":
        folder.chmod(0o770)
    elif hostile == "records folder writable by group":
        cache.folder.chmod(0o770)
    elif hostile == "records folder is a symbolic link":
        cache.folder.rename(elsewhere / "records")
        cache.folder.symlink_to(elsewhere / "records")
    elif hostile == "file writable by others":
        record.chmod(0o666)
    elif hostile == "file is a symbolic link":
        record.rename(elsewhere / record.name)
        record.symlink_to(elsewhere / record.name)
    elif os.geteuid() != 0:
        pytest.skip("chown to another user needs root")
    elif hostile == "folder of another user":
        os.chown(folder, OTHER_UID, OTHER_UID)
    elif hostile == "records folder of another user":
        os.chown(cache.folder, OTHER_UID, OTHER_UID)
    else:
        os.chown(record, OTHER_UID, OTHER_UID)
    before = record.read_bytes()
    logins = sandbox.counters("nuxera").logins
    with (
        caplog.at_level(logging.WARNING, logger="keyhouse"),
        keyhouse(sandbox, "nuxera", credentials, FileCache(path)) as kh,
    ):
        kh.token("nuxera")
        kh.invalidate("nuxera")
        kh.token("nuxera")
    # not read (a new login), not written (the record is as it was, a link still a link)
    assert sandbox.counters("nuxera").logins == logins + 2
    assert record.read_bytes() == before
    assert record.is_symlink() == (hostile == "file is a symbolic link")
    assert cache.folder.is_symlink() == (hostile == "records folder is a symbolic link")
    warnings = [r.getMessage() for r in caplog.records if "not used" in r.getMessage()]
    assert len(warnings) == 1, warnings  # once, however often the cache is asked
    assert "other user" in warnings[0]


def test_other_client_id_is_not_served_the_token_by_a_space_shift(sandbox: Sandbox) -> None:
    """The identity that salts the cache key was ``" ".join`` of the set plain settings:
    CardioExplorer's client ``C`` with scope ``"api.read api.write"`` and client ``"C
    api.read"`` with scope ``"api.write"`` derived the same key, so the second (refused when
    it logs in alone) was served the first one's token from a shared cache."""
    provider = "cardioexplorer"
    owner = {**tenant_credentials(provider, next(_INDEX)), "scope": "api.read api.write"}
    sandbox.add_tenant(provider, **owner)
    other = {**owner, "client_id": owner["client_id"] + " api.read", "scope": "api.write"}
    shared = MemoryCache()  # the same happens in a file or Redis cache
    base = sandbox.base_url(provider)
    alone = Keyhouse.from_env(env_for(provider, base, other), cache=MemoryCache())
    with alone, pytest.raises(AuthenticationError):  # alone, this configuration cannot log in
        alone.token(provider)
    with Keyhouse.from_env(env_for(provider, base, owner), cache=shared) as kh:
        kh.token(provider)
    # The sandbox has no client "<id> api.read": it must log in itself, and be refused.
    shifted = Keyhouse.from_env(env_for(provider, base, other), cache=shared)
    with shifted, pytest.raises(AuthenticationError):
        shifted.token(provider)
