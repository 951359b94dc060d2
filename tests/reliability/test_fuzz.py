"""Hypothesis fuzzing of every token flow, the error mapping and the auth flow.

Property, for any status, headers and body a provider (or a proxy) may send, and for transport
failures: nothing but :class:`keyhouse.KeyhouseError` subclasses escapes, nothing hangs (bounded
retry policy, no real sleeps worth speaking of, a cap on requests per example), no configured
secret appears — not even 8 characters of it — in any exception message or traceback text, and
messages stay short.

Responses are crafted ``httpx.Response`` objects (streamed bodies, as a transport returns them)
fed through ``httpx.MockTransport``: a server cannot cheaply produce every hostile byte sequence.
``KEYHOUSE_FUZZ_EXAMPLES`` sets the examples per test (``nox -s fuzz`` sets 2500).
"""

from __future__ import annotations

import asyncio
import functools
import json
import time
import traceback
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from keyhouse import _binding as binding_module
from keyhouse._credential import Credential, compute_expiry, parse_time
from keyhouse._errors import KeyhouseError, snippet
from keyhouse._facade import Keyhouse
from keyhouse._flow import expect_json, raise_for_status
from keyhouse._redact import register
from keyhouse._retry import TOKEN_REQUEST, RetryPolicy, parse_retry_after
from keyhouse._settings import Settings
from keyhouse._transport import AsyncCredentialTransport, CredentialTransport
from keyhouse.providers.declared import UNSUPPORTED

from .hostile import FUZZ, FUZZ_EXAMPLES, Reply, json_values, leaks, replies

pytestmark = pytest.mark.timeout(max(120, FUZZ_EXAMPLES))

# Configured secrets: random-looking so that 8 characters of one never occur by chance.
SECRETS = {
    "cardioexplorer": {"client_secret": "c7f1e09ab3d54c26a8e9"},
    "bforeai": {"password": "b52d0e7c9a1f4863bd0e"},
    "bforeai_key": {"api_key": "a9e3c1b7d5f20846ce1b"},
    "imiassist": {"password": "d3b8f6a0c2e94517af6d"},
    "ovok": {"password": "e8a4c2f0b6d13957ec4a"},
    "nuxera": {"password": "f1d7b3e9a5c04286db7f", "api_key": "0b6e2a8c4f1d9735a0c6"},
}
CANARIES = tuple(v for fields in SECRETS.values() for v in fields.values())
register(*CANARIES, pin=True)  # what Secret() does for settings when a Keyhouse is built

PUBLIC = {
    "cardioexplorer": {"client_id": "12345678-1234-1234-1234-123456789abc", "scope": "api.read"},
    "bforeai": {"username": "john.doe"},
    "bforeai_key": {},
    "imiassist": {"email": "u@example.org", "subdomain": "acme", "domain": "example.org"},
    "ovok": {"email": "u@example.org", "client_id": "5e505642-9024-474d-9434-e5a44f505cc5"},
    "nuxera": {"username": "doctor.smith"},
}
PROVIDER_OF = {name: name.removesuffix("_key") for name in SECRETS}
BASE = "http://127.0.0.1:9"
# Retries never really sleep (see `no_sleep`); a Retry-After beyond 30 s ends them.
POLICY = RetryPolicy(attempts=3, base=0.01, cap=0.05, total=30.0, jitter=0.0)
MAX_REQUESTS = 40  # per example: more would mean a loop

_JWT = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJleHAiOjQxMDI0NDQ4MDAsImlhdCI6MTcwMDAwMDAwMH0."
    "c2lnbmF0dXJlLWlzLW5vdC1jaGVja2Vk"
)
#: The answer each token endpoint documents (fuzzing mutates it to reach deeper steps).
GOOD: dict[str, dict[str, Any]] = {
    "/api/organization-auth/authenticate": {
        "status": "success",
        "data": {"accessToken": "ce-token-1", "tokenType": "Bearer", "expiresIn": 3600},
    },
    "/user/login": {"Token": "bf-token-1", "PasswordExpiration": "2027-01-01T00:00:00Z"},
    "/user/renew": {"Token": "bf-token-2", "PasswordExpiration": "2027-01-01T00:00:00Z"},
    "/api/v1/auth/login": {"access": _JWT, "refresh": "imi-refresh"},
    "/api/v1/auth/token": {
        "api_key": "imi-key",
        "token": "imi-token",
        "created_at": "2026-11-23T20:00:00Z",
        "expires_at": "2099-01-01T00:00:00Z",
    },
    "/v2/auth/login": {"accessToken": "ov-token-1", "refreshToken": "ov-r-1", "expiresIn": 3600},
    "/auth/refresh-token": {"access_token": "ov-token-2", "refresh_token": "ov-r-2"},
    "/api/auth/login": {"token": "nx-token-1", "user": {"id": 1}},
}
BUSINESS_PATHS = ["/v1/items", "/api/transcribe", "/api/v1/auth/token"]


async def _no_async_sleep(seconds: float) -> None:
    return None


@pytest.fixture(autouse=True, scope="module")
def no_sleep() -> Iterator[None]:
    """The facade's retrying transports, with a sleep that returns at once and a frozen clock.

    Deterministic as well as fast: how often a request is retried must not depend on how long
    a huge body took to parse, or Hypothesis sees a different test each run.
    """
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(
            binding_module,
            "CredentialTransport",
            functools.partial(CredentialTransport, sleep=lambda s: None, clock=lambda: 0.0),
        )
        mp.setattr(
            binding_module,
            "AsyncCredentialTransport",
            functools.partial(AsyncCredentialTransport, sleep=_no_async_sleep, clock=lambda: 0.0),
        )
        yield


def _good_for(path: str) -> dict[str, Any] | None:
    for suffix, body in GOOD.items():
        if path.endswith(suffix):
            return body
    return None


def _settings(variant: str) -> Settings:
    values = {**PUBLIC[variant], **SECRETS[variant], "base_url": f"{BASE}/{variant}"}
    providers: dict[str, Any] = {PROVIDER_OF[variant]: values}
    return Settings.build(retry=POLICY, timeout=5.0, **providers)


def _assert_clean(exc: BaseException) -> None:
    """Only keyhouse errors, no secret in message or traceback, bounded message."""
    text = "".join(traceback.format_exception(exc))
    if not isinstance(exc, KeyhouseError):
        pytest.fail(f"{type(exc).__module__}.{type(exc).__name__} escaped:\n{text}")
    assert not leaks(text, CANARIES), f"secret in exception text: {text}"
    assert not leaks(repr(exc), CANARIES), f"secret in repr: {exc!r}"
    assert len(str(exc)) <= 1000, f"unbounded message ({len(str(exc))} chars): {str(exc)[:300]}"


class Script:
    """A MockTransport handler answering each request with a drawn hostile reply."""

    def __init__(self, data: st.DataObject, *, good_tokens: bool = False) -> None:
        self.data = data
        self.requests: list[httpx.Request] = []
        self.good_tokens = good_tokens

    def reply_for(self, request: httpx.Request) -> Reply:
        good = _good_for(request.url.path)
        if good is not None and self.good_tokens and request.extensions.get(TOKEN_REQUEST):
            return Reply(200, [(b"content-type", b"application/json")], json.dumps(good).encode())
        return self.data.draw(replies(good, CANARIES), label=f"{request.method} {request.url}")

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if len(self.requests) > MAX_REQUESTS:
            return httpx.Response(599, request=request)  # checked after the example
        return self.reply_for(request).build(request)

    async def handle_async(self, request: httpx.Request) -> httpx.Response:
        return self(request)


def _previous(data: st.DataObject) -> Credential | None:
    """A cached credential from an earlier run, to reach refresh/renew/level-2 branches."""
    kind = data.draw(st.sampled_from(["none", "fresh", "expired", "weird"]), label="previous")
    if kind == "none":
        return None
    now = time.time()
    lifetime = 3600.0 if kind == "fresh" else -10.0
    extra = {
        "access": _JWT,
        "access_obtained_at": repr(now),
        "access_expires_at": repr(now + lifetime),
        "api_key": "imi-key-0",
    }
    if kind == "weird":
        extra = {"access": "", "access_obtained_at": "nan", "access_expires_at": "x"}
    return Credential(
        token="prev-token-0",
        obtained_at=now - 100,
        expires_at=now + lifetime,
        refresh_token="prev-refresh-0",
        extra=extra,
    )


def _call(kh: Keyhouse, provider: str, method: str, path: str) -> None:
    client = kh.client(provider).client.get_httpx_client()
    response = client.request(method, path, json={"a": 1} if method == "POST" else None)
    assert isinstance(response, httpx.Response)


# --- the token flows, through the facade (strategy + drivers + retry + auth) ---------------


@pytest.mark.parametrize("variant", sorted(SECRETS))
@FUZZ
@given(data=st.data())
def test_fuzz_token_flow(variant: str, data: st.DataObject) -> None:
    """Every provider's obtain() flow, driven by hostile token responses."""
    UNSUPPORTED.clear()  # each example starts fresh: no operation remembered as missing
    script = Script(data)
    provider = PROVIDER_OF[variant]
    kh = Keyhouse(_settings(variant), transport=httpx.MockTransport(script))
    previous = _previous(data)
    if previous is not None:
        kh.cache.set(kh.manager(provider).key, previous)
    try:
        token = kh.token(provider)
        assert isinstance(token, str)
        assert token
    except Exception as exc:
        _assert_clean(exc)
    finally:
        kh.close()
    assert len(script.requests) <= MAX_REQUESTS


@pytest.mark.parametrize("variant", ["ovok", "imiassist", "bforeai"])
@FUZZ
@given(data=st.data())
def test_fuzz_token_flow_async(variant: str, data: st.DataObject) -> None:
    """The async driver over the flows with the most steps."""
    UNSUPPORTED.clear()  # each example starts fresh: no operation remembered as missing
    script = Script(data)
    provider = PROVIDER_OF[variant]

    async def run() -> None:
        kh = Keyhouse(_settings(variant), async_transport=httpx.MockTransport(script.handle_async))
        previous = _previous(data)
        if previous is not None:
            kh.cache.set(kh.manager(provider).key, previous)
        try:
            assert await kh.atoken(provider)
        except Exception as exc:
            _assert_clean(exc)
        finally:
            await kh.aclose()

    asyncio.run(run())
    assert len(script.requests) <= MAX_REQUESTS


# --- the httpx.Auth flow over business calls -------------------------------------------------


@pytest.mark.parametrize("variant", sorted(SECRETS))
@FUZZ
@given(data=st.data())
def test_fuzz_auth_flow(variant: str, data: st.DataObject) -> None:
    """Business calls answered with hostile responses (401 included: re-login and replay).

    Token requests get the documented answer, so that the business calls are reached.
    """
    UNSUPPORTED.clear()
    script = Script(data, good_tokens=True)
    provider = PROVIDER_OF[variant]
    kh = Keyhouse(_settings(variant), transport=httpx.MockTransport(script))
    calls = data.draw(
        st.lists(
            st.tuples(
                st.sampled_from(["GET", "POST", "PUT", "DELETE"]), st.sampled_from(BUSINESS_PATHS)
            ),
            min_size=1,
            max_size=3,
        ),
        label="calls",
    )
    try:
        for method, path in calls:
            try:
                _call(kh, provider, method, path)
            except Exception as exc:
                _assert_clean(exc)
    finally:
        kh.close()
    assert len(script.requests) <= MAX_REQUESTS


# --- the error mapping, sans-IO ------------------------------------------------------------------


@FUZZ
@given(reply=replies(GOOD["/v2/auth/login"], CANARIES, transport_errors=False))
def test_fuzz_error_mapping(reply: Reply) -> None:
    """raise_for_status -> expect_json on any response: keyhouse errors only (the fields of
    a token answer are fuzzed through the strategies in the facade tests above)."""
    request = httpx.Request("POST", f"{BASE}/ovok/v2/auth/login")
    response = reply.build(request)
    try:
        response.read()  # as the drivers do (they map a failing read themselves)
    except httpx.HTTPError:
        return
    try:
        expect_json(raise_for_status(response, "ovok"), "ovok")
    except Exception as exc:
        _assert_clean(exc)


@FUZZ
@given(
    value=st.one_of(
        st.text(),
        st.sampled_from(
            [
                b.decode("latin-1")
                for b in (
                    b"9" * 400,
                    b"99999999999999999999",
                    b"1e309",
                    b"Fri, 31 Dec 9999 23:59:59 GMT",
                )
            ]
        ),
    )
)
def test_fuzz_retry_after(value: str) -> None:
    """parse_retry_after: a finite number of seconds >= 0, or None — never an exception."""
    seconds = parse_retry_after(value)
    assert seconds is None or (seconds >= 0 and seconds != float("inf"))
    policy = RetryPolicy(base=0.0)
    response = httpx.Response(429, headers={b"retry-after": value.encode("utf-8")})
    policy.delay(1, response, time.time())


@FUZZ
@given(
    expires_in=json_values,
    expires_at=json_values,
    server=st.one_of(st.none(), st.floats()),
    token=st.one_of(st.text(max_size=30), st.just(_JWT)),
)
def test_fuzz_expiry_and_credential_records(
    expires_in: Any, expires_at: Any, server: float | None, token: str
) -> None:
    """Expiry arithmetic on any value, and a credential built from it survives repr, the cache
    format and parsing back."""
    now = time.time()
    expiry = compute_expiry(
        token=token or "t0ken",
        received_at=now,
        expires_in=expires_in,
        expires_at=expires_at,
        server_date=server,
        default_lifetime=3600.0,
    )
    parse_time(expires_at)
    credential = Credential(token=token or "t0ken", obtained_at=now, expires_at=expiry)
    repr(credential)
    again = Credential.from_json(credential.to_json())
    assert again is None or again.token == credential.token


@FUZZ
@given(raw=st.one_of(st.binary(max_size=200), json_values.map(json.dumps)))
def test_fuzz_cache_record_parsing(raw: bytes | str) -> None:
    """A cache record of any shape parses to a Credential or None, never an exception."""
    credential = Credential.from_json(raw)
    if credential is not None:
        assert isinstance(credential.token, str)
        if len(credential.token) >= 8:  # shorter ones may occur in the repr's own words
            assert credential.token not in repr(credential)


# --- deterministic regressions for what the fuzzing found -------------------------------------


@pytest.mark.parametrize(
    "value", ["9" * 400, "9" * 5000], ids=["int-too-large-for-float", "over-int-max-str-digits"]
)
def test_retry_after_with_a_huge_number_is_ignored(value: str) -> None:
    """_retry.parse_retry_after: float(int(text)) raises OverflowError / ValueError."""
    seconds = parse_retry_after(value)
    assert seconds is None or seconds >= 0


def test_429_with_a_huge_retry_after_on_a_business_call_is_a_keyhouse_error() -> None:
    """The OverflowError above escapes from kh.<provider> calls (retry transport, auth flow)."""

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/api/auth/login"):
            return httpx.Response(200, json={"token": "nx-token-9"})
        return httpx.Response(429, headers={"retry-after": "9" * 400})

    kh = Keyhouse(_settings("nuxera"), transport=httpx.MockTransport(handler))
    try:
        with pytest.raises(KeyhouseError):
            _call(kh, "nuxera", "GET", "/v1/items")
    finally:
        kh.close()


def test_credential_repr_with_far_future_expiry() -> None:
    """Credential.__repr__ raises OverflowError for an expiry past year 9999 (expires_in=1e20
    from a hostile provider is accepted as is)."""
    now = time.time()
    credential = Credential(
        token="t0ken-far",
        obtained_at=now,
        expires_at=compute_expiry(token="t0ken-far", received_at=now, expires_in=1e20),
    )
    assert "t0ken-far" not in repr(credential)


@pytest.mark.parametrize("pad", [380, 390])
def test_snippet_never_shows_part_of_a_secret(pad: int) -> None:
    """_errors.snippet cuts the text at 2*limit BEFORE redacting, so a secret straddling the
    cut (after a run of whitespace that the collapse then removes) is shown in part."""
    secret = CANARIES[0]
    shown = snippet(" " * pad + secret)
    assert not leaks(shown, (secret,)), shown


def test_snippet_redacts_a_secret_containing_whitespace_runs() -> None:
    """snippet collapses whitespace before redacting: a registered secret with two spaces in
    a row no longer matches and is shown in full."""
    secret = "tw0  spaces-9f8e7d6c"
    register(secret)
    shown = snippet(f"error: bad password {secret}")
    assert not leaks(shown, (secret.replace("  ", " "),)), shown


def test_undecodable_business_response_is_a_keyhouse_error() -> None:
    """_auth.py: KeyhouseAuth reads JSON/HTML/untyped bodies (sync_auth_flow's response.read()
    and async_auth_flow's aread()) without catching httpx.DecodingError, so a body that does not
    match its Content-Encoding escapes as httpx.DecodingError instead of ProtocolError."""

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/api/auth/login"):
            return httpx.Response(200, json={"token": "nx-token-8"})
        return httpx.Response(
            200,
            headers={"content-type": "application/json", "content-encoding": "gzip"},
            stream=httpx.ByteStream(b'{"not": "gzip"}'),
        )

    kh = Keyhouse(_settings("nuxera"), transport=httpx.MockTransport(handler))
    try:
        with pytest.raises(KeyhouseError):
            _call(kh, "nuxera", "GET", "/v1/items")
    finally:
        kh.close()


def test_raise_for_status_on_an_unread_undecodable_stream() -> None:
    """_flow.raise_for_status: error_body() swallows the DecodingError but has consumed the
    stream, then _read() raises httpx.StreamConsumed (sans-IO callers that did not read)."""
    response = httpx.Response(
        500,
        headers={"content-encoding": "gzip"},
        stream=httpx.ByteStream(b"not gzip"),
        request=httpx.Request("POST", f"{BASE}/ovok/v2/auth/login"),
    )
    with pytest.raises(KeyhouseError):
        raise_for_status(response, "ovok")
