"""KeyhouseAuth: the token lifecycle plugged into httpx as an ``httpx.Auth``.

Per request: take the credential from the :class:`TokenManager` (warm: no lock, no I/O), let
the strategy put it on the request, send. On 401: invalidate exactly that token
(compare-and-delete, so N concurrent 401s invalidate once), get a new one (single flight),
resend once; a second 401 raises :class:`AuthenticationError`. On the final response: 429 ->
:class:`RateLimitedError`, 502/503/504 -> :class:`ProviderUnavailableError` (the retrying
transport has already tried), and an HTML page where an API answer was expected (a proxy's or a
login portal's, told by its content type alone) -> :class:`ProtocolError`, as is a body that
does not match its ``Content-Encoding`` (where keyhouse reads it).

The flow never parses a body: JSON is parsed once, by the caller (the generated client, whose
parse failures become :class:`ProtocolError` through ``malformed_response``). Parsing it here
too cost half the throughput on large bodies (issue 9: 0.49x raw httpx at 2.25 MB). Every other
response passes through untouched (and unread when streamed).

With ``origin`` set, credentials are only put on requests to that origin.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Generator

import httpx

from ._errors import (
    AuthenticationError,
    KeyhouseError,
    ProtocolError,
    ProviderUnavailableError,
    RateLimitedError,
    snippet,
)
from ._flow import error_body, request_id
from ._lifecycle import TokenManager
from ._retry import parse_retry_after

__all__ = ["KeyhouseAuth"]

# httpx's wrappers around generator bodies: iterating them a second time raises StreamConsumed.
_ONE_SHOT_STREAMS = frozenset({"IteratorByteStream", "AsyncIteratorByteStream"})


_DEFAULT_PORTS = {"http": 80, "https": 443}


def _origin(url: httpx.URL | str) -> tuple[str, str, int | None]:
    if not isinstance(url, httpx.URL):  # on the warm path it is one already: no copy
        url = httpx.URL(url)
    scheme = url.scheme
    return (scheme, url.host, url.port or _DEFAULT_PORTS.get(scheme))


class KeyhouseAuth(httpx.Auth):
    """Authenticate every request with the credential a :class:`TokenManager` keeps fresh."""

    def __init__(
        self,
        manager: TokenManager,
        *,
        origin: httpx.URL | str | None = None,
        check_body: bool = True,
    ) -> None:
        self.manager = manager
        self.provider: str = manager.provider
        self._apply = manager.strategy.apply
        self._origin = _origin(origin) if origin is not None else None
        self._check_body = check_body

    def __repr__(self) -> str:
        return f"KeyhouseAuth({self.provider!r})"

    # --- httpx entry points --------------------------------------------------------------------

    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        """httpx's sync auth flow: a fresh token on the request, one re-authentication on a 401."""
        if self._origin is not None and _origin(request.url) != self._origin:
            yield request
            return
        manager = self.manager
        credential = manager.get_sync()
        self._apply(request, credential)
        response = yield request
        if response.status_code == 401:
            self._read(response, strict=True)
            manager.invalidate(credential.token)
            credential = manager.get_sync()
            self._replay(request)
            self._apply(request, credential)
            response = yield request
            if response.status_code == 401:
                self._read(response)
                manager.invalidate(credential.token)
                raise self._rejected(response)
        status = response.status_code
        if status in (429, 502, 503, 504):
            self._read(response)
            raise self._status_error(response)
        if self._check_body and self._is_html(response):
            self._read(response, strict=True)
            self._refuse_html(response)

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        """httpx's async auth flow: a fresh token on the request, one re-authentication on a 401."""
        if self._origin is not None and _origin(request.url) != self._origin:
            yield request
            return
        manager = self.manager
        credential = await manager.get_async()
        self._apply(request, credential)
        response = yield request
        if response.status_code == 401:
            await self._aread(response, strict=True)
            await manager.ainvalidate(credential.token)
            credential = await manager.get_async()
            self._replay(request)
            self._apply(request, credential)
            response = yield request
            if response.status_code == 401:
                await self._aread(response)
                await manager.ainvalidate(credential.token)
                raise self._rejected(response)
        status = response.status_code
        if status in (429, 502, 503, 504):
            await self._aread(response)
            raise self._status_error(response)
        if self._check_body and self._is_html(response):
            await self._aread(response, strict=True)
            self._refuse_html(response)

    # --- helpers -----------------------------------------------------------------------------

    def _read(self, response: httpx.Response, *, strict: bool = False) -> None:
        """Read the body. When ``strict`` (the flow goes on with the response), one that does
        not match its ``Content-Encoding`` is a ProtocolError. Otherwise the flow is about to
        raise an error decided by the status, and a body that cannot be read is left out of it.
        """
        try:
            response.read()
        except (httpx.HTTPError, KeyhouseError) as exc:
            self._read_failed(response, exc, strict)

    async def _aread(self, response: httpx.Response, *, strict: bool = False) -> None:
        """The async :meth:`_read`."""
        try:
            await response.aread()
        except (httpx.HTTPError, KeyhouseError) as exc:
            self._read_failed(response, exc, strict)

    def _read_failed(self, response: httpx.Response, exc: Exception, strict: bool) -> None:
        if not strict:
            return
        if isinstance(exc, httpx.DecodingError):
            raise self._undecodable(response) from None
        raise exc

    def _undecodable(self, response: httpx.Response) -> ProtocolError | ProviderUnavailableError:
        status = response.status_code
        error_type = ProviderUnavailableError if status >= 500 else ProtocolError
        return error_type(
            f"{response.request.method} {response.request.url.path} answered with a body that "
            f"does not match its Content-Encoding",
            provider=self.provider,
            status=status,
            request_id=request_id(response),
        )

    def _replay(self, request: httpx.Request) -> None:
        """Refuse to resend a one-shot (generator) body that has already been consumed."""
        if hasattr(request, "_content"):
            return  # read into memory: replayable
        if type(request.stream).__name__ in _ONE_SHOT_STREAMS:
            raise AuthenticationError(
                "the token was rejected and the request body is a one-shot stream that cannot "
                "be sent again",
                provider=self.provider,
                status=401,
            )

    def _rejected(self, response: httpx.Response) -> AuthenticationError:
        return AuthenticationError(
            "the provider rejected a freshly issued token",
            provider=self.provider,
            status=401,
            request_id=request_id(response),
            body=error_body(response),
        )

    def _status_error(
        self, response: httpx.Response
    ) -> RateLimitedError | ProviderUnavailableError:
        status = response.status_code
        body = error_body(response)
        if status == 429:
            return RateLimitedError(
                f"rate limited on {response.request.method} {response.request.url.path}",
                retry_after=parse_retry_after(response.headers.get("retry-after")),
                body=body,
                provider=self.provider,
                status=status,
                request_id=request_id(response),
            )
        return ProviderUnavailableError(
            f"{response.request.method} {response.request.url.path} answered {status}",
            body=body,
            provider=self.provider,
            status=status,
            request_id=request_id(response),
        )

    @staticmethod
    def _is_html(response: httpx.Response) -> bool:
        """An HTML page (by its content type) where an API answer was expected."""
        if response.status_code == 204:
            return False
        ctype: str | None = response.headers.get("content-type")
        return ctype is not None and "html" in ctype.lower()

    def _refuse_html(self, response: httpx.Response) -> None:
        content = response.content
        if not content or content.isspace() or response.request.method == "HEAD":
            return
        status = response.status_code
        error_type = ProviderUnavailableError if status >= 500 else ProtocolError
        raise error_type(
            f"{response.request.method} {response.request.url.path} answered with an HTML "
            f"page: {snippet(content)}",
            provider=self.provider,
            status=status,
            request_id=request_id(response),
        )
