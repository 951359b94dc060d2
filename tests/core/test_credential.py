from __future__ import annotations

import math

import jwt
import pytest
from keyhouse._credential import (
    MIN_LIFETIME,
    Credential,
    compute_expiry,
    parse_time,
    refresh_at,
    refresh_usable,
)

NOW = 1_800_000_000.0


def make_jwt(**claims: object) -> str:
    return jwt.encode(claims, "k" * 32, algorithm="HS256")


def test_expires_in_is_measured_from_local_receipt() -> None:
    assert compute_expiry(token="opaque", received_at=NOW, expires_in=3600) == NOW + 3600
    assert compute_expiry(token="opaque", received_at=NOW, expires_in="900") == NOW + 900


@pytest.mark.parametrize("bad", [0, -5, "soon", float("nan"), True, None])
def test_unusable_expires_in_falls_back(bad: object) -> None:
    assert compute_expiry(token="opaque", received_at=NOW, expires_in=bad, default_lifetime=60) == (
        NOW + 60
    )


def test_absolute_expires_at_forms() -> None:
    assert compute_expiry(token="x", received_at=NOW, expires_at=NOW + 10) == NOW + 10
    assert compute_expiry(token="x", received_at=NOW, expires_at=(NOW + 10) * 1000) == NOW + 10
    iso = "2027-01-15T08:00:00.1234567"  # seven digits, no zone: read as UTC
    assert compute_expiry(token="x", received_at=NOW, expires_at=iso) == pytest.approx(
        parse_time("2027-01-15T08:00:00.123456Z")
    )


def test_absolute_expiry_is_corrected_by_the_servers_date() -> None:
    # The provider's clock is one hour ahead: its expires_at means "in 600 s" for us.
    server_now = NOW + 3600
    got = compute_expiry(
        token="x", received_at=NOW, expires_at=server_now + 600, server_date=server_now
    )
    assert got == NOW + 600


def test_jwt_exp_and_iat_give_a_lifetime_immune_to_clock_skew() -> None:
    skewed_iat = NOW + 86_400  # provider clock a day ahead
    token = make_jwt(iat=int(skewed_iat), exp=int(skewed_iat) + 900)
    assert compute_expiry(token=token, received_at=NOW) == NOW + 900


def test_jwt_exp_alone_is_absolute() -> None:
    token = make_jwt(exp=int(NOW) + 120, type="access")
    assert compute_expiry(token=token, received_at=NOW) == NOW + 120


def test_expired_jwt_is_still_readable() -> None:
    token = make_jwt(exp=100)
    # already past: raised to the floor rather than a login on every request
    assert compute_expiry(token=token, received_at=NOW) == NOW + MIN_LIFETIME


@pytest.mark.parametrize(
    "evidence",
    [
        {"expires_in": 1e-6},  # microseconds
        {"expires_in": "0.0005"},
        {"expires_at": NOW - 3600},  # past on this clock (a skewed provider, no Date)
        {"expires_at": NOW + 0.01},
    ],
)
def test_expiry_has_a_floor(evidence: dict[str, float | str]) -> None:
    """Low: an expiry in the past had no floor, so a skewed clock meant a login on every
    request; expiries of microseconds were accepted."""
    assert compute_expiry(token="opaque", received_at=NOW, **evidence) == NOW + MIN_LIFETIME  # type: ignore[arg-type]


def test_default_lifetime_and_never() -> None:
    assert compute_expiry(token="a.b.c", received_at=NOW, default_lifetime=86_400) == NOW + 86_400
    assert compute_expiry(token="static-api-key", received_at=NOW) is None


def test_refresh_leeway_for_long_lived_tokens() -> None:
    cred = Credential(token="t", obtained_at=NOW, expires_at=NOW + 3600)
    assert refresh_at(cred) == NOW + 3600 - 60
    assert refresh_at(cred) > NOW + 3539
    assert refresh_at(cred) <= NOW + 3540


def test_short_lived_token_leeway_is_capped() -> None:
    cred = Credential(token="t", obtained_at=NOW, expires_at=NOW + 10)
    # a 60 s leeway would make a 10 s token due at once; the cap is half its lifetime
    assert refresh_at(cred) > NOW + 1
    assert refresh_at(cred) > NOW + 4.9
    assert refresh_at(cred) <= NOW + 5


def test_never_expiring_credential_is_never_due() -> None:
    cred = Credential(token="key", obtained_at=NOW)
    assert refresh_at(cred) == math.inf
    assert refresh_at(cred) > NOW + 10**9


def test_refresh_usable() -> None:
    assert not refresh_usable(None, NOW)
    assert not refresh_usable(Credential(token="t", obtained_at=NOW), NOW)
    cred = Credential(token="t", obtained_at=NOW, refresh_token="r", refresh_expires_at=NOW + 100)
    assert refresh_usable(cred, NOW)
    assert not refresh_usable(cred, NOW + 99)


def test_json_round_trip() -> None:
    cred = Credential(
        token="tok",
        obtained_at=NOW,
        expires_at=NOW + 5,
        refresh_token="ref",
        refresh_expires_at=NOW + 50,
        extra={"api_key": "k-123"},
    )
    again = Credential.from_json(cred.to_json())
    assert again == cred
    assert again is not None
    assert again.extra["api_key"] == "k-123"


@pytest.mark.parametrize(
    "raw",
    [
        None,
        "",
        "{",
        "[]",
        "null",
        '{"v": 2, "token": "t", "obtained_at": 1}',
        '{"v": 1, "token": "", "obtained_at": 1}',
        '{"v": 1, "token": 5, "obtained_at": 1}',
        '{"v": 1, "token": "t", "obtained_at": "yesterday"}',
        '{"v": 1, "token": "t", "obtained_at": 1, "expires_at": "x"}',
        '{"v": 1, "token": "t", "obtained_at": 1, "extra": {"a": 1}}',
        '{"v": 1, "token": "t", "obtained_at": 1, "refresh_token": []}',
        b"\xff\xfe",
        "[" * 100_000,
    ],
)
def test_malformed_records_give_none(raw: str | bytes | None) -> None:
    assert Credential.from_json(raw) is None


def test_repr_hides_secrets() -> None:
    cred = Credential(
        token="canary-token-9f8e",
        obtained_at=NOW,
        refresh_token="canary-refresh-7a6b",
        extra={"api_key": "canary-key-5c4d"},
    )
    text = repr(cred) + str(cred) + f"{cred}"
    for secret in ("canary-token-9f8e", "canary-refresh-7a6b", "canary-key-5c4d"):
        assert secret not in text
    assert "api_key" in text
