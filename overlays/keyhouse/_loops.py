"""One ``httpx.AsyncClient`` per event loop, closed when its loop shuts down.

An ``httpx.AsyncClient`` belongs to the loop it first ran on, so keyhouse keeps one per loop.
Keyed weakly by loop, the clients still leaked: a client's connections hold its loop, so
neither ever went away, and every ``asyncio.run()`` left a loop, a client and a socket behind.

Each client gets a watcher: an async generator started on its loop and parked at its first
``yield``. ``asyncio.run()`` (any loop that runs ``loop.shutdown_asyncgens()`` before
closing) closes every such generator, and the watcher's ``finally`` closes the client there,
on its own loop, and forgets it. The watcher is referenced from here, so garbage collection
cannot close the client early.
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


class LoopClients:
    """``get()``: the running loop's client, made by ``factory`` on first use."""

    def __init__(self, factory: Callable[[], httpx.AsyncClient]) -> None:
        self._factory = factory
        self._lock = threading.Lock()
        self._clients: weakref.WeakKeyDictionary[
            asyncio.AbstractEventLoop,
            tuple[httpx.AsyncClient, AsyncGenerator[None, None] | None],
        ] = weakref.WeakKeyDictionary()
        self._orphans: list[object] = []

    def get(self) -> httpx.AsyncClient:
        loop = asyncio.get_running_loop()
        entry = self._clients.get(loop)
        if entry is not None and not entry[0].is_closed:
            return entry[0]
        with self._lock:
            entry = self._clients.get(loop)
            if entry is not None and not entry[0].is_closed:
                return entry[0]
            client = self._factory()
            self._clients[loop] = (client, None)
        self._clients[loop] = (client, self._watch(loop, client))
        return client

    def __len__(self) -> int:
        return len(self._clients)

    def _watch(
        self, loop: asyncio.AbstractEventLoop, client: httpx.AsyncClient
    ) -> AsyncGenerator[None, None] | None:
        watcher = self._watcher(loop, client)
        step = watcher.__anext__()  # registers it with the loop's async-generator hooks
        try:
            step.send(None)  # runs to the first `yield`: nothing awaited, nothing scheduled
        except StopIteration:
            return watcher
        return None  # pragma: no cover - the watcher always parks at its first yield

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

    def pop(self) -> tuple[httpx.AsyncClient, AsyncGenerator[None, None] | None] | None:
        """Forget the running loop's client; the caller closes it (:meth:`aclose`)."""
        with self._lock:
            return self._clients.pop(asyncio.get_running_loop(), None)

    async def aclose(self) -> None:
        """Close the running loop's client now."""
        entry = self.pop()
        if entry is None:
            return
        client, watcher = entry
        if watcher is not None:
            await watcher.aclose()  # its finally closes the client
        await client.aclose()

    def clear(self) -> None:
        """Forget every client without closing it (a forked child: the parent owns them).

        The entries are kept (never collected), so no watcher is finalised on a loop that
        does not run in this process.
        """
        self._orphans = list(self._clients.values())
        self._clients = weakref.WeakKeyDictionary()
        self._lock = threading.Lock()
