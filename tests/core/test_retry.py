from __future__ import annotations

import email.utils
import time
from collections.abc import Callable

import httpx
import pytest
from keyhouse._retry import TOKEN_REQUEST, RetryPolicy, parse_retry_after
from keyhouse._transport import AsyncRetryTransport, RetryTransport

NOW = 1_800_000_000.0


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("3", 3.0),
        (" 0 ", 0.0),
        ("1.5", 1.5),
        (email.utils.formatdate(NOW + 30, usegmt=True), 30.0),
        (email.utils.formatdate(NOW - 30, usegmt=True), 0.0),
        ("-1", None),
        ("soon", None),
        ("", None),
        (None, None),
        ("nan", None),
        ("inf", None),
        ("Mon, 99 Foo 2024 99:99:99 GMT", None),
        ("١٢", None),  # non-ASCII digits
    ],
)
def test_parse_retry_after(value: str | None, expected: float | None) -> None:
    got = parse_retry_after(value, now=NOW)
    assert got == (pytest.approx(expected) if expected is not None else None)


class Script:
    """A MockTransport handler that answers from a list (responses or exceptions)."""

    def __init__(self, *steps: int | Exception | httpx.Response) -> None:
        self.steps = list(steps)
        self.calls = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        step = self.steps[min(self.calls, len(self.steps) - 1)]
        self.calls += 1
        if isinstance(step, Exception):
            raise step
        if isinstance(step, httpx.Response):
            return step
        return httpx.Response(step, json={})


def client(script: Script, policy: RetryPolicy | None = None) -> tuple[httpx.Client, list[float]]:
    sleeps: list[float] = []
    transport = RetryTransport(
        httpx.MockTransport(script), policy or RetryPolicy(jitter=0.0), sleep=sleeps.append
    )
    return httpx.Client(transport=transport), sleeps


def test_get_is_retried_on_503_until_success() -> None:
    script = Script(503, 502, 200)
    with client(script)[0] as c:
        assert c.get("https://x.example/a").status_code == 200
    assert script.calls == 3


def test_backoff_is_exponential_and_capped() -> None:
    script = Script(503)
    c, sleeps = client(script, RetryPolicy(attempts=6, base=1.0, cap=3.0, total=100, jitter=0))
    assert c.get("https://x.example/a").status_code == 503
    assert script.calls == 6
    assert sleeps == [1.0, 2.0, 3.0, 3.0, 3.0]


def test_jitter_stays_within_the_step() -> None:
    policy = RetryPolicy(base=1.0, cap=8.0, jitter=1.0)
    for retry in range(1, 6):
        assert 0.0 <= policy.backoff(retry) <= min(8.0, 2 ** (retry - 1))


def test_post_business_call_is_never_resent() -> None:
    for step in (503, 429, httpx.ReadError("boom")):
        script = Script(step, 200)
        c, _ = client(script)
        if isinstance(step, Exception):
            with pytest.raises(httpx.ReadError):
                c.post("https://x.example/a", json={})
        else:
            assert c.post("https://x.example/a", json={}).status_code == step
        assert script.calls == 1


def test_post_that_never_left_is_retried() -> None:
    script = Script(httpx.ConnectError("refused"), 200)
    c, _ = client(script)
    assert c.post("https://x.example/a", json={}).status_code == 200
    assert script.calls == 2


def test_token_request_post_is_retried() -> None:
    script = Script(503, httpx.ReadError("reset"), 200)
    c, _ = client(script)
    request = c.build_request("POST", "https://x.example/login", json={"u": 1})
    request.extensions[TOKEN_REQUEST] = True
    assert c.send(request).status_code == 200
    assert script.calls == 3


def test_retry_after_is_honoured() -> None:
    script = Script(httpx.Response(429, headers={"Retry-After": "2"}), 200)
    c, sleeps = client(script)
    assert c.get("https://x.example/a").status_code == 200
    assert sleeps == [2.0]


def test_retry_after_beyond_budget_returns_the_response() -> None:
    script = Script(httpx.Response(429, headers={"Retry-After": "120"}), 200)
    c, sleeps = client(script, RetryPolicy(total=30))
    response = c.get("https://x.example/a")
    assert response.status_code == 429
    assert script.calls == 1
    assert sleeps == []


def test_total_time_budget_bounds_retries() -> None:
    clock = [0.0]

    def sleep(seconds: float) -> None:
        clock[0] += seconds

    script = Script(503)
    transport = RetryTransport(
        httpx.MockTransport(script),
        RetryPolicy(attempts=100, base=1.0, cap=1.0, total=5.0, jitter=0),
        sleep=sleep,
        clock=lambda: clock[0],
    )
    with httpx.Client(transport=transport) as c:
        assert c.get("https://x.example/").status_code == 503
    assert clock[0] <= 5.0
    assert script.calls == 6


def test_connection_errors_exhaust_attempts_then_raise() -> None:
    script = Script(httpx.ConnectError("refused"))
    c, _ = client(script)
    with pytest.raises(httpx.ConnectError):
        c.get("https://x.example/")
    assert script.calls == 4


def test_generator_body_is_replayable_for_idempotent_requests() -> None:
    seen: list[bytes] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.read())
        return httpx.Response(503 if len(seen) < 2 else 200)

    def body() -> Callable[[], object]:
        yield b"part1-"  # type: ignore[misc]
        yield b"part2"  # type: ignore[misc]

    transport = RetryTransport(
        httpx.MockTransport(handler), RetryPolicy(jitter=0), sleep=lambda s: None
    )
    with httpx.Client(transport=transport) as c:
        assert c.put("https://x.example/", content=body()).status_code == 200  # type: ignore[arg-type]
    assert seen == [b"part1-part2", b"part1-part2"]


async def test_async_transport_retries() -> None:
    calls = 0

    async def handler(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        return httpx.Response(504 if calls < 3 else 200)

    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    transport = AsyncRetryTransport(
        httpx.MockTransport(handler), RetryPolicy(jitter=0), sleep=sleep
    )
    async with httpx.AsyncClient(transport=transport) as c:
        assert (await c.get("https://x.example/")).status_code == 200
        calls = 0
        assert (await c.post("https://x.example/")).status_code == 504
        assert calls == 1
    assert len(slept) == 2


def test_retry_is_fast_in_real_time() -> None:
    # with the real sleep and tiny delays the loop still terminates promptly
    script = Script(503)
    transport = RetryTransport(
        httpx.MockTransport(script), RetryPolicy(attempts=3, base=0.001, cap=0.002)
    )
    start = time.monotonic()
    with httpx.Client(transport=transport) as c:
        assert c.get("https://x.example/").status_code == 503
    assert script.calls == 3
    assert time.monotonic() - start < 60  # bounded, not a benchmark
