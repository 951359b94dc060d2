"""Retries: capped exponential backoff with full jitter, honouring ``Retry-After``.

tenacity runs the loop (:func:`retries`, after a first failure only); :class:`Plan` decides.
Connection failures before the request left are retried for any method; other transport errors
and 429/502/503/504 only for idempotent methods and token requests (``keyhouse_token_request``):
a POST business call is never sent twice. For retryable requests the raw body's first MiB is
read inside the loop (:func:`buffered`), so a connection dropped within it is retried like a
failed send; a larger body streams on. So with a streaming request body (:func:`read_ahead`):
one that fits is kept for a resend, a larger one streams out and is sent once. Bounded by
``attempts``, ``total`` seconds, a ``Retry-After`` within that budget, and a request's
``keyhouse_deadline`` (``time.monotonic()``; a body still trickling in at the deadline fails
with ``ReadTimeout``).
The transports that run it are in :mod:`keyhouse._transport`.
"""

from __future__ import annotations

import email.utils
import math
import random
import time
from collections.abc import AsyncIterator, Callable, Generator, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar, cast

import httpx

if TYPE_CHECKING:
    import tenacity

    from ._events import Emitter

__all__ = [
    "DEADLINE",
    "READ_AHEAD",
    "TOKEN_REQUEST",
    "Plan",
    "RetryPolicy",
    "abuffered",
    "aread_ahead",
    "buffered",
    "http_date",
    "is_retryable_request",
    "parse_retry_after",
    "read_ahead",
    "retries",
]

TOKEN_REQUEST = "keyhouse_token_request"
DEADLINE = "keyhouse_deadline"
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"})
RETRY_STATUSES = frozenset({429, 502, 503, 504})
_UNSENT_ERRORS = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
_M = TypeVar("_M", httpx.Request, httpx.Response)


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to try: ``attempts`` counts every try, the first included; ``jitter`` is the
    randomised fraction of each backoff step ("full jitter" at 1.0)."""

    attempts: int = 4
    base: float = 0.2
    cap: float = 5.0
    total: float = 30.0
    jitter: float = 1.0
    statuses: frozenset[int] = RETRY_STATUSES

    def backoff(self, retry: int) -> float:
        """Delay before retry number ``retry`` (1-based)."""
        step = min(self.cap, self.base * 2.0 ** (retry - 1))
        return step * (1.0 - self.jitter * random.random())  # noqa: S311 - jitter, not crypto

    def delay(self, retry: int, response: httpx.Response | None, now: float) -> float:
        """The wait before the next try: ``Retry-After`` when present, else the backoff."""
        if response is not None:
            after = parse_retry_after(response.headers.get("retry-after"), now=now)
            if after is not None:
                return after
        return self.backoff(retry)


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` (delta seconds or an HTTP date); garbage gives
    ``None``, a date in the past ``0.0``."""
    text = (value or "").strip()
    if not text or not text.isascii():
        return None
    if text.isdigit():
        # float(int(...)) overflows past 308 digits, int() refuses more than 4300: both
        # are absurd waits, so treat them as garbage.
        try:
            return float(int(text))
        except (OverflowError, ValueError):
            return None
    try:
        seconds = float(text)
    except ValueError:
        pass
    else:
        return seconds if math.isfinite(seconds) and seconds >= 0 else None
    when = http_date(text)
    return None if when is None else max(0.0, when - (time.time() if now is None else now))


def http_date(value: str | None) -> float | None:
    """An HTTP date (``Date``, ``Retry-After``) as epoch seconds; ``None`` if absent or invalid."""
    try:
        parsed = email.utils.parsedate_to_datetime(value or "")
        return parsed.timestamp() if parsed.tzinfo is not None else None
    except (TypeError, ValueError, IndexError, OverflowError, OSError):
        return None


def is_retryable_request(request: httpx.Request) -> bool:
    """Whether a response-level retry may resend ``request`` (idempotent or a token request)."""
    return request.method in IDEMPOTENT_METHODS or bool(request.extensions.get(TOKEN_REQUEST))


class Plan:
    """tenacity's callbacks for one request that failed once (tenacity is not entered before:
    the warm path costs nothing): whether and how long to wait, once for sync and async."""

    __slots__ = ("clock", "deadline", "delay", "events", "policy", "request")

    def __init__(
        self,
        policy: RetryPolicy,
        request: httpx.Request,
        clock: Callable[[], float],
        started: float,
        events: Emitter | None = None,
    ) -> None:
        self.events = events
        self.policy = policy
        self.request = request
        self.clock = clock
        self.deadline = started + policy.total
        self.delay = 0.0
        hard = request.extensions.get(DEADLINE)
        if isinstance(hard, float):  # monotonic, like the default clock
            self.deadline = min(self.deadline, started + max(hard - time.monotonic(), 0.0))

    def retry(self, state: tenacity.RetryCallState) -> bool:
        outcome = state.outcome
        assert outcome is not None
        retryable = is_retryable_request(self.request)
        response: httpx.Response | None = None
        if outcome.failed:
            exc = outcome.exception()
            ok = isinstance(exc, httpx.TransportError) and (
                retryable or isinstance(exc, _UNSENT_ERRORS)
            )
        else:
            response = outcome.result()
            assert response is not None
            ok = retryable and response.status_code in self.policy.statuses
        if not ok or state.attempt_number >= self.policy.attempts:
            return False
        delay = self.policy.delay(state.attempt_number, response, time.time())
        if self.clock() + delay > self.deadline:
            return False
        self.delay = delay
        return True

    def wait(self, state: tenacity.RetryCallState) -> float:
        return self.delay

    def before_sleep(self, state: tenacity.RetryCallState) -> None:
        outcome = state.outcome
        assert outcome is not None
        failure = outcome.exception() if outcome.failed else outcome.result()
        # Retried responses were buffered into memory (an httpx.ByteStream, sync and async
        # alike): closing releases nothing but marks them done.
        if isinstance(failure, httpx.Response) and isinstance(failure.stream, httpx.SyncByteStream):
            failure.close()
        from ._events import retry_scheduled  # a retry is the cold path

        token_request = bool(self.request.extensions.get(TOKEN_REQUEST))
        attempt = state.attempt_number + 1
        retry_scheduled(self.events, self.request, failure, self.delay, attempt, token_request)


#: How much of a retryable response's body the retry loop reads ahead (a connection dropped
#: within it is retried like a failed send); past it the body streams on to the caller, so a
#: large download is not held in memory, and a drop there is the caller's typed error. The
#: same for a streaming request body: past it, the upload streams on and is not resent.
READ_AHEAD = 1 << 20


class _Ahead:
    """The chunks of a body read ahead of the caller, up to :data:`READ_AHEAD`; a request's
    deadline is checked as each arrives (a body trickling in past it: ``ReadTimeout``)."""

    __slots__ = ("chunks", "deadline", "request", "size")

    def __init__(self, request: httpx.Request) -> None:
        self.request, self.size = request, 0
        self.chunks: list[bytes] = []
        self.deadline = request.extensions.get(DEADLINE)

    def full(self, chunk: bytes) -> bool:
        """Keep ``chunk``; whether the read-ahead is full."""
        if isinstance(self.deadline, float) and time.monotonic() > self.deadline:
            message = "the request did not complete before the deadline"
            raise httpx.ReadTimeout(message, request=self.request)
        self.chunks.append(chunk)
        self.size += len(chunk)
        return self.size > READ_AHEAD

    def into(self, message: _M, rest: Any, stream: Any) -> _M:
        """``message`` reading what was read ahead, then ``rest`` of ``stream`` if given."""
        if rest is None:
            message.stream = httpx.ByteStream(b"".join(self.chunks))
        else:
            message.stream = _ReadAhead(self.chunks, rest, stream)
        return message

    def spent(self, request: httpx.Request, rest: Any, stream: Any) -> bool:
        """Whether ``request``'s body streams on past what was read ahead (``rest`` of
        ``stream``); if not, it is in memory (``request.content`` too), as bytes given are."""
        self.into(request, rest, stream)
        if rest is None:
            request.read()
        return rest is not None


class _ReadAhead(httpx.SyncByteStream, httpx.AsyncByteStream):
    """The chunks read ahead, then the rest of the live body."""

    def __init__(self, head: list[bytes], rest: Any, stream: Any) -> None:
        self._head, self._rest, self._stream = head, rest, stream

    def __iter__(self) -> Iterator[bytes]:
        yield from self._head
        yield from self._rest

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self._head:
            yield chunk
        async for chunk in self._rest:
            yield chunk

    def close(self) -> None:
        self._stream.close()

    async def aclose(self) -> None:
        await self._stream.aclose()


def buffered(response: httpx.Response, request: httpx.Request, stream_on: bool) -> httpx.Response:
    """The raw (still encoded) body read now, up to :data:`READ_AHEAD`, into the response's
    stream: a connection dropping within it raises here, inside the loop; httpx decodes the
    bytes later as usual. Past it the body streams on, or (not ``stream_on``: an answer to
    retry, whose body nobody reads) is cut there."""
    stream = response.stream
    if response.is_stream_consumed:  # the transports pass no in-memory body
        return response
    assert isinstance(stream, httpx.SyncByteStream)
    ahead, raw = _Ahead(request), iter(stream)
    try:
        more = any(map(ahead.full, raw)) and stream_on  # stops once full
    except BaseException:
        stream.close()
        raise
    if not more:
        stream.close()
    return ahead.into(response, raw if more else None, stream)


async def abuffered(
    response: httpx.Response, request: httpx.Request, stream_on: bool
) -> httpx.Response:
    """The async :func:`buffered`."""
    stream = response.stream
    if response.is_stream_consumed:
        return response
    assert isinstance(stream, httpx.AsyncByteStream)
    ahead, raw, more = _Ahead(request), aiter(stream), False
    try:
        async for chunk in raw:
            if ahead.full(chunk):
                more = stream_on
                break
    except BaseException:
        await stream.aclose()
        raise
    if not more:
        await stream.aclose()
    return ahead.into(response, raw if more else None, stream)


def read_ahead(request: httpx.Request) -> httpx.SyncByteStream | None:
    """A streaming request body read ahead, up to :data:`READ_AHEAD` (the mirror of
    :func:`buffered`): None if it fitted, and is now in memory for a resend; else the spent
    stream, the request reading the head, then streaming the rest: it can be sent only once."""
    stream = request.stream
    assert isinstance(stream, httpx.SyncByteStream)
    ahead, raw = _Ahead(request), iter(stream)
    more = any(map(ahead.full, raw))
    return stream if ahead.spent(request, raw if more else None, stream) else None


async def aread_ahead(request: httpx.Request) -> httpx.AsyncByteStream | None:
    """The async :func:`read_ahead`."""
    stream = request.stream
    assert isinstance(stream, httpx.AsyncByteStream)
    ahead, raw, more = _Ahead(request), aiter(stream), False
    async for chunk in raw:
        if ahead.full(chunk):
            more = True
            break
    return stream if ahead.spent(request, raw if more else None, stream) else None


def retries(
    plan: Plan, first: httpx.Response | Exception
) -> Generator[float, httpx.Response | Exception, httpx.Response]:
    """The loop after a failed first try, sans-IO for both transports (``Retrying.iter`` is
    tenacity's own sans-IO step): yields a wait in seconds, gets what the next try gave."""
    import tenacity  # only after a failure: ``import keyhouse`` stays light (~15 ms)

    stop = tenacity.stop_never  # plan.retry counts tries and time itself
    retrying = tenacity.Retrying(
        retry=plan.retry, wait=plan.wait, stop=stop, before_sleep=plan.before_sleep
    )
    retrying.begin()
    state = tenacity.RetryCallState(retrying, fn=None, args=(), kwargs={})
    outcome = first
    while True:
        if isinstance(outcome, Exception):
            state.set_exception((type(outcome), outcome, outcome.__traceback__))
        else:
            state.set_result(outcome)
        action = retrying.iter(state)  # a DoSleep, or the last response (or its error raised)
        if not isinstance(action, tenacity.DoSleep):
            return cast("httpx.Response", action)
        state.prepare_for_next_attempt()
        outcome = yield float(action)
