"""Hypothesis strategies for hostile provider responses, shared by the fuzz tests.

A :class:`Reply` is what a provider (or a proxy in front of it) might answer: any status, any
headers (bad ``Retry-After``, bad or missing content types, broken encodings), any body
(truncated JSON, wrong types, missing fields, huge, deeply nested, non-UTF-8, HTML pages) — or
no answer at all (a transport error). ``Reply.build`` turns it into an ``httpx.Response`` with a
*streamed* body, as a real transport returns it, so decoding happens where keyhouse reads it.
"""

from __future__ import annotations

import json
import os
import string
from dataclasses import dataclass, field
from typing import Any

import httpx
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st

__all__ = [
    "FUZZ",
    "FUZZ_EXAMPLES",
    "Reply",
    "json_values",
    "leaks",
    "replies",
]

#: Examples per fuzz test: ``nox -s fuzz`` raises it (>= 10,000 in total over the fuzz tests).
FUZZ_EXAMPLES = int(os.environ.get("KEYHOUSE_FUZZ_EXAMPLES", "25"))

# Shrinking a failure through a fresh Keyhouse per example takes minutes: only on request
# (KEYHOUSE_FUZZ_SHRINK=1); the unshrunk failing example is printed either way.
_PHASES = [Phase.explicit, Phase.reuse, Phase.generate]
if os.environ.get("KEYHOUSE_FUZZ_SHRINK"):
    _PHASES.append(Phase.shrink)

FUZZ = settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    database=None,
    print_blob=True,
    report_multiple_bugs=False,
    phases=_PHASES,
    suppress_health_check=list(HealthCheck),
)

STATUSES = [200, 201, 204, 301, 302, 400, 401, 403, 404, 409, 422, 429, 500, 502, 503, 504]
FIELD_NAMES = [
    # every token field of every provider, so that wrong types reach every branch
    "access_token", "accessToken", "token", "Token", "access", "refresh", "api_key",
    "refresh_token", "refreshToken", "expires_in", "expiresIn", "expires_at", "expiresAt",
    "created_at", "PasswordExpiration", "data", "status", "message", "error", "errors",
    "tokenType", "user", "project", "profile",
]  # fmt: skip

CONTENT_TYPES: list[bytes | None] = [
    None,
    b"application/json",
    b"application/json; charset=utf-8",
    b"application/problem+json",
    b"application/json; charset=bogus-9",
    b"application/json; charset=utf-16",
    b"text/html",
    b"text/html; charset=iso-8859-1",
    b"text/plain",
    b"application/octet-stream",
    b"",
    b"json",
    b"\xff\xfe;;;",
]
RETRY_AFTERS: list[bytes | None] = [
    None,
    b"0",
    b"-1",
    b"0.001",
    b"1.5",
    b"3600",
    b"nan",
    b"inf",
    b"-inf",
    b"1e309",
    b"99999999999999999999",
    b"9" * 400,
    b"9" * 5000,
    b"Wed, 21 Oct 2015 07:28:00 GMT",
    b"Fri, 31 Dec 9999 23:59:59 GMT",
    b"Mon, 01 Jan 0001 00:00:00 GMT",
    b"Sun, 06 Nov 1994 08:49:37 +9999",
    b"tomorrow",
    b"",
    b"   ",
    b"\xff\xfe",
    "\uff11\uff12".encode(),
]
ENCODINGS: list[bytes | None] = [None, None, None, b"gzip", b"br", b"deflate", b"identity", b"zz"]

json_values: st.SearchStrategy[Any] = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=10**20, max_value=10**400)
    | st.floats()  # NaN and infinities included: Python's json writes and reads them
    | st.text(max_size=40)
    | st.sampled_from(["", "2026-11-23T20:00:00Z", "1999-01-01", "3600", "-5", "ey.ey.ey"]),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from(FIELD_NAMES) | st.text(max_size=8), children, max_size=5)
    ),
    max_leaves=12,
)

HTML_PAGES = [
    b"<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head>"
    b"<body><h1>502 Bad Gateway</h1><hr>nginx</body></html>",
    b"<html><body>Service Unavailable</body></html>",
    b"   \n<!doctype html><p>Cloudflare: Error 1020 Access denied</p>",
]


def _huge(kind: str) -> bytes:
    if kind == "blob":
        return b"x" * 3_000_000
    if kind == "nested":
        return b"[" * 100_000 + b"]" * 100_000
    if kind == "open":
        return b'{"a":' * 50_000
    if kind == "string-field":
        big = "y" * 300_000
        return json.dumps({name: big for name in ("Token", "token", "PasswordExpiration")}).encode()
    return b"9" * 100_000  # a number too long for int()


@dataclass
class Reply:
    """One hostile answer; ``error`` set means the transport failed instead."""

    status: int = 200
    headers: list[tuple[bytes, bytes]] = field(default_factory=list)
    body: bytes = b""
    error: type[httpx.TransportError] | None = None

    def build(self, request: httpx.Request) -> httpx.Response:
        if self.error is not None:
            raise self.error("hostile transport failure", request=request)
        return httpx.Response(
            self.status,
            headers=self.headers,
            stream=httpx.ByteStream(self.body),
            request=request,
        )

    def __repr__(self) -> str:
        if self.error is not None:
            return f"Reply(error={self.error.__name__})"
        body = self.body if len(self.body) < 200 else self.body[:200] + b"..."
        return f"Reply({self.status}, {self.headers!r}, {body!r} ({len(self.body)} bytes))"


def _with_canary(body: bytes, canary: bytes, pad: int, at_end: bool) -> bytes:
    """A provider echoing a secret, after a run of whitespace (exercises truncation)."""
    echo = b" " * pad + canary
    return body + echo if at_end else echo + body


@st.composite
def bodies(
    draw: st.DrawFn, good: dict[str, Any] | None = None, canaries: tuple[str, ...] = ()
) -> bytes:
    """A response body: mostly hostile, sometimes (if ``good`` is given) nearly right."""
    kinds = ["json", "truncated", "bytes", "html", "empty", "huge", "text"]
    if good is not None:
        kinds += ["good", "good", "good", "mutated", "mutated", "truncated-good"]
    kind = draw(st.sampled_from(kinds))
    if kind == "good" and good is not None:
        body = json.dumps(good).encode()
    elif kind == "mutated" and good is not None:
        doc = json.loads(json.dumps(good))
        target = doc
        if isinstance(doc.get("data"), dict) and draw(st.booleans()):
            target = doc["data"]
        if target:
            key = draw(st.sampled_from(sorted(target)))
            if draw(st.booleans()):
                del target[key]
            else:
                target[key] = draw(json_values)
        body = json.dumps(doc).encode()
    elif kind == "truncated-good" and good is not None:
        full = json.dumps(good).encode()
        body = full[: draw(st.integers(0, max(0, len(full) - 1)))]
    elif kind == "json":
        body = json.dumps(draw(json_values)).encode()
    elif kind == "truncated":
        full = json.dumps(draw(json_values)).encode()
        body = full[: draw(st.integers(0, len(full)))]
    elif kind == "bytes":
        body = draw(st.binary(max_size=300))
    elif kind == "text":
        body = draw(st.text(string.printable + "äé\u2028\ud7ff", max_size=300)).encode(
            draw(st.sampled_from(["utf-8", "utf-16", "latin-1"])), "replace"
        )
    elif kind == "html":
        body = draw(st.sampled_from(HTML_PAGES))
    elif kind == "huge":
        body = _huge(draw(st.sampled_from(["blob", "nested", "open", "string-field", "number"])))
    else:
        body = b""
    if canaries and draw(st.integers(0, 3)) == 0:
        canary = draw(st.sampled_from(canaries)).encode()
        pad = draw(st.one_of(st.just(0), st.integers(0, 600)))
        body = _with_canary(body, canary, pad, draw(st.booleans()))
    return body


@st.composite
def replies(
    draw: st.DrawFn,
    good: dict[str, Any] | None = None,
    canaries: tuple[str, ...] = (),
    transport_errors: bool = True,
) -> Reply:
    """A hostile reply; with ``good``, about half the time a 2xx near the good answer."""
    if transport_errors and draw(st.integers(0, 11)) == 0:
        error = draw(
            st.sampled_from(
                [httpx.ConnectError, httpx.ReadTimeout, httpx.RemoteProtocolError, httpx.ReadError]
            )
        )
        return Reply(error=error)
    if good is not None and draw(st.booleans()):
        status = draw(st.sampled_from([200, 200, 201]))
    else:
        status = draw(st.one_of(st.sampled_from(STATUSES), st.integers(100, 599)))
    headers: list[tuple[bytes, bytes]] = []
    ctype = draw(st.sampled_from(CONTENT_TYPES))
    if ctype is not None:
        headers.append((b"content-type", ctype))
    retry_after = draw(st.sampled_from(RETRY_AFTERS))
    if retry_after is not None:
        headers.append((b"retry-after", retry_after))
    encoding = draw(st.sampled_from(ENCODINGS))
    if encoding is not None:
        headers.append((b"content-encoding", encoding))
    if draw(st.booleans()):
        headers.append((b"x-request-id", draw(st.binary(max_size=300))))
    if draw(st.booleans()):
        headers.append(
            (b"date", draw(st.sampled_from([b"garbage", b"Mon, 01 Jan 0001 00:00:00 GMT", b""])))
        )
    body = draw(bodies(good, canaries))
    return Reply(status, headers, body)


def leaks(text: str, secrets: tuple[str, ...], window: int = 8) -> list[str]:
    """The secrets of which ``text`` shows ``window`` or more consecutive characters."""
    found = []
    for secret in secrets:
        if any(secret[i : i + window] in text for i in range(len(secret) - window + 1)):
            found.append(secret)
    return found
