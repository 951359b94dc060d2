"""The facade's transport: the credential per hop, retries, typed errors.

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

from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, NoReturn

import httpx

from ._credential import Credential
from ._errors import transport_error, undecodable, unsendable
from ._retry import AsyncRetryTransport, RetryPolicy, RetryTransport

__all__ = [
    "CHECKED_URL",
    "CREDENTIAL",
    "AsyncCredentialTransport",
    "CredentialTransport",
    "PendingCredential",
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
_DEFAULT_PORTS = {"http": 80, "https": 443}
_NO_RETRY = RetryPolicy(attempts=1)


def origin_of(url: httpx.URL | str) -> Origin:
    """``(scheme, host, port)`` of ``url``, the default port filled in."""
    if not isinstance(url, httpx.URL):
        url = httpx.URL(url)
    scheme = url.scheme
    return (scheme, url.host, url.port or _DEFAULT_PORTS.get(scheme))


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
        """Write the credential onto ``request``; a non-ASCII value is a typed error."""
        try:
            self.apply(request, self.credential)
        except UnicodeEncodeError:
            raise unsendable(self.provider) from None


def _put_credential(request: httpx.Request) -> None:
    """The request's pending credential on a copy of its headers, if this hop goes to its
    origin (the caller restores the original headers)."""
    extensions = request.extensions
    pending = extensions.get(CREDENTIAL)
    if not isinstance(pending, PendingCredential):
        return
    url = request.url
    if url is not extensions.get(CHECKED_URL) and origin_of(url) != pending.origin:
        return  # a redirect hop or a hook's new URL to another origin
    if pending.copy:
        saved = request.headers
        request.headers = httpx.Headers(saved) if pending.ascii else saved.copy()
    pending.write(request)


class CredentialTransport(RetryTransport):
    """Writes a :class:`PendingCredential` per hop, only to its origin (see the module doc).

    Wrap your own transport in it when you use :class:`~keyhouse.KeyhouseAuth` with
    ``apply_in_transport=True``. With ``provider`` it maps errors; with ``policy`` it retries
    (the credential is written once per hop, errors mapped once retrying is over).
    """

    def __init__(
        self,
        transport: httpx.BaseTransport,
        provider: str | None = None,
        policy: RetryPolicy | None = None,
        **options: Any,
    ) -> None:
        super().__init__(transport, policy or _NO_RETRY, **options)
        self.provider = provider

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request`` with its pending credential written for this hop only."""
        saved = request.headers
        try:
            _put_credential(request)
            response = super().handle_request(request)
        except httpx.TransportError as exc:
            _raise_typed(self.provider, request, exc)
        finally:
            request.headers = saved  # the bytes are written: later hops start clean
        return _checked(self.provider, request, response)


class AsyncCredentialTransport(AsyncRetryTransport):
    """The async :class:`CredentialTransport`."""

    def __init__(
        self,
        transport: httpx.AsyncBaseTransport,
        provider: str | None = None,
        policy: RetryPolicy | None = None,
        **options: Any,
    ) -> None:
        super().__init__(transport, policy or _NO_RETRY, **options)
        self.provider = provider

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request`` with its pending credential written for this hop only."""
        saved = request.headers
        try:
            _put_credential(request)
            response = await super().handle_async_request(request)
        except httpx.TransportError as exc:
            _raise_typed(self.provider, request, exc)
        finally:
            request.headers = saved
        return _checked(self.provider, request, response)


def _raise_typed(
    provider: str | None, request: httpx.Request, exc: httpx.TransportError
) -> NoReturn:
    if provider is None:
        raise exc
    raise transport_error(provider, request, exc) from exc


def _checked(
    provider: str | None, request: httpx.Request, response: httpx.Response
) -> httpx.Response:
    """``response`` with its body checked as it is read (with ``provider`` set): unless the
    retrying transport already read it and there is no encoding to check."""
    stream = response.stream
    encoded = header(response.headers, b"content-encoding") is not None
    if provider is None or (isinstance(stream, httpx.ByteStream) and not encoded):
        return response
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
