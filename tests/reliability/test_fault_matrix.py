"""Every sandbox fault x every provider, through the facade over real HTTP on 127.0.0.1.

Faults are scoped to one business endpoint per provider (token endpoints stay healthy, except
where the fault is about tokens). Each cell warms the token up, switches the fault on, makes one
business call through ``kh.client(p).client.get_httpx_client()`` and checks the outcome, how many
requests reached the endpoint (sandbox counters) and how many extra logins it cost.

The matrix — the same documented outcome for every provider:

=========================  ======  ==========================  ========  ==============
fault                      call    outcome                     requests  extra logins
=========================  ======  ==========================  ========  ==============
latency 50 ms              GET     succeeds                    1         0
5xx burst (2 x 503)        GET     retried, succeeds           3         0
5xx burst (2 x 503)        POST    ProviderUnavailableError    1         0
429, Retry-After: 0        GET     retried, succeeds           2         0
429, Retry-After: 120      GET     RateLimitedError(120)       1         0
                                   (beyond the retry budget)
429, Retry-After: past     GET     retried, succeeds           2         0
HTTP-date
429, Retry-After: +1 h     GET     RateLimitedError(~3600)     1         0
HTTP-date
429, Retry-After: 0        POST    RateLimitedError            1         0
dropped connection         GET     retried, succeeds           2         0
dropped connection         POST    ProviderUnavailableError    1         0
malformed JSON (200)       GET     returned unparsed (*)       1         0
HTML error page (502)      GET     retried, succeeds           2         0
HTML error page (502)      POST    ProviderUnavailableError    1         0
HTML error page (200)      GET     ProtocolError               1         0
early revocation           GET     one re-login, succeeds      2         as many as the
                                                                         first login
clock skew +1 h / -30 min  GET x3  succeeds                    3         0
=========================  ======  ==========================  ========  ==============

"succeeds" means the provider's own answer came back (any status but 401/429/5xx). (*) keyhouse
parses no body on the way: the caller parses once, and the generated client's parse of a bad body
raises ProtocolError (tests/overlay/test_faults.py, test_malformed.py). Retries use
a tiny policy (1-10 ms backoff, 2 s budget) set through ``Settings.build(retry=...)``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from keyhouse._errors import (
    KeyhouseError,
    ProtocolError,
    ProviderUnavailableError,
    RateLimitedError,
)
from keyhouse._facade import Keyhouse
from keyhouse._retry import RetryPolicy
from keyhouse._settings import Settings
from keyhouse_sandbox import DEMO_CREDENTIALS, IMIASSIST_SERVER_VARIABLES, Faults, Sandbox
from keyhouse_sandbox.providers import PROVIDERS as ALL_PROVIDERS

PROVIDERS = list(ALL_PROVIDERS)
POLICY = RetryPolicy(attempts=4, base=0.001, cap=0.01, total=2.0, jitter=0.0)

# (method, path, fault endpoint key, JSON body) of one GET and one POST business call each.
GET: dict[str, tuple[str, str]] = {
    "cardioexplorer": ("/api/ccs/v1/tests/t-404/result", "GET /api/ccs/v1/tests/{id}/result"),
    "bforeai": ("/authheader/list", "GET /authheader/list"),
    "imiassist": ("/api/v1/auth/token", "GET /api/v1/auth/token"),
    "ovok": ("/auth/session", "GET /auth/session"),
    "nuxera": ("/api/auth/me", "GET /api/auth/me"),
}
POST: dict[str, tuple[str, str, Any]] = {
    "cardioexplorer": ("/api/fhir/draft-test", "POST /api/fhir/draft-test", {"resourceType": "x"}),
    "bforeai": ("/authheader/add", "POST /authheader/add", {"name": "matrix"}),
    "imiassist": ("/api/v1/contacts", "POST /api/v1/contacts", {"first_name": "Ada"}),
    "ovok": ("/auth/register", "POST /auth/register", {"email": "a@example.org"}),
    "nuxera": ("/api/transcribe", "POST /api/transcribe", {"audio": "AAAA"}),
}

OK = "succeeds"


def _http_date(delta: float) -> dt.datetime:
    return dt.datetime.now(dt.UTC) + dt.timedelta(seconds=delta)


@dataclass(frozen=True)
class Cell:
    method: str
    fault: Callable[[Faults, str], object]
    outcome: str | type[KeyhouseError]
    requests: int
    extra_logins: str = "none"  # "none" | "same-as-first"
    retry_after: tuple[float, float] | None = None  # expected range of RateLimitedError's
    calls: int = 1
    before_login: bool = False  # switch the fault on before the first login (clock skew)


CELLS: dict[str, Cell] = {
    "latency": Cell("GET", lambda f, ep: f.latency(0.05, endpoint=ep), OK, 1),
    "5xx-burst-get": Cell("GET", lambda f, ep: f.fail_5xx(2, endpoint=ep), OK, 3),
    "5xx-burst-post": Cell(
        "POST", lambda f, ep: f.fail_5xx(2, endpoint=ep), ProviderUnavailableError, 1
    ),
    "429-seconds-get": Cell(
        "GET", lambda f, ep: f.rate_limit(1, retry_after=0, endpoint=ep), OK, 2
    ),
    "429-seconds-over-budget": Cell(
        "GET",
        lambda f, ep: f.rate_limit(1, retry_after=120, endpoint=ep),
        RateLimitedError,
        1,
        retry_after=(120, 120),
    ),
    "429-date-past-get": Cell(
        "GET", lambda f, ep: f.rate_limit(1, retry_after=_http_date(-60), endpoint=ep), OK, 2
    ),
    "429-date-over-budget": Cell(
        "GET",
        lambda f, ep: f.rate_limit(1, retry_after=_http_date(3600), endpoint=ep),
        RateLimitedError,
        1,
        retry_after=(3500, 3601),
    ),
    "429-post": Cell(
        "POST", lambda f, ep: f.rate_limit(1, retry_after=0, endpoint=ep), RateLimitedError, 1
    ),
    "drop-get": Cell("GET", lambda f, ep: f.drop_connections(1, endpoint=ep), OK, 2),
    "drop-post": Cell(
        "POST", lambda f, ep: f.drop_connections(1, endpoint=ep), ProviderUnavailableError, 1
    ),
    "malformed-json-get": Cell("GET", lambda f, ep: f.malformed_json(1, endpoint=ep), OK, 1),
    "html-502-get": Cell("GET", lambda f, ep: f.html_error(1, endpoint=ep), OK, 2),
    "html-502-post": Cell(
        "POST", lambda f, ep: f.html_error(1, endpoint=ep), ProviderUnavailableError, 1
    ),
    "html-200-get": Cell(
        "GET", lambda f, ep: f.html_error(1, status=200, endpoint=ep), ProtocolError, 1
    ),
    "revocation": Cell(
        "GET", lambda f, ep: f.revoke_all_tokens(), OK, 2, extra_logins="same-as-first"
    ),
    "skew-ahead": Cell("GET", lambda f, ep: f.clock_skew(3600), OK, 3, calls=3, before_login=True),
    "skew-behind": Cell(
        "GET", lambda f, ep: f.clock_skew(-1800), OK, 3, calls=3, before_login=True
    ),
}


@pytest.fixture(scope="module")
def sb() -> Iterator[Sandbox]:
    with Sandbox() as server:
        yield server


def _keyhouse(sb: Sandbox, provider: str) -> Keyhouse:
    values = dict(DEMO_CREDENTIALS[provider], base_url=sb.base_url(provider))
    if provider == "imiassist":
        values.update(IMIASSIST_SERVER_VARIABLES)
    providers: dict[str, Any] = {provider: values}
    return Keyhouse(Settings.build(retry=POLICY, timeout=5.0, **providers))


def _issued(sb: Sandbox, provider: str) -> int:
    counters = sb.counters(provider)
    return counters.logins + counters.refreshes


def _call(kh: Keyhouse, provider: str, method: str) -> httpx.Response:
    client: httpx.Client = kh.client(provider).client.get_httpx_client()
    if method == "GET":
        return client.get(GET[provider][0])
    path, _, body = POST[provider]
    return client.post(path, json=body)


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("case", list(CELLS))
def test_fault_matrix(sb: Sandbox, provider: str, case: str) -> None:
    cell = CELLS[case]
    sb.reset(state=True)
    faults = sb.faults(provider)
    endpoint = GET[provider][1] if cell.method == "GET" else POST[provider][1]
    with _keyhouse(sb, provider) as kh:
        if cell.before_login:
            cell.fault(faults, endpoint)
        kh.token(provider)  # warm: the first login
        first = _issued(sb, provider)
        assert first >= 1
        if not cell.before_login:
            cell.fault(faults, endpoint)
        before = sb.counters(provider).requests[endpoint]

        outcomes: list[object] = []
        for _ in range(cell.calls):
            try:
                response = _call(kh, provider, cell.method)
            except KeyhouseError as exc:
                outcomes.append(exc)
            else:
                outcomes.append(response)

        reached = sb.counters(provider).requests[endpoint] - before
        extra = _issued(sb, provider) - first
        faults.clear()

    for outcome in outcomes:
        if cell.outcome == OK:
            assert isinstance(outcome, httpx.Response), f"{case}: expected success, got {outcome!r}"
            status = outcome.status_code
            assert status not in (401, 429), f"{case}: {status} {outcome.text[:200]}"
            assert status < 500, f"{case}: {status} {outcome.text[:200]}"
        else:
            assert not isinstance(cell.outcome, str)
            assert isinstance(outcome, cell.outcome), (
                f"{case}: expected {cell.outcome}, got {outcome!r}"
            )
            if cell.retry_after is not None:
                assert isinstance(outcome, RateLimitedError)
                assert outcome.retry_after is not None
                low, high = cell.retry_after
                assert low <= outcome.retry_after <= high
    assert reached == cell.requests, f"{case}: {reached} requests reached {endpoint}"
    expected_extra = first if cell.extra_logins == "same-as-first" else 0
    assert extra == expected_extra, f"{case}: {extra} extra logins/refreshes (first: {first})"


# --- faults on the token endpoint itself -------------------------------------------------------
#
# =========================  ==========================  ========================
# fault on the login         kh.token(provider)          requests to the endpoint
# =========================  ==========================  ========================
# 5xx burst (2 x 503)        retried, succeeds           3
# 429, Retry-After: 0        retried, succeeds           2
# dropped connection         retried, succeeds           2
# malformed JSON (200)       ProtocolError               1
# HTML error page (200)      ProtocolError               1
# =========================  ==========================  ========================

LOGIN: dict[str, str] = {
    "cardioexplorer": "POST /api/organization-auth/authenticate",
    "bforeai": "POST /user/login",
    "imiassist": "POST /api/v1/auth/login",
    "ovok": "POST /v2/auth/login",
    "nuxera": "POST /api/auth/login",
}
TOKEN_CELLS: dict[str, tuple[Callable[[Faults, str], object], str | type[KeyhouseError], int]] = {
    "5xx-burst": (lambda f, ep: f.fail_5xx(2, endpoint=ep), OK, 3),
    "429-seconds": (lambda f, ep: f.rate_limit(1, retry_after=0, endpoint=ep), OK, 2),
    "drop": (lambda f, ep: f.drop_connections(1, endpoint=ep), OK, 2),
    "malformed-json": (lambda f, ep: f.malformed_json(1, endpoint=ep), ProtocolError, 1),
    "html-200": (lambda f, ep: f.html_error(1, status=200, endpoint=ep), ProtocolError, 1),
}


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("case", list(TOKEN_CELLS))
def test_token_endpoint_fault_matrix(sb: Sandbox, provider: str, case: str) -> None:
    fault, expected, requests = TOKEN_CELLS[case]
    sb.reset(state=True)
    endpoint = LOGIN[provider]
    fault(sb.faults(provider), endpoint)
    with _keyhouse(sb, provider) as kh:
        outcome: object
        try:
            outcome = kh.token(provider)
        except KeyhouseError as exc:
            outcome = exc
    sb.faults(provider).clear()
    if expected == OK:
        assert isinstance(outcome, str), f"{case}: expected a token, got {outcome!r}"
        assert sb.counters(provider).logins >= 1
    else:
        assert not isinstance(expected, str)
        assert isinstance(outcome, expected), f"{case}: expected {expected}, got {outcome!r}"
    assert sb.counters(provider).requests[endpoint] == requests
