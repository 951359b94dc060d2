"""Provider token strategies (sans-IO) and the drivers that run them.

A strategy describes how a provider issues tokens without doing any I/O itself::

    class MyStrategy:
        provider = "acme"
        base_url = "https://api.acme.example"  # part of the cache key
        identity = "user@example.org"          # non-secret; part of the cache key
        cacheable = True                       # False: a static key, never cached

        def key_material(self):                # the secrets; cache key and record key
            return (self._password.reveal(),)  # derive from them

        def obtain(self, previous):            # previous: Credential | None
            if refresh_usable(previous, time.time()):
                response = yield token_request("POST", url, kind="refresh", json={...})
                ...
            response = yield token_request("POST", url, json={...})
            body = expect_json(raise_for_status(response, self.provider), self.provider)
            token = require(body, "data.token", str, provider=self.provider)
            return Credential(token=token, obtained_at=received_at(response), ...)

        def apply(self, request, credential):
            request.headers["Authorization"] = "Bearer " + credential.token

        def revoke(self, credential):          # optional: the provider's sign-out
            response = yield token_request("POST", logout_url, kind="revoke", ...)
            if response.status_code != 401:    # 401: already dead, nothing to revoke
                raise_for_status(response, self.provider, what="revocation request")

:func:`run_sync` / :func:`run_async` (and, for any flow, :func:`drive_sync` /
:func:`drive_async`) send the yielded requests with an ``httpx.Client`` /
``httpx.AsyncClient``; transport failures become :class:`ProviderUnavailableError`, and any
other non-keyhouse exception escaping a strategy becomes :class:`ProtocolError`, so nothing but
:class:`KeyhouseError` leaves a flow. Every request gets the client's timeouts (a bare
``httpx.Request`` sent with ``client.send`` otherwise has none), and with a ``deadline`` the
whole flow is bounded: timeouts are cut to the time left, and a body still trickling in at the
deadline fails the flow.
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
    require,
)
from ._redact import logger
from ._retry import DEADLINE, TOKEN_REQUEST, http_date
from ._steps import Failed, arun_steps, run_steps

__all__ = [
    "DriveOptions",
    "Flow",
    "FlowStats",
    "Revocable",
    "RevokeFlow",
    "TokenStrategy",
    "checked",
    "drive_async",
    "drive_sync",
    "error_body",
    "expect_json",
    "optional",
    "raise_for_status",
    "received_at",
    "request_id",
    "require",
    "run_async",
    "run_sync",
    "server_date",
    "token_request",
]

Flow = Generator[httpx.Request, httpx.Response, Credential]
#: A sign-out flow (a strategy's optional ``revoke``): yields requests, returns nothing.
RevokeFlow = Generator[httpx.Request, httpx.Response, None]
KIND = "keyhouse_kind"
_RECEIVED_AT = "keyhouse_received_at"
T = TypeVar("T")


@runtime_checkable
class TokenStrategy(Protocol):
    """How one provider issues and presents tokens. Implementations do no I/O."""

    @property
    def provider(self) -> str:
        """Provider name used in errors, logs and cache keys (e.g. ``"ovok"``)."""
        ...

    @property
    def base_url(self) -> str:
        """Where tokens come from: part of the cache key (staging never gets production's)."""
        ...

    @property
    def identity(self) -> str:
        """A non-secret string telling accounts apart (user name, client id)."""
        ...

    @property
    def cacheable(self) -> bool:
        """Whether credentials may be cached; ``False`` for a configured static key, which
        must never be written to any cache (it is no token: nothing to fetch or share)."""
        ...

    def key_material(self) -> tuple[str, ...]:
        """Every configured secret (password, client secret, API key) in a fixed order.

        The cache key and the key sealing cached records are derived from them (once per
        configuration, see :mod:`keyhouse._cache._key`): a token is only served to a caller
        holding the same secrets.
        """
        ...

    def obtain(self, previous: Credential | None) -> Flow:
        """Yield absolute-URL token requests, receive responses, return the new credential.

        Refresh when ``previous`` carries a usable refresh token, else log in.
        """
        ...

    def apply(self, request: httpx.Request, credential: Credential) -> None:
        """Put ``credential`` on ``request`` (headers). Called on every request: keep it cheap."""
        ...


@runtime_checkable
class Revocable(Protocol):
    """A strategy whose provider can revoke its tokens (sign-out); optional.

    Strategies without it only have their tokens forgotten by :meth:`TokenManager.revoke
    <keyhouse._lifecycle.TokenManager.revoke>`.
    """

    def revoke(self, credential: Credential) -> RevokeFlow:
        """Yield the provider's documented revocation request(s) for ``credential``.

        Like :meth:`TokenStrategy.obtain` it does no I/O; the same drivers run it. An answer
        saying the token is already dead (401, an expired token not sent at all) is success;
        any other failure raises a :class:`KeyhouseError`.
        """
        ...


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


def optional(body: Any, path: str) -> Any:
    """``body["a"]["b"]`` for ``path="a.b"``, or ``None`` when any part is missing."""
    value = body
    for part in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


# --- drivers ----------------------------------------------------------------------------------


def _late(name: str) -> ProviderUnavailableError:
    return ProviderUnavailableError("token request did not complete in time", provider=name)


def _bound(
    request: httpx.Request, timeout: httpx.Timeout, deadline: float | None, name: str
) -> None:
    """Give ``request`` the client's timeouts, cut to what is left before ``deadline``."""
    limits = timeout.as_dict()
    if deadline is not None:
        left = deadline - time.monotonic()
        if left <= 0:
            raise _late(name)
        limits = {k: left if v is None else min(v, left) for k, v in limits.items()}
        request.extensions[DEADLINE] = deadline
    request.extensions.setdefault("timeout", limits)


class _Deadline(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A response stream that fails once ``deadline`` has passed (a trickling body)."""

    def __init__(
        self, stream: httpx.SyncByteStream | httpx.AsyncByteStream, deadline: float, name: str
    ) -> None:
        self._stream, self._deadline, self._name = stream, deadline, name

    def __iter__(self) -> Iterator[bytes]:
        assert isinstance(self._stream, httpx.SyncByteStream)
        for chunk in self._stream:
            if time.monotonic() > self._deadline:
                raise _late(self._name)
            yield chunk

    async def __aiter__(self) -> AsyncIterator[bytes]:
        assert isinstance(self._stream, httpx.AsyncByteStream)
        async for chunk in self._stream:
            if time.monotonic() > self._deadline:
                raise _late(self._name)
            yield chunk

    def close(self) -> None:
        assert isinstance(self._stream, httpx.SyncByteStream)
        self._stream.close()

    async def aclose(self) -> None:
        assert isinstance(self._stream, httpx.AsyncByteStream)
        await self._stream.aclose()


def _guard(response: httpx.Response, deadline: float | None, name: str) -> None:
    stream = response.stream
    if deadline is not None and not isinstance(stream, httpx.ByteStream):
        assert isinstance(stream, (httpx.SyncByteStream, httpx.AsyncByteStream))
        response.stream = _Deadline(stream, deadline, name)


def checked(result: object, provider: str | None) -> Credential:
    """``result`` when a token flow returned a :class:`Credential`; ProtocolError otherwise."""
    if not isinstance(result, Credential):
        raise ProtocolError("strategy returned no credential", provider=provider or "keyhouse")
    return result


class DriveOptions(TypedDict, total=False):
    """The drivers' keywords: ``provider`` (for errors and logs), ``stats`` (request counts),
    ``deadline`` (a ``time.monotonic()`` value bounding the whole flow)."""

    provider: str | None
    stats: FlowStats | None
    deadline: float | None


def run_sync(flow: Flow, client: httpx.Client, **options: Unpack[DriveOptions]) -> Credential:
    """Drive a token ``flow`` with ``client`` (:func:`drive_sync`); its credential."""
    return checked(drive_sync(flow, client, **options), options.get("provider"))


async def run_async(
    flow: Flow, client: httpx.AsyncClient, **options: Unpack[DriveOptions]
) -> Credential:
    """:func:`run_sync` with an ``httpx.AsyncClient``."""
    return checked(await drive_async(flow, client, **options), options.get("provider"))


def _exchange(
    flow: Generator[httpx.Request, httpx.Response, T],
    timeout: httpx.Timeout,
    options: DriveOptions,
) -> Generator[httpx.Request, httpx.Response, T]:
    """Both drivers' logic, sans-IO: every request marked, counted and bounded by the deadline,
    every response stamped with its arrival; on failure the flow is closed and only a
    KeyhouseError leaves (transport errors kept as the cause: host, timeout; anything else
    dropped, its message may quote response data)."""
    provider, stats = options.get("provider") or "keyhouse", options.get("stats")
    try:
        request = next(flow)
        while True:
            request.extensions.setdefault(TOKEN_REQUEST, True)
            if stats is not None:
                stats.add(str(request.extensions.get(KIND, "login")))
            _bound(request, timeout, options.get("deadline"), provider)
            response = yield request
            response.extensions[_RECEIVED_AT] = time.time()
            logger.debug("%s token request -> %s", provider, response.status_code)
            request = flow.send(response)
    except StopIteration as stop:
        result: T = stop.value
        return result
    except KeyhouseError:
        flow.close()
        raise
    except Exception as exc:
        flow.close()
        cause = exc if isinstance(exc, httpx.TransportError) else None  # host, timeout: no data
        raise flow_error(exc, provider) from cause


def drive_sync(
    flow: Generator[httpx.Request, httpx.Response, T],
    client: httpx.Client,
    **options: Unpack[DriveOptions],
) -> T:
    """Send what ``flow`` yields with ``client`` until it returns; only :class:`KeyhouseError`
    escapes. :func:`run_sync` (a :data:`Flow`) and sign-out (a :data:`RevokeFlow`) use it."""
    provider, deadline = options.get("provider") or "keyhouse", options.get("deadline")

    def send(request: httpx.Request) -> httpx.Response | Failed:
        try:
            response = client.send(request, stream=True)
            try:
                _guard(response, deadline, provider)
                response.read()
            finally:
                response.close()
        except Exception as exc:
            return Failed(exc)
        return response

    return run_steps(_exchange(flow, client.timeout, options), send)


async def drive_async(
    flow: Generator[httpx.Request, httpx.Response, T],
    client: httpx.AsyncClient,
    **options: Unpack[DriveOptions],
) -> T:
    """:func:`drive_sync` with an ``httpx.AsyncClient``."""
    provider, deadline = options.get("provider") or "keyhouse", options.get("deadline")

    async def send(request: httpx.Request) -> httpx.Response | Failed:
        try:
            response = await client.send(request, stream=True)
            try:
                _guard(response, deadline, provider)
                await response.aread()
            finally:
                await response.aclose()
        except Exception as exc:
            return Failed(exc)
        return response

    return await arun_steps(_exchange(flow, client.timeout, options), send)
