"""``Keyhouse``: one object handing out always-authenticated generated clients.

``kh.ovok`` is the generated ``keyhouse_ovok.Ovok`` over keyhouse's clients (see
:mod:`keyhouse._binding`). The token machinery and the provider packages are imported on first
use, never at ``import keyhouse``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar, cast, overload

from ._errors import ConfigurationError
from ._registry import REGISTRY, entry
from ._settings import Settings

if TYPE_CHECKING:
    import httpx
    import keyhouse_bforeai
    import keyhouse_cardioexplorer
    import keyhouse_imiassist
    import keyhouse_nuxera
    import keyhouse_ovok

    from ._binding import Binding
    from ._cache import TokenCache
    from ._events import Hook
    from ._lifecycle import TokenManager

__all__ = ["Keyhouse", "ProviderName", "provider_name"]

ProviderName = Literal["cardioexplorer", "bforeai", "imiassist", "ovok", "nuxera"]
"""The provider names the type checker accepts (tests keep them equal to the registry's)."""


def provider_name(name: str) -> ProviderName:
    """``name`` as a :data:`ProviderName` (for names read at run time, e.g. from a command
    line); ConfigurationError listing the known ones otherwise."""
    entry(name)
    return cast("ProviderName", name)


C = TypeVar("C")


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
        from ._cache import cache_from_url  # the token machinery: on first use, not at import
        from ._events import attach, default_hooks

        self.hooks: tuple[Hook, ...] = (*default_hooks(), *self.settings.hooks, *extra)
        self.cache: TokenCache = cache if cache is not None else cache_from_url(self.settings.cache)
        attach(self.cache, self.hooks)  # the cache's fallbacks reach these hooks too
        self._owns_cache = cache is None  # a cache passed in may be shared: its owner closes it
        self._transport = transport
        self._async_transport = async_transport
        self._bindings: dict[str, Binding] = {}
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

    def _binding(self, name: str) -> Binding:
        binding = self._bindings.get(name)
        if binding is not None:
            return binding
        provider = entry(name)
        settings = self.settings.providers.get(name)
        if settings is None:
            names = ", ".join(provider.env_prefix + f.name for f in provider.fields if f.required)
            wanted = names or f"{provider.env_prefix}* variables"
            raise ConfigurationError(f"{provider.title} is not configured: set {wanted}")
        from ._binding import Binding

        with self._lock:
            if name not in self._bindings:
                self._bindings[name] = Binding(self, provider, settings)
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
        from ._binding import sign_out

        for binding in self._closing():
            if self.settings.revoke_on_close:
                with sign_out(binding):
                    binding.manager.revoke()
            binding.close()

    async def aclose(self) -> None:
        """:meth:`close`, the current event loop's async clients included."""
        from ._binding import sign_out

        for binding in self._closing():
            if self.settings.revoke_on_close:
                with sign_out(binding):
                    await binding.manager.arevoke()
            await binding.aclose()

    def _closing(self) -> Iterator[Binding]:
        """The bindings to close; then the cache is let go (closed if this Keyhouse made it)."""
        from ._events import detach

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
