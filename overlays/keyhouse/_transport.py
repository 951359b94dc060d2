"""The transports: the credential per hop, retries, typed errors, in one layer.

httpx follows redirects inside one auth-flow step and strips only ``Authorization`` on a
cross-origin hop, so other credential headers (API keys) would follow a redirect to another
host. :class:`CredentialTransport` writes the credential the auth flow chose on a copy of the
headers, per hop and only towards the provider's origin, and puts the caller's headers back
once the hop is sent: no other host, and no request or response hook, ever sees it.

With a ``provider`` it also turns every failure into a keyhouse error, including the two that
surface only while the body is read, after the transport returned: a connection dropped
half-way, and a body that does not match its ``Content-Encoding`` (the same httpx decoder runs
over the raw bytes as they pass, before httpx's own sees them).
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, NoReturn, TypedDict, TypeVar, Unpack

import httpx

from ._credential import Credential
from ._errors import transport_error, undecodable, unsendable
from ._retry import (
    IDEMPOTENT_METHODS,
    Plan,
    RetryPolicy,
    abuffered,
    aread_ahead,
    buffered,
    is_retryable_request,
    read_ahead,
    retries,
)
from ._steps import arun_steps, run_steps

if TYPE_CHECKING:
    from ._events import Emitter

__all__ = [
    "CHECKED_URL",
    "CREDENTIAL",
    "AsyncCredentialTransport",
    "AsyncRetryTransport",
    "CredentialTransport",
    "PendingCredential",
    "RetryTransport",
    "TransportOptions",
    "header",
    "origin_of",
    "with_headers",
]

#: request extension: the :class:`PendingCredential` to write on each hop
CREDENTIAL = "keyhouse_credential"
#: request extension: the ``httpx.URL`` the auth flow checked (URLs are immutable, so a hop to
#: that same object needs no second origin check)
CHECKED_URL = "keyhouse_checked_url"

Origin = tuple[str, str, int | None]
_T = TypeVar("_T")
_DEFAULT_PORTS = {"http": 80, "https": 443}


def origin_of(url: httpx.URL | str) -> Origin:
    """``(scheme, host, port)`` of ``url``, the default port filled in; the host as httpx
    parsed it (lowercase, IDNA-encoded), read from httpx 0.28's parse result when there is one:
    the public properties re-derive it (about 0.3 µs a request, on every request)."""
    if isinstance(url, str):
        url = httpx.URL(url)
    parts = getattr(url, "_uri_reference", None)
    if parts is None:
        scheme, host, port = url.scheme, url.raw_host.decode("ascii"), url.port
    else:
        scheme, host, port = parts.scheme, parts.host, parts.port
    return (scheme, host, port or _DEFAULT_PORTS.get(scheme))


# httpx's Headers re-derive their encoding and re-encode the key on every lookup and write
# (about 1 µs each here): on the warm path that was most of what keyhouse added over a
# static-header client. These two read and write httpx 0.28's item list (raw key, lowercase
# key, value: bytes) directly and fall back to the public API without it: the one place that
# knows httpx's internals.


def header(headers: httpx.Headers, name: bytes) -> bytes | None:
    """The first value of header ``name`` (lowercase ASCII), undecoded; None if absent."""
    items: list[tuple[bytes, bytes, bytes]] | None = getattr(headers, "_list", None)
    if items is None:
        value = headers.get(name.decode())
        return None if value is None else value.encode(headers.encoding)
    for _raw, key, value in items:
        if key == name:
            return value
    return None


def with_headers(
    headers: httpx.Headers, write: tuple[tuple[bytes, bytes, bytes], ...], replace: frozenset[bytes]
) -> httpx.Headers:
    """A copy of ``headers`` without those named in ``replace`` (lowercase), plus ``write``'s
    ``(name, lowercase name, value)`` items: a copy, ``del`` and ``[name] = value`` in one pass."""
    items: list[tuple[bytes, bytes, bytes]] | None = getattr(headers, "_list", None)
    if items is None:
        copy = headers.copy()
        for name in replace:
            copy.pop(name.decode(), None)
        for name, _lower, value in write:
            copy[name.decode()] = value.decode()
        return copy
    fresh = [item for item in items if item[1] not in replace]
    fresh.extend(write)
    # Headers() would check for a Mapping; the encoding httpx worked out still holds (the
    # values written are ASCII), so it is not worked out again by the next lookup.
    # Attributes set one by one, in __init__'s order: the instance keeps the compact layout
    # the interpreter's attribute caches expect (a __dict__.update() cost 2-3 µs a request).
    made: httpx.Headers = object.__new__(httpx.Headers)
    made._list = fresh
    made._encoding = getattr(headers, "_encoding", None)
    return made


@dataclass(frozen=True, slots=True)
class PendingCredential:
    """A credential to write on hops to ``origin``, built once per credential.

    A hop is written on a copy of the request's headers, unless the strategy's ``apply``
    replaces them itself (``replaces_headers``). ``ascii``: all the credential's values are, so
    the copy skips computing the headers' encoding; otherwise it keeps it, and a non-ASCII
    value fails as a typed error.
    """

    origin: Origin
    apply: Callable[[httpx.Request, Credential], None]
    credential: Credential
    provider: str
    ascii: bool = field(init=False, default=False)
    copy: bool = field(init=False, default=True)

    def __post_init__(self) -> None:
        c = self.credential
        ascii = c.token.isascii() and all(v.isascii() for v in c.extra.values())
        object.__setattr__(self, "ascii", ascii)
        strategy = getattr(self.apply, "__self__", None)
        object.__setattr__(self, "copy", not getattr(strategy, "replaces_headers", False))

    def __repr__(self) -> str:
        return f"PendingCredential({self.provider!r})"

    def write(self, request: httpx.Request) -> None:
        """Write the credential onto ``request`` if it goes to ``origin`` (the URL the auth
        flow checked, or another with the same origin); a non-ASCII value is a typed error.
        The caller restores the original headers after the hop when it needs them back."""
        url = request.url
        if url is not request.extensions.get(CHECKED_URL) and origin_of(url) != self.origin:
            return  # a redirect hop or a hook's new URL to another origin
        if self.copy:
            saved = request.headers
            request.headers = httpx.Headers(saved) if self.ascii else saved.copy()
        try:
            self.apply(request, self.credential)
            return
        except UnicodeEncodeError:
            pass  # raised below, outside the handler: the encoding error (its repr holds the
            # value) and the frames it passed through must not stay behind as __context__
        raise unsendable(self.provider)


# The two transports below run one method per request on the warm path: each Python call they
# made besides (a helper for the credential, the retry layer, the body check) cost about half
# a microsecond per request in the bench (``overhead.warm_cpu``), so those steps are inline.


class TransportOptions(TypedDict, total=False):
    """The retrying transports' keywords besides the transport and the policy."""

    provider: str | None  # map failures to keyhouse errors for this provider
    sleep: Callable[[float], Any]  # tests: a sleep that returns at once
    clock: Callable[[], float]  # monotonic seconds
    events: Emitter | None  # who hears of retries


class _Options(Generic[_T]):
    """What both retrying transports are made of (their I/O is their own)."""

    default_policy = RetryPolicy()

    def __init__(
        self,
        transport: _T,
        policy: RetryPolicy | None = None,
        **options: Unpack[TransportOptions],
    ) -> None:
        self.transport: _T = transport
        self.policy = policy if policy is not None else self.default_policy
        self.provider = options.get("provider")
        self._sleep: Callable[[float], Any] = options.get("sleep", time.sleep)
        self._clock = options.get("clock", time.monotonic)
        self._events = options.get("events")  # token requests carry their own


class RetryTransport(_Options[httpx.BaseTransport], httpx.BaseTransport):
    """Wrap a transport with a :class:`RetryPolicy`; write a :class:`PendingCredential` the
    auth flow left on a request on each hop to its origin (see the module doc); with
    ``provider``, turn every failure into a keyhouse error (errors mapped once retrying is
    over). The token clients use it as it is; the facade's is a :class:`CredentialTransport`.
    ``sleep`` (default ``time.sleep``) and ``clock`` are for tests.
    """

    def __init__(
        self,
        transport: httpx.BaseTransport | None = None,
        policy: RetryPolicy | None = None,
        **options: Unpack[TransportOptions],
    ) -> None:
        options.setdefault("sleep", time.sleep)
        super().__init__(transport or httpx.HTTPTransport(), policy, **options)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request`` (its pending credential written for this hop only), retrying."""
        saved = request.headers
        pending = request.extensions.get(CREDENTIAL)
        try:
            if isinstance(pending, PendingCredential):
                pending.write(request)
            if self.policy.attempts > 1:
                response = self._retrying(request)
            else:
                response = self.transport.handle_request(request)
        except httpx.TransportError as exc:
            _raise_typed(self.provider, request, exc)
        finally:
            request.headers = saved  # the bytes are written: later hops start clean
        if self.provider is None or (
            isinstance(response.stream, httpx.ByteStream)  # read by the retry loop, or a mock's
            and header(response.headers, b"content-encoding") is None  # nothing to decode
        ):
            return response
        return _checked(self.provider, request, response)

    def _retrying(self, request: httpx.Request) -> httpx.Response:
        started = self._clock()
        retryable = request.method in IDEMPOTENT_METHODS or is_retryable_request(request)
        if retryable and not isinstance(request.stream, httpx.ByteStream):
            spent = read_ahead(request)  # None: read whole, replayable
            if spent is not None:  # larger than the read-ahead: sent once, never resent
                try:
                    return self.transport.handle_request(request)
                finally:
                    request.stream = spent  # a 401's or a redirect's resend sees it spent
        first = self._attempt(request, retryable)
        if isinstance(first, httpx.Response) and first.status_code not in self.policy.statuses:
            return first  # the warm path: no closure, no plan, tenacity is not involved
        plan = Plan(self.policy, request, self._clock, started, self._events)
        return run_steps(retries(plan, first), lambda d: self._attempt(request, retryable, d))

    def _attempt(
        self, request: httpx.Request, retryable: bool, delay: float = 0.0
    ) -> httpx.Response | Exception:
        if delay:
            self._sleep(delay)
        try:
            response = self.transport.handle_request(request)
            if retryable and not isinstance(response.stream, httpx.ByteStream):
                stream_on = response.status_code not in self.policy.statuses
                return buffered(response, request, stream_on)  # a drop in its first MiB: retried
        except httpx.TransportError as exc:
            return exc
        return response

    def close(self) -> None:
        self.transport.close()


class AsyncRetryTransport(_Options[httpx.AsyncBaseTransport], httpx.AsyncBaseTransport):
    """The async :class:`RetryTransport` (``sleep`` by default ``asyncio.sleep``)."""

    def __init__(
        self,
        transport: httpx.AsyncBaseTransport | None = None,
        policy: RetryPolicy | None = None,
        **options: Unpack[TransportOptions],
    ) -> None:
        import asyncio  # here: a synchronous program never imports it

        options.setdefault("sleep", asyncio.sleep)
        super().__init__(transport or httpx.AsyncHTTPTransport(), policy, **options)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request`` (its pending credential written for this hop only), retrying."""
        saved = request.headers
        pending = request.extensions.get(CREDENTIAL)
        try:
            if isinstance(pending, PendingCredential):
                pending.write(request)
            if self.policy.attempts > 1:
                response = await self._retrying(request)
            else:
                response = await self.transport.handle_async_request(request)
        except httpx.TransportError as exc:
            _raise_typed(self.provider, request, exc)
        finally:
            request.headers = saved
        if self.provider is None or (
            isinstance(response.stream, httpx.ByteStream)  # read by the retry loop, or a mock's
            and header(response.headers, b"content-encoding") is None  # nothing to decode
        ):
            return response
        return _checked(self.provider, request, response)

    async def _retrying(self, request: httpx.Request) -> httpx.Response:
        started = self._clock()
        retryable = request.method in IDEMPOTENT_METHODS or is_retryable_request(request)
        if retryable and not isinstance(request.stream, httpx.ByteStream):
            spent = await aread_ahead(request)
            if spent is not None:
                try:
                    return await self.transport.handle_async_request(request)
                finally:
                    request.stream = spent
        first = await self._attempt(request, retryable)
        if isinstance(first, httpx.Response) and first.status_code not in self.policy.statuses:
            return first
        plan = Plan(self.policy, request, self._clock, started, self._events)
        return await arun_steps(
            retries(plan, first), lambda d: self._attempt(request, retryable, d)
        )

    async def _attempt(
        self, request: httpx.Request, retryable: bool, delay: float = 0.0
    ) -> httpx.Response | Exception:
        if delay:
            await self._sleep(delay)
        try:
            response = await self.transport.handle_async_request(request)
            if retryable and not isinstance(response.stream, httpx.ByteStream):
                stream_on = response.status_code not in self.policy.statuses
                return await abuffered(response, request, stream_on)
        except httpx.TransportError as exc:
            return exc
        return response

    async def aclose(self) -> None:
        await self.transport.aclose()


class CredentialTransport(RetryTransport):
    """The facade's transport: a :class:`RetryTransport` that retries only when given a
    ``policy``. Wrap your own transport in it when you use :class:`~keyhouse.KeyhouseAuth`
    with ``apply_in_transport=True``; give it ``provider=`` for keyhouse's errors."""

    default_policy = RetryPolicy(attempts=1)


class AsyncCredentialTransport(AsyncRetryTransport):
    """The async :class:`CredentialTransport`."""

    default_policy = RetryPolicy(attempts=1)


def _raise_typed(
    provider: str | None, request: httpx.Request, exc: httpx.TransportError
) -> NoReturn:
    if provider is None:
        raise exc
    raise transport_error(provider, request, exc) from exc


def _checked(provider: str, request: httpx.Request, response: httpx.Response) -> httpx.Response:
    """``response`` with its body checked as it is read."""
    stream = response.stream
    encoded = header(response.headers, b"content-encoding") is not None
    assert isinstance(stream, httpx.SyncByteStream | httpx.AsyncByteStream)
    response.stream = _CheckedStream(stream, provider, request, response, encoded)
    return response


class _CheckedStream(httpx.SyncByteStream, httpx.AsyncByteStream):
    """The raw body, its transport errors and ``Content-Encoding`` mismatches made typed.

    With an encoding, a probe response decodes the raw chunks as they pass (its output is
    dropped) and the raw chunks go on to the caller.
    """

    def __init__(
        self,
        stream: httpx.SyncByteStream | httpx.AsyncByteStream,
        provider: str,
        request: httpx.Request,
        response: httpx.Response,
        encoded: bool,
    ) -> None:
        self._stream, self._provider, self._request = stream, provider, request
        self._response, self._encoded = response, encoded

    def _probe(self, content: Any) -> httpx.Response:
        response = self._response
        return httpx.Response(response.status_code, headers=response.headers, content=content)

    def _typed(self, exc: httpx.TransportError | httpx.DecodingError) -> NoReturn:
        if isinstance(exc, httpx.DecodingError):
            raise undecodable(self._provider, self._request, self._response) from None
        raise transport_error(self._provider, self._request, exc) from exc

    def __iter__(self) -> Iterator[bytes]:
        assert isinstance(self._stream, httpx.SyncByteStream)
        raw, passed = iter(self._stream), []

        def tap() -> Iterator[bytes]:
            for chunk in raw:
                passed.append(chunk)
                yield chunk

        try:
            if not self._encoded:
                yield from raw
                return
            for _ in self._probe(tap()).iter_bytes():
                yield from passed
                passed.clear()
            yield from passed
        except (httpx.TransportError, httpx.DecodingError) as exc:
            self._typed(exc)

    async def __aiter__(self) -> AsyncIterator[bytes]:
        assert isinstance(self._stream, httpx.AsyncByteStream)
        raw, passed = self._stream, []

        async def tap() -> AsyncIterator[bytes]:
            async for chunk in raw:
                passed.append(chunk)
                yield chunk

        try:
            if not self._encoded:
                async for chunk in raw:
                    yield chunk
                return
            async for _ in self._probe(tap()).aiter_bytes():
                for chunk in passed:
                    yield chunk
                passed.clear()
            for chunk in passed:
                yield chunk
        except (httpx.TransportError, httpx.DecodingError) as exc:
            self._typed(exc)

    def close(self) -> None:
        if isinstance(self._stream, httpx.SyncByteStream):
            self._stream.close()

    async def aclose(self) -> None:
        if isinstance(self._stream, httpx.AsyncByteStream):
            await self._stream.aclose()
