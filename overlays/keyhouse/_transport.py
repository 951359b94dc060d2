"""The outermost transport of the facade's business clients: httpx transport errors become
:class:`ProviderUnavailableError`, so nothing but keyhouse errors reaches the caller.

It wraps the retrying transport (retries happen first) and the response stream, because a
connection dropped half-way through a body surfaces while the body is read, not when the
request is sent.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx

from ._errors import ProviderUnavailableError

__all__ = ["AsyncErrorMappingTransport", "ErrorMappingTransport"]


def _error(provider: str, request: httpx.Request, exc: httpx.TransportError) -> Exception:
    return ProviderUnavailableError(
        f"{request.method} {request.url.path} failed: {type(exc).__name__}", provider=provider
    )


class _SyncStream(httpx.SyncByteStream):
    def __init__(self, stream: httpx.SyncByteStream, provider: str, request: httpx.Request):
        self._stream, self._provider, self._request = stream, provider, request

    def __iter__(self) -> Iterator[bytes]:
        try:
            yield from self._stream
        except httpx.TransportError as exc:
            raise _error(self._provider, self._request, exc) from exc

    def close(self) -> None:
        self._stream.close()


class _AsyncStream(httpx.AsyncByteStream):
    def __init__(self, stream: httpx.AsyncByteStream, provider: str, request: httpx.Request):
        self._stream, self._provider, self._request = stream, provider, request

    async def __aiter__(self) -> AsyncIterator[bytes]:
        try:
            async for chunk in self._stream:
                yield chunk
        except httpx.TransportError as exc:
            raise _error(self._provider, self._request, exc) from exc

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
        assert isinstance(stream, httpx.SyncByteStream)
        return httpx.Response(
            response.status_code,
            headers=response.headers,
            stream=_SyncStream(stream, self.provider, request),
            extensions=response.extensions,
        )

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
        assert isinstance(stream, httpx.AsyncByteStream)
        return httpx.Response(
            response.status_code,
            headers=response.headers,
            stream=_AsyncStream(stream, self.provider, request),
            extensions=response.extensions,
        )

    async def aclose(self) -> None:
        await self.transport.aclose()
