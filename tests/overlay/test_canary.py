"""Canary secrets: run every flow, failures included, at DEBUG; no secret may show anywhere."""

from __future__ import annotations

import logging
import uuid

import pytest
from keyhouse import (
    AuthenticationError,
    Keyhouse,
    KeyhouseError,
    PasswordExpiredError,
    Settings,
)
from keyhouse._cli import main
from keyhouse_sandbox import BFOREAI_EXPIRED_CREDENTIALS, DEMO_CREDENTIALS, Sandbox, env_for
from keyhouse_sandbox.demo import FLOWS

from .conftest import environment

CANARY = {
    "bforeai_password": "canary-BFORE-pw-5b1e9a",
    "ovok_password": "canary-OVOK-pw-c41d77",
    "wrong_cardio_secret": "canary-CARDIO-secret-08f2",
    "wrong_bfore_password": "canary-BFORE-wrong-77aa",
    "wrong_imi_password": "canary-IMI-wrong-1c3f",
    "wrong_ovok_password": "canary-OVOK-wrong-9e0b",
    "wrong_nuxera_password": "canary-NUX-wrong-d00d",
    "wrong_nuxera_key": "canary-NUX-key-4242",
}
# The sandbox's demo credentials are secrets too (long enough not to be ordinary words).
DEMO_SECRETS = [
    DEMO_CREDENTIALS["cardioexplorer"]["client_secret"],
    DEMO_CREDENTIALS["bforeai"]["password"],
    DEMO_CREDENTIALS["ovok"]["password"],
    DEMO_CREDENTIALS["nuxera"]["password"],
    DEMO_CREDENTIALS["nuxera"]["api_key"],
    BFOREAI_EXPIRED_CREDENTIALS["password"],
]


def _register_ovok_canary(sandbox: Sandbox) -> str:
    from keyhouse_ovok import Client
    from keyhouse_ovok.api.auth import register
    from keyhouse_ovok.models import RegisterRequest

    email = f"canary-{uuid.uuid4().hex[:8]}@example.org"
    body = RegisterRequest(
        email=email,
        password=CANARY["ovok_password"],
        client_id=DEMO_CREDENTIALS["ovok"]["client_id"],
        name="Can",
        surname="Ary",
    )
    with Client(base_url=sandbox.base_url("ovok")) as client:
        assert register.sync_detailed(client=client, body=body).status_code in (200, 201)
    return email


def _wrong_env(sandbox: Sandbox) -> dict[str, str]:
    env = environment(sandbox)
    env["KEYHOUSE_CARDIOEXPLORER_CLIENT_SECRET"] = CANARY["wrong_cardio_secret"]
    env["KEYHOUSE_BFOREAI_PASSWORD"] = CANARY["wrong_bfore_password"]
    env["KEYHOUSE_IMIASSIST_PASSWORD"] = CANARY["wrong_imi_password"]
    env["KEYHOUSE_OVOK_PASSWORD"] = CANARY["wrong_ovok_password"]
    env["KEYHOUSE_NUXERA_PASSWORD"] = CANARY["wrong_nuxera_password"]
    env["KEYHOUSE_NUXERA_API_KEY"] = CANARY["wrong_nuxera_key"]
    return env


def test_no_secret_in_logs_reprs_errors_or_cli_output(
    sandbox: Sandbox, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    caplog.set_level(logging.DEBUG)
    texts: list[str] = []
    tokens: list[str] = []

    # 1. successful flows, canary accounts where the sandbox can create them
    sandbox.provider("bforeai").add_account("canary.user", CANARY["bforeai_password"])  # type: ignore[attr-defined]
    ovok_email = _register_ovok_canary(sandbox)
    env = environment(sandbox)
    env["KEYHOUSE_BFOREAI_USERNAME"] = "canary.user"
    env["KEYHOUSE_BFOREAI_PASSWORD"] = CANARY["bforeai_password"]
    env["KEYHOUSE_OVOK_EMAIL"] = ovok_email
    env["KEYHOUSE_OVOK_PASSWORD"] = CANARY["ovok_password"]
    with Keyhouse.from_env(env) as kh:
        for name, flow in FLOWS.items():
            texts.append(flow(kh))
            manager = kh.manager(name)
            credential = manager.get_sync()
            tokens.append(credential.token)
            if credential.refresh_token:
                tokens.append(credential.refresh_token)
            tokens.extend(credential.extra.values())
            texts += [repr(manager), repr(manager.strategy), repr(credential), str(credential)]
            texts += [repr(kh.client(name)), repr(kh.settings.providers[name])]
        texts += [repr(kh), repr(kh.settings), repr(kh.cache)]

    # 2. failures: wrong credentials everywhere, an expired password
    with Keyhouse.from_env(_wrong_env(sandbox)) as kh:
        for name in FLOWS:
            with pytest.raises(AuthenticationError) as info:
                kh.token(name)
            texts += [str(info.value), repr(info.value), repr(info.value.body)]
    expired = env_for("bforeai", sandbox.base_url("bforeai"))
    expired["KEYHOUSE_BFOREAI_USERNAME"] = BFOREAI_EXPIRED_CREDENTIALS["username"]
    expired["KEYHOUSE_BFOREAI_PASSWORD"] = BFOREAI_EXPIRED_CREDENTIALS["password"]
    with Keyhouse.from_env(expired) as kh, pytest.raises(PasswordExpiredError) as info:
        kh.token("bforeai")
    assert info.value.password_expired_at
    texts += [str(info.value), repr(info.value)]
    try:
        Settings.from_env({"KEYHOUSE_OVOK_PASSWORD": CANARY["ovok_password"]})
    except KeyhouseError as exc:
        texts.append(str(exc))

    # 3. the command line, successes and failures
    assert main(["providers"], environ=env) == 0
    assert main(["check"], environ=env) == 0
    assert main(["check"], environ=_wrong_env(sandbox)) == 1
    captured = capsys.readouterr()
    texts += [captured.out, captured.err]
    assert "FAILED" in captured.out

    secrets = [*CANARY.values(), *DEMO_SECRETS, *tokens]
    haystacks = [*texts, caplog.text, *(r.getMessage() for r in caplog.records)]
    assert caplog.records  # DEBUG logging did capture something
    for secret in secrets:
        assert len(secret) >= 8
        for text in haystacks:
            assert secret not in text, "a secret leaked"


def test_cli_token_prints_only_the_token(
    sandbox: Sandbox, capsys: pytest.CaptureFixture[str]
) -> None:
    env = environment(sandbox, "ovok")
    assert main(["token", "ovok"], environ=env) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    assert out.strip().count(".") == 2  # a JWT and nothing else


def test_cli_providers_table(sandbox: Sandbox, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["providers"], environ=environment(sandbox, "nuxera")) == 0
    out = capsys.readouterr().out
    rows = {line.split()[0]: line.split()[:3] for line in out.splitlines() if line.strip()}
    assert rows["ovok"] == ["ovok", "yes", "no"]
    assert rows["nuxera"] == ["nuxera", "yes", "yes"]


def test_cli_configuration_error_exit_code(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check"], environ={"KEYHOUSE_OVOK_EMAIL": "a@b.c"}) == 1
    assert "KEYHOUSE_OVOK_PASSWORD" in capsys.readouterr().err


def test_cli_demo(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo"], environ={}) == 0
    out = capsys.readouterr().out
    assert "FAILED" not in out
    for name in FLOWS:
        assert name in out
    for secret in DEMO_SECRETS:
        assert secret not in out
