"""KeyhouseAuth: the token lifecycle plugged into httpx as an ``httpx.Auth``.

Per request: the :class:`TokenManager`'s credential (warm: no lock, no I/O) on the request,
then send. On 401: invalidate exactly that token (compare-and-delete: N concurrent 401s
invalidate once), get a new one (single flight), resend once. A second 401 raises
:class:`AuthenticationError` and keeps the fresh token (the provider refuses this operation, not
the token), and that operation's later 401s with that token raise at once, with no login. A
body that cannot be resent (streamed past the retry read-ahead) raises after the login, and the
fresh token's first 401 on that operation counts as the second. A 401 from another origin (a
redirect led there) is that origin's answer: returned, the token kept.
Final 429 -> :class:`RateLimitedError`, 502/503/504 -> :class:`ProviderUnavailableError` (after
the transport's retries), an HTML page where an API answer was expected -> :class:`ProtocolError`.
The flow never parses a body: the caller parses it once (issue 9: parsing it here too halved
throughput on large bodies).

With ``origin``, credentials go only to that origin. With ``apply_in_transport=True`` (the
facade) the flow leaves a :class:`~keyhouse._transport.PendingCredential` on the request for the
:class:`~keyhouse._transport.CredentialTransport` to write per hop (see there why). On a client
of your own without it, keep ``follow_redirects=False``: httpx strips only ``Authorization`` on a
cross-origin redirect.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncGenerator, Awaitable, Callable, Generator
from typing import Any, TypeVar

import httpx

from ._credential import Credential
from ._errors import (
    AuthenticationError,
    KeyhouseError,
    answered_with,
    final_status_error,
    rejected_token,
    snippet,
    undecodable,
)
from ._lifecycle import TokenManager
from ._steps import aoutcome, resume
from ._transport import (
    CHECKED_URL,
    CREDENTIAL,
    PendingCredential,
    header,
    origin_of,
)

__all__ = ["KeyhouseAuth"]

# httpx's wrappers around generator bodies: iterating them a second time raises StreamConsumed.
_ONE_SHOT_STREAMS = frozenset({"IteratorByteStream", "AsyncIteratorByteStream"})
_MAX_REFUSED = 256
# Final statuses the flow turns into errors (the retrying transport has already retried them).
_MAPPED_STATUSES = frozenset({429, 502, 503, 504})
T = TypeVar("T")
#: a step of the flow's I/O: the call for the sync flow, the one for the async flow
_Io = tuple[Callable[[], object], Callable[[], Awaitable[object]]]


def _io(
    sync: bool, call: Callable[[], T], acall: Callable[[], Awaitable[T]]
) -> Generator[_Io, Any, T]:
    """A step of the flow's I/O: ``call()`` now when ``sync``, else ``acall`` yielded to the
    async flow, which sends back what it returned or raises what it raised."""
    if sync:
        return call()
    result: T = yield (call, acall)
    return result


class KeyhouseAuth(httpx.Auth):
    """Authenticate every request with the credential a :class:`TokenManager` keeps fresh."""

    def __init__(
        self,
        manager: TokenManager,
        *,
        origin: httpx.URL | str | None = None,
        check_body: bool = True,
        apply_in_transport: bool = False,
    ) -> None:
        self.manager = manager
        self.provider: str = manager.provider
        self._strategy_apply = manager.strategy.apply
        self._origin = origin_of(origin) if origin is not None else None
        self._check_body = check_body
        self._in_transport = apply_in_transport
        self._pending: PendingCredential | None = None  # the last credential's, reused
        # (token, method, path) a provider refused right after a fresh login: no new login
        # for it until the token changes (bounded; oldest dropped first).
        self._refused: dict[tuple[str, str, str], None] = {}

    def __repr__(self) -> str:
        return f"KeyhouseAuth({self.provider!r})"

    # --- httpx entry points: one flow (:meth:`_flow`), its I/O done sync or async -------------

    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        """httpx's sync auth flow: a fresh token on the request, one re-authentication on a 401."""
        return self._flow(request, True)  # sync, it does its I/O itself: it yields only requests

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        """httpx's async auth flow: the same, its I/O (token, cache, body) on the event loop."""
        steps = self._flow(request, False)
        try:
            step = next(steps)
            while True:
                result: object
                if isinstance(step, httpx.Request):
                    result = yield step
                else:
                    result = await aoutcome(step[1])
                step = resume(steps, result)
        except StopIteration:
            return

    def _flow(self, request: httpx.Request, sync: bool) -> Generator[Any, Any, None]:
        """The flow: yields the requests to send (answered with their responses). Its I/O is
        done in :func:`_io`: right there when ``sync``, else yielded to the async flow."""
        origin = self._origin
        if origin is not None and origin_of(request.url) != origin:
            yield request
            return
        manager = self.manager
        credential = manager.current()
        if credential is None:
            try:
                credential = yield from _io(sync, manager.get_sync, manager.get_async)
            except KeyhouseError as exc:
                credential = self._without_token(request, exc)
        self._apply(request, credential)
        response = yield request
        # No token: nothing to renew. Another origin's 401 (a redirect led there) says nothing
        # of the token: it is the answer.
        if response.status_code == 401 and credential.token and self._ours(request, response):
            yield from self._read(response, sync, strict=True)
            if self._refused_before(request, credential):
                raise self._rejected(request, response, credential)
            dead = credential  # (a Credential's repr hides its token: tracebacks show locals)
            yield from _io(
                sync,
                lambda: manager.invalidate(dead.token),
                lambda: manager.ainvalidate(dead.token),
            )
            credential = yield from _io(sync, manager.get_sync, manager.get_async)
            self._replay(request, credential)
            self._apply(request, credential)
            response = yield request
            if response.status_code == 401:
                yield from self._read(response, sync)
                raise self._rejected(request, response, credential)
        status = response.status_code
        if self._refused and status != 401:  # accepted here now: a later 401 may log in again
            self._refused.pop((credential.token, request.method, request.url.path), None)
        if status in _MAPPED_STATUSES:
            yield from self._read(response, sync)
            raise final_status_error(self.provider, response)
        # An HTML page (by its content type) where an API answer was expected.
        ctype = header(response.headers, b"content-type") if self._check_body else None
        if ctype is not None and status != 204 and b"html" in ctype.lower():
            yield from self._read(response, sync, strict=True)
            self._refuse_html(response)

    # --- helpers -----------------------------------------------------------------------------

    def _apply(self, request: httpx.Request, credential: Credential) -> None:
        url = request.url
        pending = self._pending
        # One PendingCredential per credential (and origin), not one per request; the flow
        # has checked the URL against a fixed origin.
        if (
            pending is None
            or pending.credential is not credential
            or (self._origin is None and pending.origin != origin_of(url))
        ):
            origin = self._origin or origin_of(url)
            pending = PendingCredential(origin, self._strategy_apply, credential, self.provider)
            self._pending = pending  # racing threads at worst build one each
        if self._in_transport:
            extensions = request.extensions
            extensions[CREDENTIAL] = pending
            extensions[CHECKED_URL] = url
        else:
            pending.write(request)

    def _without_token(self, request: httpx.Request, exc: KeyhouseError) -> Credential:
        """The login failed with ``exc``: the settings alone when the operation's ``security``
        allows them (the spec's next alternative, e.g. bfore.ai's ``API_KEY``), else ``exc``."""
        without = getattr(self.manager.strategy, "without_token", None)
        credential = without(request.method, request.url.path) if without else None
        if not isinstance(credential, Credential):
            raise exc
        return credential

    def _read(
        self, response: httpx.Response, sync: bool, *, strict: bool = False
    ) -> Generator[_Io, Any, None]:
        """Read the body. When ``strict`` (the flow goes on with the response), one that does
        not match its ``Content-Encoding`` is a ProtocolError. Otherwise the flow is about to
        raise an error decided by the status, and a body that cannot be read is left out of it.
        """
        try:
            yield from _io(sync, response.read, response.aread)
        except (httpx.HTTPError, KeyhouseError) as exc:
            if not strict:
                return
            if isinstance(exc, httpx.DecodingError):
                raise undecodable(self.provider, response.request, response) from None
            raise

    def _ours(self, request: httpx.Request, response: httpx.Response) -> bool:
        """Whether ``response`` came from the origin the credential was applied for."""
        return origin_of(response.request.url) == (self._origin or origin_of(request.url))

    def _replay(self, request: httpx.Request, credential: Credential) -> None:
        """Refuse to resend a one-shot (generator) body that has already been consumed. The
        fresh ``credential`` is remembered as if refused: its first 401 on this operation is
        the second after a login (raised at once), or every such call would log in again."""
        if hasattr(request, "_content"):
            return  # read into memory: replayable
        if type(request.stream).__name__ in _ONE_SHOT_STREAMS:
            self._remember(request, credential)
            raise AuthenticationError(
                "the token was rejected and the request body is a one-shot stream that cannot "
                "be sent again",
                provider=self.provider,
                status=401,
            )

    def _refused_before(self, request: httpx.Request, credential: Credential) -> bool:
        return (credential.token, request.method, request.url.path) in self._refused

    def _rejected(
        self, request: httpx.Request, response: httpx.Response, credential: Credential
    ) -> AuthenticationError:
        # The token was issued a moment ago: invalidating it again would cost every caller a
        # login per call and take the token from operations that accept it.
        self._remember(request, credential)
        return rejected_token(self.provider, response)

    def _remember(self, request: httpx.Request, credential: Credential) -> None:
        refused = self._refused
        refused[(credential.token, request.method, request.url.path)] = None
        if len(refused) > _MAX_REFUSED:
            with contextlib.suppress(KeyError, StopIteration, RuntimeError):  # racing threads
                del refused[next(iter(refused))]

    def _refuse_html(self, response: httpx.Response) -> None:
        content = response.content
        if not content or content.isspace() or response.request.method == "HEAD":
            return
        page = f"an HTML page: {snippet(content)}"
        raise answered_with(self.provider, response.request, response, page)
