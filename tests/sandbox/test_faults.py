"""Each fault switched on and off, observed over real HTTP, for every provider."""

from __future__ import annotations

import datetime as dt
import email.utils
import time
from collections.abc import Callable

import httpx
import jwt
import pytest
from keyhouse_sandbox import PROVIDERS, Sandbox

from .conftest import PROBE, login

Client = Callable[[str], httpx.Client]


def _probe(c: httpx.Client, provider: str, headers: dict[str, str]) -> httpx.Response:
    method, path = PROBE[provider]
    return c.request(method, path, headers=headers)


@pytest.mark.parametrize("provider", PROVIDERS)
def test_5xx_burst_then_recovery(sandbox: Sandbox, client: Client, provider: str) -> None:
    c = client(provider)
    h = login(c, provider)
    sandbox.faults(provider).fail_5xx(3, status=502)
    assert [_probe(c, provider, h).status_code for _ in range(4)] == [502, 502, 502, 200]
    assert sandbox.counters(provider).faulted == 3


@pytest.mark.parametrize("provider", PROVIDERS)
def test_rate_limit_with_retry_after_seconds(
    sandbox: Sandbox, client: Client, provider: str
) -> None:
    c = client(provider)
    h = login(c, provider)
    sandbox.faults(provider).rate_limit(2, retry_after=7)
    first, second, third = (_probe(c, provider, h) for _ in range(3))
    assert (first.status_code, first.headers["retry-after"]) == (429, "7")
    assert second.status_code == 429
    assert third.status_code == 200


def test_rate_limit_with_http_date(sandbox: Sandbox, client: Client) -> None:
    c = client("ovok")
    when = dt.datetime(2030, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    sandbox.faults("ovok").rate_limit(1, retry_after=when)
    r = c.post("/v2/auth/login", json={})
    assert r.status_code == 429
    assert email.utils.parsedate_to_datetime(r.headers["retry-after"]) == when


@pytest.mark.parametrize("provider", PROVIDERS)
def test_dropped_connection(sandbox: Sandbox, client: Client, provider: str) -> None:
    c = client(provider)
    h = login(c, provider)
    sandbox.faults(provider).drop_connections(1)
    with pytest.raises(httpx.RemoteProtocolError):
        _probe(c, provider, h)
    assert _probe(c, provider, h).status_code == 200


@pytest.mark.parametrize("provider", PROVIDERS)
def test_malformed_json(sandbox: Sandbox, client: Client, provider: str) -> None:
    c = client(provider)
    h = login(c, provider)
    sandbox.faults(provider).malformed_json(1)
    bad = _probe(c, provider, h)
    assert bad.status_code == 200
    assert bad.headers["content-type"] == "application/json"
    with pytest.raises(ValueError):
        bad.json()
    _probe(c, provider, h).json()


@pytest.mark.parametrize("provider", PROVIDERS)
def test_html_error_page(sandbox: Sandbox, client: Client, provider: str) -> None:
    c = client(provider)
    h = login(c, provider)
    sandbox.faults(provider).html_error(1, status=504)
    page = _probe(c, provider, h)
    assert page.status_code == 504
    assert page.headers["content-type"].startswith("text/html")
    assert "<html>" in page.text
    assert _probe(c, provider, h).status_code == 200


def test_latency_and_clear(sandbox: Sandbox, client: Client) -> None:
    c = client("nuxera")
    h = login(c, "nuxera")
    sandbox.faults("nuxera").latency(0.3)
    started = time.monotonic()
    assert _probe(c, "nuxera", h).status_code == 200
    assert time.monotonic() - started >= 0.3
    assert sandbox.faults("nuxera").pending[0].kind == "latency"
    sandbox.faults("nuxera").clear()
    assert sandbox.faults("nuxera").pending == []


def test_latency_counts_down(sandbox: Sandbox, client: Client) -> None:
    c = client("nuxera")
    sandbox.faults("nuxera").latency(0.01, n=2)
    c.get("/api/auth/me")
    assert sandbox.faults("nuxera").pending[0].remaining == 1
    c.get("/api/auth/me")
    assert sandbox.faults("nuxera").pending == []


def test_fault_restricted_to_one_endpoint(sandbox: Sandbox, client: Client) -> None:
    c = client("ovok")
    sandbox.faults("ovok").fail_5xx(1, endpoint="POST /v2/auth/login")
    assert c.get("/auth/session").status_code == 401  # not this endpoint: untouched
    h = {}
    r = c.post("/v2/auth/login", json={})
    assert r.status_code == 503
    h = login(c, "ovok")
    assert c.get("/auth/session", headers=h).status_code == 200


def test_clear_switches_faults_off(sandbox: Sandbox, client: Client) -> None:
    c = client("bforeai")
    sandbox.faults("bforeai").fail_5xx(100).rate_limit(100)
    assert c.get("/authheader/list").status_code == 503
    sandbox.faults("bforeai").clear()
    assert c.get("/authheader/list").status_code == 401


@pytest.mark.parametrize("provider", PROVIDERS)
def test_revoke_all_tokens(sandbox: Sandbox, client: Client, provider: str) -> None:
    c = client(provider)
    h = login(c, provider)
    assert _probe(c, provider, h).status_code == 200
    sandbox.faults(provider).revoke_all_tokens()
    assert _probe(c, provider, h).status_code == 401
    assert _probe(c, provider, login(c, provider)).status_code == 200


def test_short_lifetime_expires(sandbox: Sandbox, client: Client) -> None:
    c = client("ovok")
    sandbox.set_lifetime("ovok", access=30)
    h = login(c, "ovok")
    assert c.get("/auth/session", headers=h).status_code == 200
    # The provider's clock moves on instead of the test sleeping: a token's ``exp`` is whole
    # seconds from a truncated ``iat``, so a one-second token could lapse before the first call.
    sandbox.faults("ovok").clock_skew(20)
    assert c.get("/auth/session", headers=h).status_code == 200
    sandbox.faults("ovok").clock_skew(31)
    assert c.get("/auth/session", headers=h).status_code == 401
    sandbox.set_lifetime("ovok", access=None)
    assert sandbox.lifetimes("ovok")["access"] == 3600
    with pytest.raises(ValueError, match="no token kind"):
        sandbox.set_lifetime("ovok", bogus=1)


def test_clock_skew(sandbox: Sandbox, client: Client) -> None:
    c = client("ovok")
    sandbox.faults("ovok").clock_skew(-7200)
    h = login(c, "ovok")
    claims = jwt.decode(h["authorization"][7:], options={"verify_signature": False})
    assert claims["exp"] < time.time()  # expired by the client's clock...
    assert c.get("/auth/session", headers=h).status_code == 200  # ...but not by the provider's
    sandbox.faults("ovok").clear()
    assert c.get("/auth/session", headers=h).status_code == 401


def test_redirect_points_elsewhere_then_recovers(sandbox: Sandbox, client: Client) -> None:
    c = client("ovok")
    h = login(c, "ovok")
    sandbox.faults("ovok").redirect("http://other.example/landing", status=302)
    first = _probe(c, "ovok", h)
    assert first.status_code == 302
    assert first.headers["location"] == "http://other.example/landing"
    assert _probe(c, "ovok", h).status_code == 200
    with pytest.raises(ValueError):
        sandbox.faults("ovok").redirect("http://x.example/", status=200)
    with pytest.raises(ValueError):
        sandbox.faults("ovok").redirect("http://x.example/\r\nSet-Cookie: a=b")


def test_trickle_sends_a_byte_at_a_time(sandbox: Sandbox, client: Client) -> None:
    """The body keeps coming, slower than any overall deadline, faster than a read timeout."""
    c = client("ovok")
    h = login(c, "ovok")
    sandbox.faults("ovok").trickle(seconds=0.05, size=6)
    method, path = PROBE["ovok"]
    with c.stream(method, path, headers=h) as response:
        assert response.status_code == 200
        chunks = [chunk for chunk in response.iter_raw() if chunk]
    assert b"".join(chunks) == b" " * 6
    assert len(chunks) > 1  # not sent at once
    assert _probe(c, "ovok", h).status_code == 200
