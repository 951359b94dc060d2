"""Cache keys derived from the full credentials; records sealed with a key derived from them."""

from __future__ import annotations

import base64
import hashlib
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from keyhouse._cache import MemoryCache
from keyhouse._credential import Credential
from keyhouse._lifecycle import TokenManager

from .conftest import FakeStrategy, TokenServer


def cred(token: str = "tok-sealed-0001") -> Credential:
    now = time.time()
    return Credential(
        token=token,
        obtained_at=now,
        expires_at=now + 3600,
        refresh_token="ref-sealed-0001",
        extra={"api_key": "issued-key-0001"},
    )


def test_low_level_manager_key_includes_the_base_url(server: TokenServer) -> None:
    """Issue 12 #10: production and staging managers sharing a cache never swap tokens."""
    cache = MemoryCache()
    production = TokenManager(
        FakeStrategy(base_url="https://api.example"), cache, client_factory=server.client
    )
    staging = TokenManager(
        FakeStrategy(base_url="https://staging.api.example"), cache, client_factory=server.client
    )
    first = production.get_sync().token
    second = staging.get_sync().token
    assert first != second
    assert server.logins == 2


def test_managers_with_other_secrets_share_no_token(server: TokenServer) -> None:
    cache = MemoryCache()
    a = TokenManager(FakeStrategy("pw-tenant-a-0001"), cache, client_factory=server.client)
    b = TokenManager(FakeStrategy("pw-tenant-b-0001"), cache, client_factory=server.client)
    c = TokenManager(FakeStrategy("pw-tenant-a-0001"), cache, client_factory=server.client)
    assert a.get_sync().token != b.get_sync().token
    assert c.get_sync().token == a.get_sync().token  # same credentials: shared
    assert server.logins == 2


def test_a_failed_key_derivation_leaves_no_secret_behind(
    server: TokenServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An OpenSSL without scrypt: the ConfigurationError kept the ValueError as its
    ``__context__``, whose frames (``cache_key``, ``_derive``) held the secrets in plain text
    for a traceback capturing locals."""
    from keyhouse import ConfigurationError

    from .test_provider_lows import shown_locals

    def unsupported(*args: Any, **kwargs: Any) -> bytes:
        raise ValueError("scrypt is not supported by this OpenSSL")

    monkeypatch.setattr(hashlib, "scrypt", unsupported)
    password = f"pw-kdf-missing-{time.time_ns()}"  # not derived (and memoised) before
    manager = TokenManager(FakeStrategy(password), MemoryCache(), client_factory=server.client)
    with pytest.raises(ConfigurationError, match="cannot derive") as caught:
        manager.get_sync()
    assert password not in shown_locals(caught.value, outside=__file__)


def test_kdf_runs_once_per_configuration(
    server: TokenServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[Any] = []
    scrypt = hashlib.scrypt

    def counting(*args: Any, **kwargs: Any) -> bytes:
        calls.append(args)
        return scrypt(*args, **kwargs)

    monkeypatch.setattr(hashlib, "scrypt", counting)
    cache = MemoryCache()
    password = f"pw-kdf-{time.time_ns()}"  # a configuration no other test derived
    managers = [
        TokenManager(FakeStrategy(password), cache, client_factory=server.client) for _ in range(6)
    ]
    with ThreadPoolExecutor(len(managers)) as pool:  # at once: one derivation all the same
        list(pool.map(lambda m: m.get_sync(), managers))
    for manager in managers:
        for _ in range(3):
            manager.get_sync()
            manager.invalidate()
    assert len(calls) == 1


def test_key_name_is_a_hash_and_repr_shows_no_key() -> None:
    from keyhouse._cache import cache_key

    key = cache_key("ovok", "https://api.example/", "user@example.org", ("pw-1",))
    assert key == cache_key("ovok", "https://api.example", "user@example.org", ("pw-1",))
    assert key.name.startswith("ovok:v2:")
    assert len(key.name.rsplit(":", 1)[1]) == 32
    for other in (
        cache_key("ovok", "https://api.example", "user@example.org", ("pw-2",)),
        cache_key("ovok", "https://staging.example", "user@example.org", ("pw-1",)),
        cache_key("ovok", "https://api.example", "other@example.org", ("pw-1",)),
        cache_key("nuxera", "https://api.example", "user@example.org", ("pw-1",)),
        cache_key("ovok", "https://api.example", "user@example.org", ("pw-1",), "label"),
        # the encoding is unambiguous: moving characters between fields changes the key
        cache_key("ovok", "https://api.example", "user@example.orgp", ("w-1",)),
        cache_key("ovok", "https://api.example", "user@example.org", ("pw", "-1")),
    ):
        assert other.name != key.name
    assert "pw-1" not in repr(key)
    assert "user" not in repr(key)


def test_sealed_record_opens_only_with_its_key() -> None:
    from keyhouse._cache import CacheKey, cache_key

    key = cache_key("fake", "https://auth.example", "u", ("right-secret",))
    other = cache_key("fake", "https://auth.example", "u", ("wrong-secret",))
    credential = cred()
    record = key.seal(credential)
    assert record.startswith("2.")
    for secret in ("tok-sealed-0001", "ref-sealed-0001", "issued-key-0001"):
        assert secret not in record
    opened = key.open(record)
    assert opened is not None
    assert opened.to_dict() == credential.to_dict()
    assert key.open(record.encode()) is not None
    assert key.seal(credential) != record  # a fresh nonce every time
    # another key, the same record under another name (AAD), tampering, garbage: no credential
    assert other.open(record) is None
    assert CacheKey(other.name, key._aead).open(record) is None
    # flip one bit of the ciphertext itself (a base64 character's padding bits may not count)
    raw = bytearray(base64.urlsafe_b64decode(record[2:]))
    raw[len(raw) // 2] ^= 1
    flipped = "2." + base64.urlsafe_b64encode(bytes(raw)).decode()
    assert key.open(flipped) is None
    for junk in (None, 7, "", "2.", "2.!!!", "1." + record[2:], credential.to_json(), b"\xff"):
        assert key.open(junk) is None
