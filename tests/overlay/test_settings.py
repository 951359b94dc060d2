"""Settings from the environment: every problem listed at once; HTTPS; install hints."""

from __future__ import annotations

import sys

import pytest
from keyhouse import (
    ConfigurationError,
    Keyhouse,
    ProviderNotInstalledError,
    Settings,
)

OVOK = {
    "KEYHOUSE_OVOK_EMAIL": "a@example.org",
    "KEYHOUSE_OVOK_PASSWORD": "pw-123456",
    "KEYHOUSE_OVOK_CLIENT_ID": "5e505642-9024-474d-9434-e5a44f505cc5",
}


def test_nothing_configured() -> None:
    settings = Settings.from_env({})
    assert dict(settings.providers) == {}
    assert settings.cache == "memory"


def test_defaults_are_documented_hosts() -> None:
    env = {
        **OVOK,
        "KEYHOUSE_IMIASSIST_SUBDOMAIN": "acme",
        "KEYHOUSE_IMIASSIST_DOMAIN": "imiassist.ai",
        "KEYHOUSE_IMIASSIST_EMAIL": "x@example.org",
        "KEYHOUSE_IMIASSIST_PASSWORD": "pw-123456",
    }
    settings = Settings.from_env(env)
    assert settings.providers["ovok"].base_url == "https://api.sandbox.ovok.com"
    assert settings.providers["imiassist"].base_url == "https://acme.imiassist.ai"


def test_every_problem_is_listed_at_once() -> None:
    env = {
        "KEYHOUSE_OVOK_EMAIL": "a@example.org",  # password and client id missing
        "KEYHOUSE_CARDIOEXPLORER_CLIENT_ID": "not-a-uuid",  # and no secret
        "KEYHOUSE_NUXERA_USERNAME": "doc",
        "KEYHOUSE_NUXERA_PASSWORD": "pw-123456",
        "KEYHOUSE_NUXERA_BASE_URL": "http://api.nuxera.ai",  # plain HTTP off loopback
        "KEYHOUSE_BFOREAI_USERNAME": "u",
        "KEYHOUSE_BFOREAI_PASWORD": "typo",  # unknown field
        "KEYHOUSE_CACHE": "memcached://x",
        "KEYHOUSE_TIMEOUT": "soon",
    }
    with pytest.raises(ConfigurationError) as info:
        Settings.from_env(env)
    text = "\n".join(info.value.problems)
    for needle in (
        "KEYHOUSE_OVOK_PASSWORD is missing",
        "KEYHOUSE_OVOK_CLIENT_ID is missing",
        "KEYHOUSE_CARDIOEXPLORER_CLIENT_SECRET is missing",
        "KEYHOUSE_NUXERA_BASE_URL must use HTTPS",
        "KEYHOUSE_BFOREAI_PASWORD is not a bfore.ai PreCrime setting",
        "PASSWORD missing",
        "KEYHOUSE_CACHE must be",
        "KEYHOUSE_TIMEOUT must be a number",
    ):
        assert needle in text, needle
    assert len(info.value.problems) >= 8
    assert "typo" not in str(info.value)


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8000/x", "http://localhost:1", "http://[::1]:9", "https://a.b"]
)
def test_http_allowed_only_on_loopback(url: str) -> None:
    settings = Settings.from_env({**OVOK, "KEYHOUSE_OVOK_BASE_URL": url})
    assert settings.providers["ovok"].base_url == url.rstrip("/")


@pytest.mark.parametrize(
    "url", ["http://10.0.0.1", "http://example.org", "ftp://x.org", "https://u:p@x.org"]
)
def test_bad_base_urls(url: str) -> None:
    with pytest.raises(ConfigurationError, match="KEYHOUSE_OVOK_BASE_URL"):
        Settings.from_env({**OVOK, "KEYHOUSE_OVOK_BASE_URL": url})


def test_bforeai_api_key_login_or_both() -> None:
    """The spec's anyOf: API_KEY, or USERNAME and PASSWORD, or both (the key then serves the
    operations that accept it, the login the rest)."""
    assert "bforeai" in Settings.from_env({"KEYHOUSE_BFOREAI_API_KEY": "k" * 32}).providers
    both = {
        "KEYHOUSE_BFOREAI_API_KEY": "k" * 32,
        "KEYHOUSE_BFOREAI_USERNAME": "u",
        "KEYHOUSE_BFOREAI_PASSWORD": "p" * 8,
    }
    assert "bforeai" in Settings.from_env(both).providers
    with pytest.raises(ConfigurationError, match="set USERNAME and PASSWORD, or API_KEY"):
        Settings.from_env({"KEYHOUSE_BFOREAI_BASE_URL": "https://api.bfore.ai"})
    with pytest.raises(ConfigurationError, match=r"PASSWORD missing \(USERNAME is set\)"):
        Settings.from_env({"KEYHOUSE_BFOREAI_USERNAME": "u", "KEYHOUSE_BFOREAI_API_KEY": "k" * 32})


def test_build_validates_like_from_env() -> None:
    with pytest.raises(ConfigurationError) as info:
        Settings.build(ovok={"email": "a@b.c"}, nope={"x": "y"})
    assert len(info.value.problems) == 3


def test_secrets_not_in_settings_repr() -> None:
    settings = Settings.from_env({**OVOK, "KEYHOUSE_OVOK_PASSWORD": "canary-settings-pw"})
    assert "canary-settings-pw" not in repr(settings)
    assert "canary-settings-pw" not in repr(settings.providers["ovok"])


def test_unconfigured_provider_names_its_variables() -> None:
    kh = Keyhouse(Settings.from_env(OVOK))
    with pytest.raises(ConfigurationError, match="KEYHOUSE_NUXERA_USERNAME"):
        _ = kh.nuxera
    with pytest.raises(ConfigurationError, match="unknown provider"):
        kh.client("acme")


def test_configured_but_not_installed_names_the_package(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "keyhouse_ovok", None)  # import now fails
    kh = Keyhouse(Settings.from_env(OVOK))
    with pytest.raises(ProviderNotInstalledError) as info:
        _ = kh.ovok
    message = str(info.value)
    assert 'pip install "keyhouse[ovok]"' in message
    assert "generated/ovok" in message
    assert isinstance(info.value, ConfigurationError)


def test_redis_url_accepted_without_connecting() -> None:
    settings = Settings.from_env({**OVOK, "KEYHOUSE_CACHE": "redis://:pw@127.0.0.1:1/0"})
    assert settings.cache.startswith("redis://")
    assert "pw" not in repr(settings)


def test_file_cache_from_env(tmp_path: object) -> None:
    kh = Keyhouse.from_env({**OVOK, "KEYHOUSE_CACHE": f"file:{tmp_path}/tokens.json"})
    assert "FileCache" in repr(kh.cache)


# --- issue 14.5: formats the documents do not give are warned about, not refused -----------


@pytest.mark.parametrize("provider", ["cardioexplorer", "ovok"])
def test_client_id_of_another_shape_is_used_with_a_warning(
    provider: str, caplog: pytest.LogCaptureFixture
) -> None:
    prefix = f"KEYHOUSE_{provider.upper()}_"
    fields = {
        "cardioexplorer": {"CLIENT_ID": "my-org-client", "CLIENT_SECRET": "s3cret-value"},
        "ovok": {"EMAIL": "a@example.org", "PASSWORD": "pw-123456", "CLIENT_ID": "my-app"},
    }[provider]
    with caplog.at_level("WARNING", logger="keyhouse"):
        settings = Settings.from_env({prefix + k: v for k, v in fields.items()})
    assert settings.providers[provider].get("client_id") == fields["CLIENT_ID"]
    assert f"{prefix}CLIENT_ID is not a UUID" in caplog.text


def test_uuid_client_id_gives_no_warning(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level("WARNING", logger="keyhouse"):
        Settings.from_env(OVOK)
    assert "UUID" not in caplog.text


# --- issue 14.10: IMIASSIST lists every problem at once, naming each variable ---------------


@pytest.mark.parametrize(
    "env",
    [
        {"KEYHOUSE_IMIASSIST_SUBDOMAIN": "bad_sub"},
        {"KEYHOUSE_IMIASSIST_EMAIL": "integration@example.org"},
        {"KEYHOUSE_IMIASSIST_PASSWORD": "pw-123456"},
    ],
    ids=["bad-subdomain", "email-only", "password-only"],
)
def test_imiassist_problems_come_in_one_round(env: dict[str, str]) -> None:
    with pytest.raises(ConfigurationError) as info:
        Settings.from_env(env)
    problems = info.value.problems
    fixed = {**env}
    for name in ("EMAIL", "PASSWORD", "SUBDOMAIN", "DOMAIN"):
        variable = f"KEYHOUSE_IMIASSIST_{name}"
        if variable not in env:
            assert any(p.startswith(f"{variable} is missing") for p in problems), (name, problems)
            fixed[variable] = {"EMAIL": "a@example.org", "SUBDOMAIN": "acme"}.get(name, "x.org")
    if "KEYHOUSE_IMIASSIST_SUBDOMAIN" in env:
        assert any("SUBDOMAIN must be a host name" in p for p in problems)
        fixed["KEYHOUSE_IMIASSIST_SUBDOMAIN"] = "acme"
    if "KEYHOUSE_IMIASSIST_EMAIL" in env or "KEYHOUSE_IMIASSIST_PASSWORD" in env:
        fixed.setdefault("KEYHOUSE_IMIASSIST_PASSWORD", "pw-123456")
    # fixing everything named leaves nothing for a second round
    settings = Settings.from_env(fixed)
    assert settings.providers["imiassist"].base_url.startswith("https://acme.")
