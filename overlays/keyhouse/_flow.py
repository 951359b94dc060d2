"""Provider token strategies (sans-IO) and the drivers that run them.

A strategy's ``obtain`` yields token requests (:func:`token_request`), receives their
responses and returns a :class:`Credential`; its optional ``revoke`` yields sign-out requests.
:func:`drive_sync` / :func:`drive_async` send them: only :class:`KeyhouseError` leaves a flow
(transport failures become ProviderUnavailableError, anything else ProtocolError), every
request gets the client's timeouts (a bare ``client.send`` has none), and a ``deadline``
bounds the whole flow, a body still trickling in included.
"""

from __future__ import annotations

import threading
import time
from collections.abc import AsyncIterator, Generator, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol, TypedDict, TypeVar, Unpack, runtime_checkable

import httpx

from ._credential import Credential
from ._errors import (
    KeyhouseError,
    ProtocolError,
    ProviderUnavailableError,
    error_body,
    expect_json,
    flow_error,
    raise_for_status,
    request_id,
)
from ._redact import logger
from ._retry import DEADLINE, TOKEN_REQUEST, http_date
from ._steps import Failed, arun_steps, run_steps

__all__ = ["DriveOptions", "Exchange", "Flow", "FlowStats", "Revocable", "RevokeFlow"]
__all__ += ["TokenStrategy", "checked", "drive_async", "drive_sync", "token_request"]
__all__ += ["received_at", "server_date"]  # reading answers, and re-exported:
__all__ += ["error_body", "expect_json", "raise_for_status", "request_id"]

T = TypeVar("T")
Exchange = Generator[httpx.Request, httpx.Response, T]  # requests out, responses in
Flow = Exchange[Credential]
RevokeFlow = Exchange[bool]  # sign-out: whether the provider revoked a token
KIND = "keyhouse_kind"
_RECEIVED_AT = "keyhouse_received_at"


class DriveOptions(TypedDict, total=False):
    """The drivers' keywords."""

    provider: str | None  # for errors and logs
    stats: FlowStats | None  # counts the requests
    deadline: float | None  # time.monotonic() by which the whole flow must be done


@runtime_checkable
class TokenStrategy(Protocol):
    """How one provider issues and presents tokens, without I/O.

    ``provider``, ``base_url``, ``identity`` (non-secret) and ``key_material()`` derive the
    cache key, so a token only serves a caller holding the same secrets. ``cacheable`` is
    False for a configured static key: no token, never cached.
    """

    @property
    def provider(self) -> str: ...
    @property
    def base_url(self) -> str: ...
    @property
    def identity(self) -> str: ...
    @property
    def cacheable(self) -> bool: ...
    def key_material(self) -> tuple[str, ...]:
        """Every configured secret (password, client secret, API key), in a fixed order."""
        ...

    def obtain(self, previous: Credential | None) -> Flow:
        """Token requests out, the new credential back: a refresh when ``previous`` allows."""
        ...

    def apply(self, request: httpx.Request, credential: Credential) -> None:
        """Put ``credential`` on ``request`` (headers). Called on every request: keep it cheap."""
        ...


@runtime_checkable
class Revocable(Protocol):
    """A strategy that can revoke its tokens (sign-out): ``True`` when the provider revoked
    one, ``False`` when nothing was revoked there (a token dead already: 401, or expired and
    not sent; no revocation to send); any other failure raises a KeyhouseError."""

    def revoke(self, credential: Credential) -> RevokeFlow: ...


@dataclass
class FlowStats:
    """Counts of token requests by kind (``login``, ``refresh``, or a strategy's own)."""

    counts: dict[str, int] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def add(self, kind: str) -> None:
        """Count one request of ``kind``."""
        with self._lock:
            self.counts[kind] = self.counts.get(kind, 0) + 1

    def get(self, kind: str) -> int:
        """How many requests of ``kind`` were sent."""
        return self.counts.get(kind, 0)


def token_request(
    method: str,
    url: str | httpx.URL,
    *,
    kind: str = "login",
    json: Any = None,
    data: Mapping[str, str] | None = None,
    headers: Mapping[str, str] | None = None,
    params: Mapping[str, str] | None = None,
) -> httpx.Request:
    """An ``httpx.Request`` marked as a token request (retryable, counted as ``kind``)."""
    request = httpx.Request(method, url, json=json, data=data, headers=headers, params=params)
    request.extensions[TOKEN_REQUEST] = True
    request.extensions[KIND] = kind
    return request


def received_at(response: httpx.Response) -> float:
    """Local epoch time at which the drivers received ``response`` (now, if not stamped)."""
    stamp = response.extensions.get(_RECEIVED_AT)
    return stamp if isinstance(stamp, float) else time.time()


def server_date(response: httpx.Response) -> float | None:
    """The provider's clock (``Date`` header) as epoch seconds, if present and valid."""
    return http_date(response.headers.get("date"))


def checked(result: object, provider: str | None) -> Credential:
    """``result`` when a token flow returned a :class:`Credential`; ProtocolError otherwise."""
    if not isinstance(result, Credential):
        raise ProtocolError("strategy returned no credential", provider=provider or "keyhouse")
    return result


# --- drivers ----------------------------------------------------------------------------------


def _late(name: str) -> ProviderUnavailableError:
    return ProviderUnavailableError("token request did not complete in time", provider=name)


class _Deadline(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A response stream that fails once ``deadline`` has passed (a trickling body)."""

    def __init__(self, stream: Any, deadline: float, name: str) -> None:
        self._stream, self._deadline, self._name = stream, deadline, name

    def _chunk(self, chunk: bytes) -> bytes:
        if time.monotonic() > self._deadline:
            raise _late(self._name)
        return chunk

    def __iter__(self) -> Iterator[bytes]:
        return map(self._chunk, self._stream)

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._stream:
            yield self._chunk(chunk)

    def close(self) -> None:
        self._stream.close()

    async def aclose(self) -> None:
        await self._stream.aclose()


def _name(options: DriveOptions) -> str:
    return options.get("provider") or "keyhouse"


def _guard(response: httpx.Response, options: DriveOptions) -> None:
    deadline = options.get("deadline")
    if deadline is not None and not isinstance(response.stream, httpx.ByteStream):
        response.stream = _Deadline(response.stream, deadline, _name(options))


def _exchange(flow: Exchange[T], timeout: httpx.Timeout, options: DriveOptions) -> Exchange[T]:
    """Both drivers' logic: each request marked, counted, given the client's timeouts cut to
    the deadline, each response stamped; on failure the flow is closed and only a
    KeyhouseError leaves (a transport error kept as the cause: host, timeout; anything else
    dropped, its message may quote response data)."""
    name, stats, deadline = _name(options), options.get("stats"), options.get("deadline")
    try:
        request = next(flow)
        while True:
            request.extensions.setdefault(TOKEN_REQUEST, True)
            if stats is not None:
                stats.add(str(request.extensions.get(KIND, "login")))
            limits = timeout.as_dict()
            if deadline is not None:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise _late(name)
                limits = {k: left if v is None else min(v, left) for k, v in limits.items()}
                request.extensions[DEADLINE] = deadline
            request.extensions.setdefault("timeout", limits)
            response = yield request
            response.extensions[_RECEIVED_AT] = time.time()
            logger.debug("%s token request -> %s", name, response.status_code)
            request = flow.send(response)
    except StopIteration as stop:
        result: T = stop.value
        return result
    except Exception as exc:
        flow.close()
        if isinstance(exc, KeyhouseError):
            raise
        cause = exc if isinstance(exc, httpx.TransportError) else None
        raise flow_error(exc, name) from cause


def drive_sync(flow: Exchange[T], client: httpx.Client, **options: Unpack[DriveOptions]) -> T:
    """Send what ``flow`` yields with ``client`` until it returns (a token or sign-out flow)."""

    def send(request: httpx.Request) -> httpx.Response | Failed:
        try:
            response = client.send(request, stream=True)
            try:
                _guard(response, options)
                response.read()
            finally:
                response.close()
        except Exception as exc:
            return Failed(exc)
        return response

    return run_steps(_exchange(flow, client.timeout, options), send)


async def drive_async(
    flow: Exchange[T], client: httpx.AsyncClient, **options: Unpack[DriveOptions]
) -> T:
    """:func:`drive_sync` with an ``httpx.AsyncClient``."""

    async def send(request: httpx.Request) -> httpx.Response | Failed:
        try:
            response = await client.send(request, stream=True)
            try:
                _guard(response, options)
                await response.aread()
            finally:
                await response.aclose()
        except Exception as exc:
            return Failed(exc)
        return response

    return await arun_steps(_exchange(flow, client.timeout, options), send)
