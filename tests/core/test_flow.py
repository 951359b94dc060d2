from __future__ import annotations

import httpx
import pytest
from keyhouse._errors import (
    AuthenticationError,
    KeyhouseError,
    ProtocolError,
    ProviderUnavailableError,
    RateLimitedError,
)
from keyhouse._flow import (
    FlowStats,
    drive_sync,
    expect_json,
    raise_for_status,
    request_id,
    token_request,
)
from keyhouse._retry import TOKEN_REQUEST

from .conftest import FakeStrategy, TokenServer

REQ = httpx.Request("POST", "https://auth.example/login")


def resp(status: int, content: bytes = b"", **headers: str) -> httpx.Response:
    return httpx.Response(status, content=content, headers=headers, request=REQ)


def test_token_request_is_marked() -> None:
    request = token_request("POST", "https://a.example/x", kind="refresh", json={"a": 1})
    assert request.extensions[TOKEN_REQUEST] is True
    assert request.extensions["keyhouse_kind"] == "refresh"


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (401, AuthenticationError),
        (403, AuthenticationError),
        (429, RateLimitedError),
        (500, ProviderUnavailableError),
        (503, ProviderUnavailableError),
        (404, ProtocolError),
        (302, ProtocolError),
    ],
)
def test_raise_for_status(status: int, error: type[KeyhouseError]) -> None:
    with pytest.raises(error) as info:
        raise_for_status(resp(status, b'{"error": "x"}', **{"x-request-id": "r-9"}), "p")
    assert info.value.status == status  # type: ignore[attr-defined]
    assert info.value.request_id == "r-9"  # type: ignore[attr-defined]
    assert info.value.body == {"error": "x"}  # type: ignore[attr-defined]


def test_raise_for_status_passes_2xx() -> None:
    ok = resp(200, b"{}")
    assert raise_for_status(ok, "p") is ok


@pytest.mark.parametrize(
    "content",
    [b"", b"   ", b"{", b"<!DOCTYPE html><html></html>", b"\xff\xfe\x00", b"[" * 100_000, b"nul"],
)
def test_expect_json_rejects_garbage(content: bytes) -> None:
    with pytest.raises(ProtocolError):
        expect_json(resp(200, content), "p")


def test_request_id_headers() -> None:
    assert request_id(resp(200, **{"x-correlation-id": "c-1"})) == "c-1"
    assert request_id(resp(200)) is None


def test_drive_sync_counts_kinds(server: TokenServer) -> None:
    stats = FlowStats()
    with server.client() as client:
        cred = drive_sync(FakeStrategy().obtain(None), client, provider="fake", stats=stats)
    assert cred.token == "tok-1-secretpart"
    assert stats.get("login") == 1
    assert stats.get("refresh") == 0


def test_drive_sync_wraps_transport_errors() -> None:
    def boom(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow")

    with (
        httpx.Client(transport=httpx.MockTransport(boom)) as client,
        pytest.raises(ProviderUnavailableError),
    ):
        drive_sync(FakeStrategy().obtain(None), client, provider="fake")
