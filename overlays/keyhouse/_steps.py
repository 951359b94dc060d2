"""One loop for sync and one for async, running sans-IO steps (httpx's auth-flow model).

Logic is written once, as generators yielding what to do and receiving what came of it;
:func:`run_steps` does each step's I/O in the calling thread, :func:`arun_steps` on the loop.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Generator
from dataclasses import dataclass
from typing import Any, TypeVar

__all__ = ["Failed", "aoutcome", "arun_steps", "resume", "run_steps"]

T = TypeVar("T")
S = TypeVar("S")


@dataclass(frozen=True, slots=True)
class Failed:
    """What a step's I/O raised: raised in the steps where that step was yielded."""

    error: BaseException


def resume(steps: Generator[S, Any, T], result: object) -> S:
    """Send ``result`` into ``steps`` (raised there if it is :class:`Failed`): the next step."""
    if isinstance(result, Failed):
        return steps.throw(result.error)
    return steps.send(result)


async def aoutcome(io: Callable[[], Awaitable[T]]) -> T | Failed:
    """What ``await io()`` returned, or :class:`Failed` with what it raised."""
    try:
        return await io()
    except Exception as exc:
        return Failed(exc)


def run_steps(steps: Generator[S, Any, T], io: Callable[[S], object]) -> T:
    """Do each step of ``steps`` with ``io``, sending its result back in; their return value."""
    try:
        step = next(steps)
        while True:
            step = resume(steps, io(step))
    except StopIteration as stop:
        result: T = stop.value
    return result


async def arun_steps(steps: Generator[S, Any, T], io: Callable[[S], Awaitable[object]]) -> T:
    """:func:`run_steps` with async I/O."""
    try:
        step = next(steps)
        while True:
            step = resume(steps, await io(step))
    except StopIteration as stop:
        result: T = stop.value
    return result
