"""A sixth provider is a spec (issue 9.3): a fixture spec whose only auth is a standard OAuth2
client-credentials flow is generated into a temporary folder, served by the sandbox's standard
OAuth2 server, and called through the facade with zero new Python.

The README's "Adding a provider" section is these steps.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from keyhouse import AuthenticationError, Keyhouse, provider_name
from keyhouse._registry import discover
from keyhouse_sandbox import Sandbox
from keyhouse_sandbox._credentials import DEMO_CREDENTIALS

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "acme.yaml"

pytest.importorskip("openapi_python_client", reason="the tests session installs the generator")


@pytest.fixture(scope="module")
def acme(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """``keyhouse_acme`` generated from the fixture spec and importable (as if installed)."""
    sys.path.insert(0, str(ROOT / "codegen"))
    try:
        import generate as codegen
    finally:
        sys.path.remove(str(ROOT / "codegen"))
    project = codegen.generate_client(FIXTURE, "acme", tmp_path_factory.mktemp("generated"))
    sys.path.insert(0, str(project))
    importlib.invalidate_caches()
    try:
        yield project
    finally:
        sys.path.remove(str(project))
        for name in [
            m for m in sys.modules if m == "keyhouse_acme" or m.startswith("keyhouse_acme.")
        ]:
            del sys.modules[name]


def _env(sandbox: Sandbox, secret: str | None = None) -> dict[str, str]:
    creds = DEMO_CREDENTIALS["oauth2"]
    return {
        "KEYHOUSE_ACME_CLIENT_ID": creds["client_id"],
        "KEYHOUSE_ACME_CLIENT_SECRET": secret or creds["client_secret"],
        "KEYHOUSE_ACME_BASE_URL": sandbox.base_url("oauth2"),
    }


def test_the_spec_is_all_it_takes(acme: Path, sandbox: Sandbox) -> None:
    assert (acme / "keyhouse_acme" / "auth.json").is_file()
    from keyhouse_acme.api.resources import get_resource

    with Keyhouse.from_env(_env(sandbox)) as kh:
        assert kh.configured == ("acme",)
        client: Any = kh.client(provider_name("acme"))
        for _ in range(3):
            assert client.resources.get_resource().ok is True  # the resource surface
        result = get_resource.sync(client=client.client)  # and the module functions
        assert result is not None
        assert result.ok is True
    assert sandbox.counters("oauth2").logins == 1


async def test_async_too(acme: Path, sandbox: Sandbox) -> None:
    from keyhouse_acme.api.resources import get_resource

    async with Keyhouse.from_env(_env(sandbox)) as kh:
        client: Any = kh.client(provider_name("acme"))
        assert (await client.resources.get_resource_async()).ok is True
        result = await get_resource.asyncio(client=client.client)
        assert result is not None
        assert result.ok is True


def test_wrong_secret_is_a_typed_error(acme: Path, sandbox: Sandbox) -> None:
    with (
        Keyhouse.from_env(_env(sandbox, secret="not-the-secret")) as kh,
        pytest.raises(AuthenticationError) as info,
    ):
        kh.token(provider_name("acme"))
    assert "not-the-secret" not in str(info.value)


def test_settings_come_from_the_spec(acme: Path) -> None:
    found = discover("acme")
    assert found is not None
    assert found.title == "Acme Resources"
    assert [f.name for f in found.fields] == ["CLIENT_ID", "CLIENT_SECRET", "SCOPE"]
    assert found.base_url_for({}) == "https://api.acme.example/oauth2"


def test_every_provider_is_discovered_from_its_auth_json() -> None:
    # The five providers are read the same way: their auth.json carries their x-keyhouse block.
    ovok = discover("ovok")
    assert ovok is not None
    assert [f.name for f in ovok.fields] == ["EMAIL", "PASSWORD", "CLIENT_ID"]
    assert discover("no_such_provider") is None
    assert discover("Not-A-Name") is None
