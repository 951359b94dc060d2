"""``Keyhouse``: one object handing out always-authenticated generated clients.

``kh.ovok`` is the generated resource client ``keyhouse_ovok.Ovok`` (``kh.ovok.sessions.
list_sessions()``) built on a generated ``keyhouse_ovok.AuthenticatedClient``
(``kh.ovok.client``, for the generated module functions) whose httpx clients carry
:class:`~keyhouse._auth.KeyhouseAuth` (token lifecycle) over a retrying transport, so every
call — and raw ``get_httpx_client()`` calls — are authenticated. Errors are keyhouse's
(:mod:`keyhouse._errors`): the generated code asks the client's ``status_error`` and
``malformed_response`` hooks for them. Provider packages are imported on first use, never at
``import keyhouse``.

How the generated client is wired: it is built with a placeholder token that is never sent.
Its class is a tiny per-binding subclass whose ``get_httpx_client`` /
``get_async_httpx_client`` return keyhouse's clients (a sync one, and one async client per
event loop, recreated if a ``with`` block closed them, closed when their loop shuts down), so
the generated code never builds its own client with the placeholder in an ``Authorization``
header; the auth flow picks the credential for every request and the credential transport
writes its headers per hop, only on hops to the provider's origin (see
:mod:`keyhouse._transport`).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar, cast, overload

import httpx

from ._auth import KeyhouseAuth
from ._cache import TokenCache, cache_from_url
from ._errors import (
    ConfigurationError,
    KeyhouseError,
    ProtocolError,
    ProviderError,
    malformed_response,
    request_id,
    status_error,
)
from ._events import Hook, attach, default_hooks, detach
from ._fork import reset_in_child
from ._lifecycle import TokenManager, token_clients
from ._loops import LoopClients
from ._redact import logger
from ._registry import REGISTRY, ProviderEntry, entry
from ._settings import ProviderSettings, Settings
from ._transport import (
    AsyncCredentialTransport,
    CredentialTransport,
)

if TYPE_CHECKING:
    import keyhouse_bforeai
    import keyhouse_cardioexplorer
    import keyhouse_imiassist
    import keyhouse_nuxera
    import keyhouse_ovok

__all__ = ["Keyhouse", "ProviderName", "provider_name"]

ProviderName = Literal["cardioexplorer", "bforeai", "imiassist", "ovok", "nuxera"]
"""The provider names the type checker accepts (tests/overlay/test_resources.py checks that
they are the registry's)."""


def provider_name(name: str) -> ProviderName:
    """``name`` as a :data:`ProviderName` (for names read at run time, e.g. from a command
    line); ConfigurationError listing the known ones otherwise."""
    entry(name)
    return cast("ProviderName", name)


_PLACEHOLDER = "keyhouse-placeholder-never-sent"
C = TypeVar("C")


class _Binding:
    """One configured provider: strategy, token manager, auth, httpx clients, generated client."""

    def __init__(
        self,
        entry: ProviderEntry,
        settings: ProviderSettings,
        global_settings: Settings,
        cache: TokenCache,
        transport: httpx.BaseTransport | None,
        async_transport: httpx.AsyncBaseTransport | None,
        hooks: tuple[Hook, ...] | None = None,
    ) -> None:
        self.entry = entry
        self.settings: ProviderSettings = settings
        self.base_url = settings.base_url
        self._global = global_settings
        self._transport = transport
        self._async_transport = async_transport
        self.strategy = entry.build_strategy(settings)
        retry, timeout = global_settings.retry, global_settings.timeout
        sync_factory, async_factory = token_clients(retry, timeout, transport, async_transport)
        self.manager = TokenManager(
            self.strategy,
            cache,
            client_factory=sync_factory,
            async_client_factory=async_factory,
            leeway=global_settings.leeway,
            timeout=timeout,
            hooks=hooks,
        )
        self.auth = KeyhouseAuth(self.manager, origin=settings.base_url, apply_in_transport=True)
        self._lock = threading.RLock()
        self._sync: httpx.Client | None = None
        self._async = LoopClients(self._new_async_client)  # closed with their loops
        self._client: Any = None
        self._resources: Any = None
        self._retry = retry
        reset_in_child(self)

    def _after_fork_in_child(self) -> None:
        """A forked child must not send on the parent's pooled connections (the two processes'
        bytes would interleave on one socket): new clients, dropped (not closed) old ones."""
        self._lock = threading.RLock()
        self._sync = None
        self._async.clear()
        generated = self._client
        if generated is not None:
            generated._client = None  # its get_httpx_client() takes a new sync_client()

    # --- httpx clients ---------------------------------------------------------------------

    def _api(self, transport: Any) -> dict[str, Any]:
        """A business client's options: ``transport`` (credential and error mapping over the
        retrying one), this binding's auth and base URL, no redirects."""
        return {
            "transport": transport,
            "timeout": self._global.timeout,
            "base_url": self.base_url,
            "auth": self.auth,
            "follow_redirects": False,
        }

    def sync_client(self) -> httpx.Client:
        client = self._sync
        if client is None or client.is_closed:
            with self._lock:
                client = self._sync
                if client is None or client.is_closed:
                    base = self._transport or httpx.HTTPTransport()
                    events = self.manager.events
                    api = CredentialTransport(base, self.entry.name, self._retry, events=events)
                    client = self._sync = httpx.Client(**self._api(api))
        return client

    def async_client(self) -> httpx.AsyncClient:
        return self._async.get()

    def _new_async_client(self) -> httpx.AsyncClient:
        base = self._async_transport or httpx.AsyncHTTPTransport()
        events = self.manager.events
        api = AsyncCredentialTransport(base, self.entry.name, self._retry, events=events)
        return httpx.AsyncClient(**self._api(api))

    # --- the generated client --------------------------------------------------------------

    def generated(self) -> Any:
        client = self._client
        if client is not None:
            return client
        with self._lock:
            if self._client is None:
                package = self.entry.import_package()
                base: type[Any] = package.AuthenticatedClient
                binding = self

                def get_httpx_client(self: Any) -> httpx.Client:
                    # Honour set_httpx_client(); replace a client a `with` block closed.
                    client: httpx.Client | None = self._client
                    if client is None or client.is_closed:
                        client = self._client = binding.sync_client()
                    return client

                def get_async_httpx_client(self: Any) -> httpx.AsyncClient:
                    return binding.async_client()

                def malformed(self: Any, response: httpx.Response, reason: str) -> ProtocolError:
                    # Called by the generated _build_response (codegen/templates).
                    return malformed_response(binding.entry.name, response, reason)

                def status_error_hook(
                    self: Any, name: str, response: httpx.Response, body: Any
                ) -> ProviderError:
                    # Called by the generated resource methods for a non-success answer.
                    return status_error(
                        binding.entry.name, name, response, body, request_id(response)
                    )

                cls = type(
                    base.__name__,
                    (base,),
                    {
                        "get_httpx_client": get_httpx_client,
                        "get_async_httpx_client": get_async_httpx_client,
                        "malformed_response": malformed,
                        "status_error": status_error_hook,
                        "__module__": __name__,
                        "__qualname__": f"{self.entry.name}.{base.__name__}",
                    },
                )
                instance = cls(base_url=self.base_url, token=_PLACEHOLDER)
                instance.set_httpx_client(self.sync_client())
                self._client = instance
            return self._client

    def resources(self) -> Any:
        """The generated resource client (``keyhouse_<name>.<Name>``) on :meth:`generated`."""
        resources = self._resources
        if resources is None:
            client = self.generated()
            with self._lock:
                if self._resources is None:
                    package = self.entry.import_package()
                    self._resources = getattr(package, self.entry.client_class)(client=client)
                resources = self._resources
        return resources

    # --- closing -----------------------------------------------------------------------------

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
def _sign_out(binding: _Binding) -> Iterator[None]:
    """A failed sign-out on close is logged, not raised (the token is forgotten anyway)."""
    try:
        yield
    except KeyhouseError as exc:
        name = binding.entry.name
        logger.warning("%s: sign-out on close failed (%s); the token was forgotten", name, exc)


class _Client(Generic[C]):
    """``kh.<provider>``: that provider's generated resource client (:meth:`Keyhouse.client`)."""

    def __set_name__(self, owner: type[Keyhouse], name: str) -> None:
        self.name: ProviderName = cast("ProviderName", name)

    @overload
    def __get__(self, instance: None, owner: type[Keyhouse]) -> _Client[C]: ...
    @overload
    def __get__(self, instance: Keyhouse, owner: type[Keyhouse]) -> C: ...
    def __get__(self, instance: Keyhouse | None, owner: type[Keyhouse]) -> C | _Client[C]:
        return self if instance is None else cast("C", instance.client(self.name))


class Keyhouse:
    """Typed, always-authenticated clients for every configured provider.

    >>> kh = Keyhouse.from_env()                      # doctest: +SKIP
    >>> kh.ovok.sessions.list_sessions()              # doctest: +SKIP

    ``transport`` / ``async_transport`` replace the network transports (tests, proxies);
    ``cache`` overrides ``settings.cache``; ``hooks`` receive the token machinery's events
    (:class:`~keyhouse.events.TokenObtained`, ...) after the default hooks and ``settings.hooks``.
    """

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        cache: TokenCache | None = None,
        transport: httpx.BaseTransport | None = None,
        async_transport: httpx.AsyncBaseTransport | None = None,
        hooks: Iterable[Hook] = (),
    ) -> None:
        self.settings: Settings = settings if settings is not None else Settings()
        extra = tuple(hooks)
        if not all(callable(hook) for hook in extra):
            raise ConfigurationError("Keyhouse: every hook must be callable with an event")
        self.hooks: tuple[Hook, ...] = (*default_hooks(), *self.settings.hooks, *extra)
        """Every hook this Keyhouse reports events to: the defaults, then the settings', then
        the ones given here."""
        self.cache: TokenCache = cache if cache is not None else cache_from_url(self.settings.cache)
        attach(self.cache, self.hooks)  # the cache's fallbacks reach these hooks too
        self._owns_cache = cache is None  # a cache passed in may be shared: its owner closes it
        self._transport = transport
        self._async_transport = async_transport
        self._bindings: dict[str, _Binding] = {}
        self._lock = threading.Lock()
        self._closed = False

    @classmethod
    def from_env(
        cls,
        environ: Mapping[str, str] | None = None,
        *,
        cache: TokenCache | None = None,
        transport: httpx.BaseTransport | None = None,
        async_transport: httpx.AsyncBaseTransport | None = None,
        hooks: Iterable[Hook] = (),
    ) -> Keyhouse:
        """Settings from ``KEYHOUSE_*`` variables (``os.environ`` by default)."""
        return cls(
            Settings.from_env(environ),
            cache=cache,
            transport=transport,
            async_transport=async_transport,
            hooks=hooks,
        )

    # --- providers ---------------------------------------------------------------------------

    @property
    def configured(self) -> tuple[ProviderName, ...]:
        """Names of the configured providers, in registry order (discovered ones last)."""
        known = [name for name in REGISTRY if name in self.settings.providers]
        extra = sorted(set(self.settings.providers) - set(known))
        return tuple(provider_name(n) for n in (*known, *extra))

    def _binding(self, name: str) -> _Binding:
        binding = self._bindings.get(name)
        if binding is not None:
            return binding
        provider = entry(name)
        settings = self.settings.providers.get(name)
        if settings is None:
            names = ", ".join(
                f"{provider.env_prefix}{f.name}" for f in provider.fields if f.required
            )
            raise ConfigurationError(
                f"{provider.title} is not configured"
                + (f": set {names}" if names else f": set {provider.env_prefix}* variables")
            )
        with self._lock:
            binding = self._bindings.get(name)
            if binding is None:
                binding = _Binding(
                    provider,
                    settings,
                    self.settings,
                    self.cache,
                    self._transport,
                    self._async_transport,
                    self.hooks,
                )
                self._bindings[name] = binding
        return binding

    def manager(self, name: ProviderName) -> TokenManager:
        """The token manager of ``name`` (counters: ``.logins``, ``.refreshes``)."""
        return self._binding(name).manager

    @overload
    def client(self, name: Literal["cardioexplorer"]) -> keyhouse_cardioexplorer.Cardioexplorer: ...
    @overload
    def client(self, name: Literal["bforeai"]) -> keyhouse_bforeai.Bforeai: ...
    @overload
    def client(self, name: Literal["imiassist"]) -> keyhouse_imiassist.Imiassist: ...
    @overload
    def client(self, name: Literal["ovok"]) -> keyhouse_ovok.Ovok: ...
    @overload
    def client(self, name: Literal["nuxera"]) -> keyhouse_nuxera.Nuxera: ...
    def client(self, name: ProviderName) -> Any:
        """The generated resource client of ``name`` (``kh.client("ovok")`` is ``kh.ovok``).

        Its ``.client`` is the generated ``AuthenticatedClient`` the module functions take.
        """
        return self._binding(name).resources()

    cardioexplorer: _Client[keyhouse_cardioexplorer.Cardioexplorer] = _Client()
    """CardioExplorer: ``keyhouse_cardioexplorer.Cardioexplorer``, authenticated."""
    bforeai: _Client[keyhouse_bforeai.Bforeai] = _Client()
    """bfore.ai PreCrime: ``keyhouse_bforeai.Bforeai``, authenticated."""
    imiassist: _Client[keyhouse_imiassist.Imiassist] = _Client()
    """IMIASSIST: ``keyhouse_imiassist.Imiassist``, authenticated."""
    ovok: _Client[keyhouse_ovok.Ovok] = _Client()
    """Ovok: ``keyhouse_ovok.Ovok``, authenticated."""
    nuxera: _Client[keyhouse_nuxera.Nuxera] = _Client()
    """Nuxera AI: ``keyhouse_nuxera.Nuxera``, authenticated."""

    # --- tokens ------------------------------------------------------------------------------

    def token(self, name: ProviderName) -> str:
        """A fresh token of ``name`` (logs in or refreshes when needed)."""
        return self._binding(name).manager.get_sync().token

    async def atoken(self, name: ProviderName) -> str:
        """:meth:`token` without blocking the event loop."""
        credential = await self._binding(name).manager.get_async()
        return credential.token

    def invalidate(self, name: ProviderName) -> None:
        """Forget ``name``'s current token (here and in a shared cache)."""
        self._binding(name).manager.invalidate()

    def revoke(self, name: ProviderName) -> None:
        """Sign out of ``name``: its documented logout / session revocation where it has one
        (bfore.ai, Ovok), and the token forgotten in memory and in the shared cache, so no
        process serves it again; the next call logs in. No token: nothing is sent.

        Raises the :class:`~keyhouse.KeyhouseError` of a failed revocation (the token is
        forgotten all the same).
        """
        self._binding(name).manager.revoke()

    async def arevoke(self, name: ProviderName) -> None:
        """:meth:`revoke` without blocking the event loop."""
        await self._binding(name).manager.arevoke()

    # --- closing -----------------------------------------------------------------------------

    def close(self) -> None:
        """Close every httpx client and the cache it created (async clients: :meth:`aclose`).

        With ``Settings.revoke_on_close``, first sign out of every provider used
        (:meth:`revoke`); a failed revocation is logged as a warning, not raised.
        """
        for binding in self._closing():
            if self.settings.revoke_on_close:
                with _sign_out(binding):
                    binding.manager.revoke()
            binding.close()

    async def aclose(self) -> None:
        """Close every client, the current event loop's async clients included (and sign out
        first with ``Settings.revoke_on_close``, as :meth:`close`)."""
        for binding in self._closing():
            if self.settings.revoke_on_close:
                with _sign_out(binding):
                    await binding.manager.arevoke()
            await binding.aclose()

    def _closing(self) -> Iterator[_Binding]:
        """The bindings to close; then the cache is let go (closed if this Keyhouse made it)."""
        with self._lock:
            bindings = list(self._bindings.values())
        yield from bindings
        detach(self.cache, self.hooks)
        if self._owns_cache:
            self.cache.close()

    def __enter__(self) -> Keyhouse:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    async def __aenter__(self) -> Keyhouse:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        return f"Keyhouse(providers={list(self.configured)}, cache={self.cache!r})"
