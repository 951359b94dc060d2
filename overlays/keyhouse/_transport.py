"""The transports of the facade's business clients.

:class:`CredentialTransport` writes the credential :class:`~keyhouse.KeyhouseAuth` chose onto
each request as it is sent, hop by hop, and only when the hop goes to the provider's origin.
httpx follows redirects inside one auth-flow step and strips only ``Authorization`` on a
cross-origin hop, so custom headers written by the auth flow (bfore.ai's ``X-Authorization``,
IMIASSIST's ``X-Api-Key``/``X-Api-Token``, Nuxera's ``x-api-key``) would follow a redirect to
another host. Written here, on a copy of the headers that is put back once the request is
sent, they never reach another origin, and request/response hooks never see them (httpx's
header ``repr`` masks only ``Authorization``).

With a ``provider`` (as the facade builds it) the same layer maps errors: httpx transport
errors become :class:`ProviderUnavailableError`, so nothing but keyhouse errors reaches the
caller. It wraps the retrying transport (retries happen first) and the response stream, because a
connection dropped half-way through a body surfaces while the body is read, not when the
request is sent. For the same reason the stream checks that a body with a ``Content-Encoding``
decodes: httpx decodes it after the transport, where a mismatch would escape as
``httpx.DecodingError``. The check runs the same httpx decoder over the raw bytes as they pass
(through a probe ``httpx.Response``) and raises :class:`ProtocolError` (or
:class:`ProviderUnavailableError` for a 5xx) before httpx's own decoder sees the bad bytes.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, NoReturn, cast

import httpx

from ._credential import Credential
from ._errors import transport_error, undecodable, unsendable
from ._retry import AsyncRetryTransport, RetryPolicy, RetryTransport

_NO_RETRY = RetryPolicy(attempts=1)

__all__ = [
    "CHECKED_URL",
    "CREDENTIAL",
    "AsyncCredentialTransport",
    "CredentialTransport",
    "PendingCredential",
    "header",
    "origin_of",
    "put_headers",
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


# --- header access on the warm path --------------------------------------------------------------
# httpx's ``Headers`` re-derives its encoding and re-encodes the key on every lookup and write
# (about 1 µs each here); the warm path needs two lookups and a few writes per request, which
# was most of what keyhouse added over a static-header client. These two helpers read and write
# httpx 0.28's item list (``(raw key, lowercase key, value)`` bytes) directly, and fall back to
# the public API when it is not there: the one place that knows httpx's internals.


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


def put_headers(
    headers: httpx.Headers, write: tuple[tuple[bytes, bytes, bytes], ...], replace: frozenset[bytes]
) -> None:
    """Remove every header named in ``replace`` (lowercase), then add ``write``'s
    ``(name, lowercase name, value)`` items: ``del`` and ``headers[name] = value`` in one pass."""
    items: list[tuple[bytes, bytes, bytes]] | None = getattr(headers, "_list", None)
    if items is None:
        for name in replace:
            headers.pop(name.decode(), None)
        for name, _lower, value in write:
            headers[name.decode()] = value.decode()
        return
    items[:] = [item for item in items if item[1] not in replace]
    items.extend(write)


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


def apply_credential(pending: PendingCredential, request: httpx.Request) -> None:
    """Write ``pending`` onto ``request``; a non-ASCII value is a typed error."""
    try:
        pending.apply(request, pending.credential)
    except UnicodeEncodeError:
        raise unsendable(pending.provider) from None


def _with_credential(request: httpx.Request) -> httpx.Headers:
    """Put the request's pending credential on it for this hop; the headers to restore."""
    extensions = request.extensions
    pending = extensions.get(CREDENTIAL)
    saved = request.headers
    if not isinstance(pending, PendingCredential):
        return saved
    url = request.url
    # The auth flow checked this very URL object (URLs are immutable); any other URL (a
    # redirect hop, a hook that replaced it) is checked here.
    if url is not extensions.get(CHECKED_URL) and origin_of(url) != pending.origin:
        return saved
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


class CredentialTransport(RetryTransport):
    """Writes a :class:`PendingCredential` per hop, only to its origin (see the module doc).

    Wrap your own transport in it when you use :class:`~keyhouse.KeyhouseAuth` with
    ``apply_in_transport=True`` on a client of your own. With ``provider`` set it also maps
    errors; with ``policy`` it retries (inside: the credential is written once per hop, the
    errors mapped once retrying is over). The facade's business clients are one of these.
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
        saved = _with_credential(request)
        try:
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
        saved = _with_credential(request)
        try:
            response = await super().handle_async_request(request)
        except httpx.TransportError as exc:
            _raise_typed(self.provider, request, exc)
        finally:
            request.headers = saved
        return _checked(self.provider, request, response)


def _raise_typed(
    provider: str | None, request: httpx.Request, exc: httpx.TransportError
) -> NoReturn:
    """Raise a transport error as it is without ``provider``, else as a keyhouse error."""
    if provider is None:
        raise exc
    raise transport_error(provider, request, exc) from exc


def _checked(
    provider: str | None, request: httpx.Request, response: httpx.Response
) -> httpx.Response:
    """``response`` with its body checked as it is read (with ``provider`` set)."""
    stream = response.stream
    # A body the retrying transport already read, with no encoding left to check: nothing
    # left that could fail while the body is read.
    if provider is None or (
        isinstance(stream, httpx.ByteStream)
        and header(response.headers, b"content-encoding") is None
    ):
        return response
    assert isinstance(stream, httpx.SyncByteStream | httpx.AsyncByteStream)
    response.stream = _CheckedStream(stream, provider, request, response)
    return response


class _Tap(httpx.SyncByteStream, httpx.AsyncByteStream):
    """Keeps each raw chunk in ``sink`` as it passes (for the caller), feeding a probe."""

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


class _CheckedStream(httpx.SyncByteStream, httpx.AsyncByteStream):
    """The raw body, its transport errors and ``Content-Encoding`` mismatches made typed.

    The raw chunks pass through a tap into ``sink``; with an encoding, a probe response
    decodes them as they pass (its output is dropped), else the tap is iterated itself.
    """

    def __init__(
        self,
        stream: httpx.SyncByteStream | httpx.AsyncByteStream,
        provider: str,
        request: httpx.Request,
        response: httpx.Response,
    ) -> None:
        self._stream, self._provider, self._request = stream, provider, request
        self._response = response
        self._sink: list[bytes] = []
        self._tap = _Tap(stream, self._sink)
        self._probe = None
        if header(response.headers, b"content-encoding") is not None:
            self._probe = httpx.Response(
                response.status_code, headers=response.headers, stream=self._tap
            )

    @contextlib.contextmanager
    def _typed(self) -> Iterator[None]:
        try:
            yield
        except httpx.TransportError as exc:
            raise transport_error(self._provider, self._request, exc) from exc
        except httpx.DecodingError:
            raise undecodable(self._provider, self._request, self._response) from None

    def __iter__(self) -> Iterator[bytes]:
        with self._typed():
            for _ in self._tap if self._probe is None else self._probe.iter_bytes():
                yield from _drain(self._sink)
            yield from _drain(self._sink)

    async def __aiter__(self) -> AsyncIterator[bytes]:
        with self._typed():
            async for _ in self._tap if self._probe is None else self._probe.aiter_bytes():
                for chunk in _drain(self._sink):
                    yield chunk
            for chunk in _drain(self._sink):
                yield chunk

    def close(self) -> None:
        cast("httpx.SyncByteStream", self._stream).close()

    async def aclose(self) -> None:
        await cast("httpx.AsyncByteStream", self._stream).aclose()
