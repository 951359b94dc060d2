"""Review of the cache key: the identity part of the salt is ambiguous.

``DeclaredStrategy.identity`` is ``" ".join`` of the set plain settings, not each one
length-prefixed like the rest of the salt (``_key._encode``). CardioExplorer's plain
settings are CLIENT_ID and SCOPE (an OAuth scope is itself a space-separated list), and a
client id that is not a UUID is "used as given": client ``C`` with scope ``"api.read
api.write"`` and client ``"C api.read"`` with scope ``"api.write"`` derive the same key.
"""

from __future__ import annotations

import itertools

import pytest
from keyhouse import AuthenticationError, Keyhouse
from keyhouse._cache import MemoryCache
from keyhouse_sandbox import Sandbox, env_for, tenant_credentials

pytestmark = pytest.mark.timeout(60)

_INDEX = itertools.count(31_000)


def test_other_client_id_is_not_served_the_token_by_a_space_shift(sandbox: Sandbox) -> None:
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
