"""One configured provider's machinery: token manager, auth, httpx clients, generated client.

:class:`~keyhouse.Keyhouse` builds a :class:`Binding` per provider on first use, so ``import
keyhouse`` does not import the token machinery (manager, caches, events, transports).

The generated client (``kh.ovok.client``) is a per-binding subclass of the generated
``AuthenticatedClient`` built with a placeholder token that is never sent: its
``get_httpx_client`` / ``get_async_httpx_client`` return keyhouse's clients (a sync one, one
async client per event loop), whose auth flow picks the credential for every request and whose
credential transport writes it only on hops to the provider's origin
(:mod:`keyhouse._transport`); its ``status_error`` / ``malformed_response`` hooks raise
keyhouse's errors.
"""

from __future__ import annotations

import contextlib
import functools
import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import httpx

from ._auth import KeyhouseAuth
from ._errors import KeyhouseError, malformed_response, status_error
from ._fork import reset_in_child
from ._lifecycle import TokenManager, token_clients
from ._loops import LoopClients
from ._redact import logger
from ._transport import AsyncCredentialTransport, CredentialTransport

if TYPE_CHECKING:
    from ._facade import Keyhouse
    from ._registry import ProviderEntry
    from ._settings import ProviderSettings

__all__ = ["Binding", "sign_out"]

_PLACEHOLDER = "keyhouse-placeholder-never-sent"


class Binding:
    """One configured provider: token manager, auth, httpx clients, generated clients."""

    def __init__(self, kh: Keyhouse, entry: ProviderEntry, settings: ProviderSettings) -> None:
        self.entry, self.base_url, options = entry, settings.base_url, kh.settings
        self._transport, self._async_transport = kh._transport, kh._async_transport
        self._retry = options.retry
        sync_factory, async_factory = token_clients(
            options.retry, options.timeout, kh._transport, kh._async_transport
        )
        entry.import_package()  # the token requests are built by it: a missing one is named
        self.manager = TokenManager(
            entry.build_strategy(settings),
            kh.cache,
            client_factory=sync_factory,
            async_client_factory=async_factory,
            leeway=options.leeway,
            timeout=options.timeout,
            hooks=kh.hooks,
        )
        self.auth = KeyhouseAuth(self.manager, origin=settings.base_url, apply_in_transport=True)
        # a business client's options besides its transport (credentials and error mapping
        # over the retrying one): this binding's auth and base URL, no redirects
        self._options: dict[str, Any] = {"timeout": options.timeout, "base_url": self.base_url}
        self._options.update(auth=self.auth, follow_redirects=False)
        self._lock = threading.RLock()
        self._sync: httpx.Client | None = None
        self._async = LoopClients(self._new_async_client)  # closed with their loops
        self._client: Any = None
        self._resources: Any = None
        reset_in_child(self)

    def _after_fork_in_child(self) -> None:
        # The parent's pooled connections must not be shared (bytes would interleave on one
        # socket): new clients; the old ones are dropped, not closed.
        self._lock = threading.RLock()
        self._sync = None
        self._async.clear()
        if self._client is not None:
            self._client._client = None  # its get_httpx_client() takes a new sync_client()

    def sync_client(self) -> httpx.Client:
        with self._lock:
            if self._sync is None or self._sync.is_closed:
                base = self._transport or httpx.HTTPTransport()
                events = self.manager.events
                api = CredentialTransport(
                    base, self._retry, provider=self.entry.name, events=events
                )
                self._sync = httpx.Client(transport=api, **self._options)
            return self._sync

    def _new_async_client(self) -> httpx.AsyncClient:
        base = self._async_transport or httpx.AsyncHTTPTransport()
        events = self.manager.events
        api = AsyncCredentialTransport(base, self._retry, provider=self.entry.name, events=events)
        return httpx.AsyncClient(transport=api, **self._options)

    def resources(self) -> Any:
        """The generated resource client (``keyhouse_<name>.<Name>``), built on first use."""
        if self._resources is None:
            with self._lock:
                if self._resources is None:
                    package = self.entry.import_package()
                    self._client = self._generated(package.AuthenticatedClient)
                    resources = getattr(package, self.entry.name.capitalize())
                    self._resources = resources(client=self._client)
        return self._resources

    def _generated(self, base: type[Any]) -> Any:
        binding, name = self, self.entry.name

        def get_httpx_client(self: Any) -> httpx.Client:
            # Honour set_httpx_client(); replace a client a `with` block closed.
            client: httpx.Client | None = self._client
            if client is None or client.is_closed:
                client = self._client = binding.sync_client()
            return client

        cls = type(
            base.__name__,
            (base,),
            {
                "get_httpx_client": get_httpx_client,
                "get_async_httpx_client": staticmethod(self._async.get),
                "malformed_response": staticmethod(functools.partial(malformed_response, name)),
                "status_error": staticmethod(functools.partial(status_error, name)),
                "__module__": __name__,
                "__qualname__": f"{name}.{base.__name__}",
            },
        )
        return cls(base_url=self.base_url, token=_PLACEHOLDER).set_httpx_client(self.sync_client())

    def close(self) -> None:
        with self._lock:
            client, self._sync = self._sync, None
        if client is not None:
            client.close()
        self.manager.close()

    async def aclose(self) -> None:
        self.close()
        await self._async.aclose()
        await self.manager.aclose()

    def __repr__(self) -> str:
        return f"<{self.entry.name} binding {self.base_url}>"


@contextlib.contextmanager
def sign_out(binding: Binding) -> Iterator[None]:
    """A failed sign-out on close is logged, not raised (the token is forgotten anyway)."""
    try:
        yield
    except KeyhouseError as exc:
        name = binding.entry.name
        logger.warning("%s: sign-out on close failed (%s); the token was forgotten", name, exc)
