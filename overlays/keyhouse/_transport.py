"""The transports of the facade's business clients.

:class:`CredentialTransport` writes the credential :class:`~keyhouse.KeyhouseAuth` chose onto
each request as it is sent, hop by hop, and only when the hop goes to the provider's origin.
httpx follows redirects inside one auth-flow step and strips only ``Authorization`` on a
cross-origin hop, so custom headers written by the auth flow (bfore.ai's ``X-Authorization``,
IMIASSIST's ``X-Api-Key``/``X-Api-Token``, Nuxera's ``x-api-key``) would follow a redirect to
another host. Written here, on a copy of the headers that is put back once the request is
sent, they never reach another origin, and request/response hooks never see them (httpx's
header ``repr`` masks only ``Authorization``).

:class:`ErrorMappingTransport` is the outermost one: httpx transport errors become
:class:`ProviderUnavailableError`, so nothing but keyhouse errors reaches the caller.

It wraps the retrying transport (retries happen first) and the response stream, because a
connection dropped half-way through a body surfaces while the body is read, not when the
request is sent. For the same reason the stream checks that a body with a ``Content-Encoding``
decodes: httpx decodes it after the transport, where a mismatch would escape as
``httpx.DecodingError``. The check runs the same httpx decoder over the raw bytes as they pass
(through a probe ``httpx.Response``) and raises :class:`ProtocolError` (or
:class:`ProviderUnavailableError` for a 5xx) before httpx's own decoder sees the bad bytes.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field

import httpx

from ._credential import Credential
from ._errors import (
    ProtocolError,
    ProviderConnectionError,
    ProviderError,
    ProviderTimeoutError,
    ProviderUnavailableError,
)

__all__ = [
    "CHECKED_URL",
    "CREDENTIAL",
    "AsyncCredentialTransport",
    "AsyncErrorMappingTransport",
    "CredentialTransport",
    "ErrorMappingTransport",
    "PendingCredential",
    "origin_of",
]

#: request extension holding the :class:`PendingCredential` a CredentialTransport writes
CREDENTIAL = "keyhouse_credential"

Origin = tuple[str, str, int | None]
_DEFAULT_PORTS = {"http": 80, "https": 443}


def origin_of(url: httpx.URL | str) -> Origin:
    """``(scheme, host, port)`` of ``url``, the default port filled in."""
    if not isinstance(url, httpx.URL):  # on the warm path it is one already: no copy
        url = httpx.URL(url)
    scheme = url.scheme
    return (scheme, url.host, url.port or _DEFAULT_PORTS.get(scheme))


#: request extension holding the ``httpx.URL`` whose origin the auth flow has checked against
#: the pending credential's: a hop to that same URL object needs no second check.
CHECKED_URL = "keyhouse_checked_url"


def _ascii(credential: Credential) -> bool:
    """Whether every value of ``credential`` a strategy may write into a header is ASCII."""
    return credential.token.isascii() and all(v.isascii() for v in credential.extra.values())


@dataclass(frozen=True, slots=True)
class PendingCredential:
    """A credential to put on a request when (and only when) it goes to ``origin``.

    Built once per credential (the auth flow reuses it while the credential does not change).
    ``ascii`` says whether the credential's values are all ASCII (checked once, here): only
    then are hops written on a plain copy of the headers; otherwise on a copy that keeps the
    request's header encoding, where a non-ASCII value fails as before (a typed error).
    """

    origin: Origin
    apply: Callable[[httpx.Request, Credential], None]
    credential: Credential
    provider: str
    ascii: bool = field(init=False, default=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "ascii", _ascii(self.credential))

    def __repr__(self) -> str:
        return f"PendingCredential({self.provider!r})"


def unsendable(provider: str) -> ProtocolError:
    """A token or key that cannot be written into an HTTP header (not ASCII)."""
    return ProtocolError(
        "the credential contains characters that cannot be sent in an HTTP header (not ASCII)",
        provider=provider,
    )


def apply_credential(pending: PendingCredential, request: httpx.Request) -> None:
    """Write ``pending`` onto ``request``; a non-ASCII value is a typed error."""
    try:
        pending.apply(request, pending.credential)
    except UnicodeEncodeError:
        raise unsendable(pending.provider) from None


def _with_credential(request: httpx.Request) -> httpx.Headers | None:
    """Put the request's pending credential on it for this hop; the headers to restore."""
    extensions = request.extensions
    pending = extensions.get(CREDENTIAL)
    if not isinstance(pending, PendingCredential):
        return None
    url = request.url
    # The auth flow checked this very URL object (URLs are immutable); any other URL (a
    # redirect hop, a hook that replaced it) is checked here.
    if url is not extensions.get(CHECKED_URL) and origin_of(url) != pending.origin:
        return None
    saved = request.headers
    # A plain copy skips computing the headers' encoding (all of them decoded once): the
    # credential's ASCII values encode the same either way. Otherwise ``copy()`` keeps the
    # encoding, so a non-ASCII value raises UnicodeEncodeError (a typed error below).
    request.headers = httpx.Headers(saved) if pending.ascii else saved.copy()
    try:
        pending.apply(request, pending.credential)  # apply_credential, one call less
    except BaseException as exc:
        request.headers = saved
        if isinstance(exc, UnicodeEncodeError):
            raise unsendable(pending.provider) from None
        raise
    return saved


class CredentialTransport(httpx.BaseTransport):
    """Writes a :class:`PendingCredential` per hop, only to its origin (see the module doc).

    Wrap your own transport in it when you use :class:`~keyhouse.KeyhouseAuth` with
    ``apply_in_transport=True`` on a client of your own.
    """

    def __init__(self, transport: httpx.BaseTransport) -> None:
        self.transport = transport

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request`` with its pending credential written for this hop only."""
        saved = _with_credential(request)
        if saved is None:
            return self.transport.handle_request(request)
        try:
            return self.transport.handle_request(request)
        finally:
            request.headers = saved  # the bytes are written: later hops start clean

    def close(self) -> None:
        """Close the wrapped transport."""
        self.transport.close()


class AsyncCredentialTransport(httpx.AsyncBaseTransport):
    """The async :class:`CredentialTransport`."""

    def __init__(self, transport: httpx.AsyncBaseTransport) -> None:
        self.transport = transport

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request`` with its pending credential written for this hop only."""
        saved = _with_credential(request)
        if saved is None:
            return await self.transport.handle_async_request(request)
        try:
            return await self.transport.handle_async_request(request)
        finally:
            request.headers = saved

    async def aclose(self) -> None:
        """Close the wrapped transport."""
        await self.transport.aclose()


def _error(provider: str, request: httpx.Request, exc: httpx.TransportError) -> Exception:
    # Both are ProviderUnavailableError: a timeout is a ProviderConnectionError.
    cls = (
        ProviderTimeoutError if isinstance(exc, httpx.TimeoutException) else ProviderConnectionError
    )
    return cls(
        f"{request.method} {request.url.path} failed: {type(exc).__name__}", provider=provider
    )


def _undecodable(provider: str, request: httpx.Request, response: httpx.Response) -> ProviderError:
    status = response.status_code
    error_type = ProviderUnavailableError if status >= 500 else ProtocolError
    return error_type(
        f"{request.method} {request.url.path} answered with a body that does not match its "
        "Content-Encoding",
        provider=provider,
        status=status,
    )


class _Tap(httpx.SyncByteStream, httpx.AsyncByteStream):
    """Feeds a probe response the raw chunks, keeping each one in ``sink`` for the caller."""

    def __init__(
        self, stream: httpx.SyncByteStream | httpx.AsyncByteStream, sink: list[bytes]
    ) -> None:
        self._stream, self._sink = stream, sink

    def __iter__(self) -> Iterator[bytes]:
        assert isinstance(self._stream, httpx.SyncByteStream)
        for chunk in self._stream:
            self._sink.append(chunk)
            yield chunk

    async def __aiter__(self) -> AsyncIterator[bytes]:
        assert isinstance(self._stream, httpx.AsyncByteStream)
        async for chunk in self._stream:
            self._sink.append(chunk)
            yield chunk

    def close(self) -> None:
        pass  # the wrapping stream closes the real one

    async def aclose(self) -> None:
        pass


def _drain(sink: list[bytes]) -> list[bytes]:
    chunks = sink[:]
    sink.clear()
    return chunks


class _SyncStream(httpx.SyncByteStream):
    def __init__(
        self,
        stream: httpx.SyncByteStream,
        provider: str,
        request: httpx.Request,
        response: httpx.Response,
    ) -> None:
        self._stream, self._provider, self._request = stream, provider, request
        self._response = response

    def __iter__(self) -> Iterator[bytes]:
        try:
            if "content-encoding" not in self._response.headers:
                yield from self._stream
                return
            sink: list[bytes] = []
            probe = httpx.Response(
                self._response.status_code,
                headers=self._response.headers,
                stream=_Tap(self._stream, sink),
            )
            for _ in probe.iter_bytes():
                yield from _drain(sink)
            yield from _drain(sink)
        except httpx.TransportError as exc:
            raise _error(self._provider, self._request, exc) from exc
        except httpx.DecodingError:
            raise _undecodable(self._provider, self._request, self._response) from None

    def close(self) -> None:
        self._stream.close()


class _AsyncStream(httpx.AsyncByteStream):
    def __init__(
        self,
        stream: httpx.AsyncByteStream,
        provider: str,
        request: httpx.Request,
        response: httpx.Response,
    ) -> None:
        self._stream, self._provider, self._request = stream, provider, request
        self._response = response

    async def __aiter__(self) -> AsyncIterator[bytes]:
        try:
            if "content-encoding" not in self._response.headers:
                async for chunk in self._stream:
                    yield chunk
                return
            sink: list[bytes] = []
            probe = httpx.Response(
                self._response.status_code,
                headers=self._response.headers,
                stream=_Tap(self._stream, sink),
            )
            async for _ in probe.aiter_bytes():
                for chunk in _drain(sink):
                    yield chunk
            for chunk in _drain(sink):
                yield chunk
        except httpx.TransportError as exc:
            raise _error(self._provider, self._request, exc) from exc
        except httpx.DecodingError:
            raise _undecodable(self._provider, self._request, self._response) from None

    async def aclose(self) -> None:
        await self._stream.aclose()


class ErrorMappingTransport(httpx.BaseTransport):
    def __init__(self, transport: httpx.BaseTransport, provider: str) -> None:
        self.transport = transport
        self.provider = provider

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        try:
            response = self.transport.handle_request(request)
        except httpx.TransportError as exc:
            raise _error(self.provider, request, exc) from exc
        stream = response.stream
        # A body the retrying transport already read, with no encoding left to check:
        # nothing left that could fail while the body is read.
        if isinstance(stream, httpx.ByteStream) and "content-encoding" not in response.headers:
            return response
        assert isinstance(stream, httpx.SyncByteStream)
        response.stream = _SyncStream(stream, self.provider, request, response)
        return response

    def close(self) -> None:
        self.transport.close()


class AsyncErrorMappingTransport(httpx.AsyncBaseTransport):
    def __init__(self, transport: httpx.AsyncBaseTransport, provider: str) -> None:
        self.transport = transport
        self.provider = provider

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            response = await self.transport.handle_async_request(request)
        except httpx.TransportError as exc:
            raise _error(self.provider, request, exc) from exc
        stream = response.stream
        if isinstance(stream, httpx.ByteStream) and "content-encoding" not in response.headers:
            return response
        assert isinstance(stream, httpx.AsyncByteStream)
        response.stream = _AsyncStream(stream, self.provider, request, response)
        return response

    async def aclose(self) -> None:
        await self.transport.aclose()
