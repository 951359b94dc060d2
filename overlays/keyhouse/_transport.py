"""The outermost transport of the facade's business clients: httpx transport errors become
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

from collections.abc import AsyncIterator, Iterator

import httpx

from ._errors import (
    ProtocolError,
    ProviderConnectionError,
    ProviderError,
    ProviderTimeoutError,
    ProviderUnavailableError,
)

__all__ = ["AsyncErrorMappingTransport", "ErrorMappingTransport"]


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


def _in_memory(stream: object, response: httpx.Response) -> bool:
    """A body the retrying transport already read, with no encoding left to check."""
    return isinstance(stream, httpx.ByteStream) and "content-encoding" not in response.headers


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
        if _in_memory(stream, response):
            return response  # nothing left that could fail while the body is read
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
        if _in_memory(stream, response):
            return response
        assert isinstance(stream, httpx.AsyncByteStream)
        response.stream = _AsyncStream(stream, self.provider, request, response)
        return response

    async def aclose(self) -> None:
        await self.transport.aclose()
