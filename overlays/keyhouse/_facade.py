"""``Keyhouse``: one object handing out always-authenticated generated clients.

``kh.ovok`` is the generated ``keyhouse_ovok.Ovok`` over a per-binding subclass of the generated
``AuthenticatedClient`` (``kh.ovok.client``). That client is built with a placeholder token that
is never sent: its ``get_httpx_client`` / ``get_async_httpx_client`` return keyhouse's clients
(a sync one, and one async client per event loop), whose auth flow picks the credential for
every request and whose credential transport writes it only on hops to the provider's origin
(:mod:`keyhouse._transport`); its ``status_error`` / ``malformed_response`` hooks raise
keyhouse's errors. Provider packages are imported on first use, never at ``import keyhouse``.
"""

from __future__ import annotations

import contextlib
import functools
import threading
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar, cast, overload

import httpx

from ._auth import KeyhouseAuth
from ._cache import TokenCache, cache_from_url
from ._errors import ConfigurationError, KeyhouseError, malformed_response, status_error
from ._events import Hook, attach, default_hooks, detach
from ._fork import reset_in_child
from ._lifecycle import TokenManager, token_clients
from ._loops import LoopClients
from ._redact import logger
from ._registry import REGISTRY, ProviderEntry, entry
from ._settings import ProviderSettings, Settings
from ._transport import AsyncCredentialTransport, CredentialTransport

if TYPE_CHECKING:
    import keyhouse_bforeai
    import keyhouse_cardioexplorer
    import keyhouse_imiassist
    import keyhouse_nuxera
    import keyhouse_ovok

__all__ = ["Keyhouse", "ProviderName", "provider_name"]

ProviderName = Literal["cardioexplorer", "bforeai", "imiassist", "ovok", "nuxera"]
"""The provider names the type checker accepts (tests keep them equal to the registry's)."""


def provider_name(name: str) -> ProviderName:
    """``name`` as a :data:`ProviderName` (for names read at run time, e.g. from a command
    line); ConfigurationError listing the known ones otherwise."""
    entry(name)
    return cast("ProviderName", name)


_PLACEHOLDER = "keyhouse-placeholder-never-sent"
C = TypeVar("C")


class _Binding:
    """One configured provider: token manager, auth, httpx clients, generated clients."""

    def __init__(self, kh: Keyhouse, entry: ProviderEntry, settings: ProviderSettings) -> None:
        self.entry, self.base_url, options = entry, settings.base_url, kh.settings
        self._transport, self._async_transport = kh._transport, kh._async_transport
        self._retry = options.retry
        sync_factory, async_factory = token_clients(
            options.retry, options.timeout, kh._transport, kh._async_transport
        )
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
                api = CredentialTransport(base, self.entry.name, self._retry, events=events)
                self._sync = httpx.Client(transport=api, **self._options)
            return self._sync

    def _new_async_client(self) -> httpx.AsyncClient:
        base = self._async_transport or httpx.AsyncHTTPTransport()
        events = self.manager.events
        api = AsyncCredentialTransport(base, self.entry.name, self._retry, events=events)
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
        self.cache: TokenCache = cache if cache is not None else cache_from_url(self.settings.cache)
        attach(self.cache, self.hooks)  # the cache's fallbacks reach these hooks too
        self._owns_cache = cache is None  # a cache passed in may be shared: its owner closes it
        self._transport = transport
        self._async_transport = async_transport
        self._bindings: dict[str, _Binding] = {}
        self._lock = threading.Lock()

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
        settings = Settings.from_env(environ)
        return cls(
            settings, cache=cache, transport=transport, async_transport=async_transport, hooks=hooks
        )

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
            names = ", ".join(provider.env_prefix + f.name for f in provider.fields if f.required)
            wanted = names or f"{provider.env_prefix}* variables"
            raise ConfigurationError(f"{provider.title} is not configured: set {wanted}")
        with self._lock:
            if name not in self._bindings:
                self._bindings[name] = _Binding(self, provider, settings)
            return self._bindings[name]

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
        """The generated resource client of ``name`` (``kh.client("ovok")`` is ``kh.ovok``);
        its ``.client`` is the generated ``AuthenticatedClient`` the module functions take."""
        return self._binding(name).resources()

    cardioexplorer: _Client[keyhouse_cardioexplorer.Cardioexplorer] = _Client()
    bforeai: _Client[keyhouse_bforeai.Bforeai] = _Client()
    imiassist: _Client[keyhouse_imiassist.Imiassist] = _Client()
    ovok: _Client[keyhouse_ovok.Ovok] = _Client()
    nuxera: _Client[keyhouse_nuxera.Nuxera] = _Client()

    def token(self, name: ProviderName) -> str:
        """A fresh token of ``name`` (logs in or refreshes when needed)."""
        return self._binding(name).manager.get_sync().token

    async def atoken(self, name: ProviderName) -> str:
        """:meth:`token` without blocking the event loop."""
        return (await self._binding(name).manager.get_async()).token

    def invalidate(self, name: ProviderName) -> None:
        """Forget ``name``'s current token (here and in a shared cache)."""
        self._binding(name).manager.invalidate()

    def revoke(self, name: ProviderName) -> None:
        """Sign out of ``name``: its documented logout / session revocation where it has one
        (bfore.ai, Ovok), and the token forgotten in every cache tier, so the next call logs
        in. No token: nothing is sent. A failed revocation raises (the token is forgotten)."""
        self._binding(name).manager.revoke()

    async def arevoke(self, name: ProviderName) -> None:
        """:meth:`revoke` without blocking the event loop."""
        await self._binding(name).manager.arevoke()

    def close(self) -> None:
        """Close every httpx client and the cache it created (async clients: :meth:`aclose`);
        with ``Settings.revoke_on_close`` sign out first (a failure is logged as a warning)."""
        for binding in self._closing():
            if self.settings.revoke_on_close:
                with _sign_out(binding):
                    binding.manager.revoke()
            binding.close()

    async def aclose(self) -> None:
        """:meth:`close`, the current event loop's async clients included."""
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
