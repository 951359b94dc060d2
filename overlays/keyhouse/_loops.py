"""One ``httpx.AsyncClient`` per event loop, closed when its loop shuts down.

A client belongs to the loop it first ran on, and its connections hold that loop, so a weak
mapping alone leaked both on every ``asyncio.run()``. Each client gets a watcher: an async
generator parked at its first ``yield``, which ``loop.shutdown_asyncgens()`` closes, and
whose ``finally`` closes the client on its own loop.
"""

from __future__ import annotations

import contextlib
import threading
import weakref
from collections.abc import AsyncGenerator, Callable
from typing import TYPE_CHECKING

import httpx

from ._lazy import lazy_module

if TYPE_CHECKING:
    import asyncio
else:
    asyncio = lazy_module("asyncio", globals())  # imported on first use (import keyhouse)

__all__ = ["LoopClients"]

_Entry = tuple[httpx.AsyncClient, AsyncGenerator[None, None]]


class LoopClients:
    """``get()``: the running loop's client, made by ``factory`` on first use."""

    def __init__(self, factory: Callable[[], httpx.AsyncClient]) -> None:
        self._factory = factory
        self._lock = threading.Lock()
        self._clients: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Entry] = (
            weakref.WeakKeyDictionary()
        )
        self._orphans: list[_Entry] = []

    def get(self) -> httpx.AsyncClient:
        loop = asyncio.get_running_loop()
        entry = self._clients.get(loop)
        if entry is None or entry[0].is_closed:
            with self._lock:
                entry = self._clients.get(loop)
                if entry is None or entry[0].is_closed:
                    client = self._factory()
                    watcher = self._watcher(loop, client)  # referenced here: never collected
                    with contextlib.suppress(StopIteration):  # registers it with the loop and
                        watcher.__anext__().send(None)  # runs it to `yield`, awaiting nothing
                    entry = self._clients[loop] = (client, watcher)
        return entry[0]

    async def _watcher(
        self, loop: asyncio.AbstractEventLoop, client: httpx.AsyncClient
    ) -> AsyncGenerator[None, None]:
        try:
            yield
        finally:
            with self._lock:
                entry = self._clients.get(loop)
                if entry is not None and entry[0] is client:
                    del self._clients[loop]
            with contextlib.suppress(Exception):  # closing must not fail the loop's shutdown
                await client.aclose()

    async def aclose(self) -> None:
        """Close the running loop's client now."""
        with self._lock:
            entry = self._clients.pop(asyncio.get_running_loop(), None)
        if entry is not None:
            await entry[1].aclose()  # its finally closes the client
            await entry[0].aclose()

    def clear(self) -> None:
        """Forget every client unclosed (a forked child: the parent owns them); the entries
        are kept, so no watcher is finalised on a loop that does not run here."""
        self._orphans = list(self._clients.values())
        self._clients = weakref.WeakKeyDictionary()
        self._lock = threading.Lock()
