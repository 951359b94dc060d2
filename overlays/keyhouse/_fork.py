"""Per-process state reset in a forked child: ``fork()`` copies every thread's data but only the
forking thread, so a lock another thread held, or a token request it was leading, would stay
"in progress" in the child forever. Registered objects get ``_after_fork_in_child()`` called
in the child before it runs any other code."""

from __future__ import annotations

import contextlib
import os
import weakref
from typing import Protocol


class ForkAware(Protocol):
    def _after_fork_in_child(self) -> None: ...


_objects: weakref.WeakSet[ForkAware] = weakref.WeakSet()


def reset_in_child(obj: ForkAware) -> None:
    """Call ``obj._after_fork_in_child()`` in every child forked while ``obj`` lives."""
    _objects.add(obj)


def _after_fork() -> None:
    for obj in list(_objects):
        with contextlib.suppress(Exception):  # a child must start whatever one object does
            obj._after_fork_in_child()


if hasattr(os, "register_at_fork"):  # not on Windows
    os.register_at_fork(after_in_child=_after_fork)
