"""Issue 9's audit defects in the token flows, through the sandbox where it can produce them.

* bfore.ai's ``GET /user/renew`` is ``x-unverified``: a provider without it (404/405/501) must
  cost a login, not a ``ProtocolError`` for every call in the last minute of each token hour,
  and is not asked again in this process.
* An IMIASSIST ``Expires_at`` the overlay cannot read must not make a token that never expires.
"""

from __future__ import annotations

import base64
import json
import logging
import time
from collections.abc import Iterator

import httpx
import pytest
from keyhouse import Keyhouse
from keyhouse._credential import _warn_unreadable_expiry
from keyhouse._flow import drive_sync
from keyhouse._registry import entry
from keyhouse._settings import ProviderSettings
from keyhouse.providers.declared import UNSUPPORTED
from keyhouse_sandbox import Sandbox

from tests.specdata import x_keyhouse

TOKEN_DEFAULT_LIFETIME = x_keyhouse("imiassist")["lifetimes"]["api_token"]


@pytest.fixture(autouse=True)
def _forget_unsupported() -> Iterator[None]:
    UNSUPPORTED.clear()
    yield
    UNSUPPORTED.clear()


@pytest.mark.parametrize("status", [404, 405, 501])
def test_bforeai_renew_missing_falls_back_to_login_once(
    kh: Keyhouse, sandbox: Sandbox, status: int, caplog: pytest.LogCaptureFixture
) -> None:
    sandbox.faults("bforeai").unsupported(status=status, endpoint="GET /user/renew")
    first = kh.token("bforeai")
    with caplog.at_level(logging.WARNING, logger="keyhouse"):
        for _ in range(3):
            kh.invalidate("bforeai")  # the token is still valid: a renew would be tried
            assert kh.token("bforeai") != first
    requests = sandbox.counters("bforeai").requests
    assert requests["GET /user/renew"] == 1  # asked once, remembered for the process
    assert requests["POST /user/login"] == 4
    warnings = [r for r in caplog.records if "falling back" in r.getMessage()]
    assert len(warnings) == 1
    assert str(status) in warnings[0].getMessage()


def test_bforeai_renew_still_used_when_it_exists(kh: Keyhouse, sandbox: Sandbox) -> None:
    kh.token("bforeai")
    kh.invalidate("bforeai")
    kh.token("bforeai")
    requests = sandbox.counters("bforeai").requests
    assert (requests["POST /user/login"], requests["GET /user/renew"]) == (1, 1)


def _jwt(claims: dict[str, object]) -> str:
    def part(data: dict[str, object]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'HS256', 'typ': 'JWT'})}.{part(claims)}.c2ln"


def test_imiassist_unreadable_expiry_uses_the_default_lifetime(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # A MockTransport: the sandbox speaks RFC 3339 as the spec says; this is the provider
    # answering in a format the spec does not promise (the real one is not public).
    now = int(time.time())
    access = _jwt({"type": "access", "exp": now + 900, "iat": now})

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/login"):
            return httpx.Response(200, json={"refresh": "r" * 20, "access": access})
        body = {
            "api_key": "k" * 20,
            "token": "t" * 64,
            "created_at": "02/07/2026 09:00",
            "expires_at": "02/07/2026 10:00",
        }
        return httpx.Response(200, json=body)

    settings = ProviderSettings(
        "imiassist",
        "https://acme.imiassist.example",
        {"email": "a@example.com", "password": "pw-123456"},
    )
    strategy = entry("imiassist").build_strategy(settings)
    _warn_unreadable_expiry.cache_clear()
    with (
        httpx.Client(transport=httpx.MockTransport(handler)) as client,
        caplog.at_level(logging.WARNING, logger="keyhouse"),
    ):
        credential = drive_sync(strategy.obtain(None), client, provider="imiassist")
        again = drive_sync(strategy.obtain(None), client, provider="imiassist")
    assert credential.expires_at is not None
    assert credential.lifetime == pytest.approx(TOKEN_DEFAULT_LIFETIME, abs=5)
    assert again.lifetime == pytest.approx(TOKEN_DEFAULT_LIFETIME, abs=5)
    unreadable = [r for r in caplog.records if "cannot read" in r.getMessage()]
    assert len(unreadable) == 1  # once, not per token
    assert "10:00" not in caplog.text
