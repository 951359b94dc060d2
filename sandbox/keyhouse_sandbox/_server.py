"""``Sandbox``: the app served by uvicorn in a background thread on a free loopback port."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import Any

import uvicorn
from starlette.types import ASGIApp

from ._app import build_app, install_log_filter
from ._counters import CounterSnapshot
from ._faults import Faults
from ._provider import Provider
from ._validate import DEFAULTS, ResponseValidator
from .providers import PROVIDERS, REGISTRY, load

__all__ = ["Sandbox"]

_GRACEFUL_SECONDS = 1  # open requests get this long to finish when the server stops


def _http_impl() -> str:
    try:
        import httptools  # noqa: F401
    except ImportError:
        return "h11"
    return "httptools"


class Sandbox:
    """All five provider APIs (plus ``oauth2``) on ``http://HOST:PORT/<provider>``.

    >>> with Sandbox() as sb:
    ...     url = sb.base_url("ovok")

    ``port=0`` picks a free port. ``admin=True`` enables the ``/_admin`` routes (faults,
    counters, lifetimes and reset over HTTP). Everything a test switches is thread-safe.
    ``specs`` is a folder of ``<provider>.json``/``.yaml`` documents to serve instead of the
    packaged specs (their operations, schemas and ``x-keyhouse`` lifetimes and answer fields);
    ``validate=True`` checks every response against the spec (see
    ``keyhouse_sandbox._validate``; the default is the pytest plugin's setting).
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        admin: bool = False,
        providers: Iterable[str] | None = None,
        specs: str | Path | None = None,
        validate: bool | None = None,
    ) -> None:
        names = list(REGISTRY) if providers is None else list(providers)
        unknown = [n for n in names if n not in REGISTRY]
        if unknown:
            raise ValueError(
                f"unknown providers: {', '.join(unknown)} (known: {', '.join(REGISTRY)})"
            )
        self.host = host
        self.admin = admin
        self._providers: dict[str, Provider] = {name: load(name)(specs) for name in names}
        self.app: ASGIApp = build_app(self._providers, admin=admin, host=host)
        if DEFAULTS["validate"] if validate is None else validate:
            served = {n: p.spec for n, p in self._providers.items() if p.spec is not None}
            self.app = ResponseValidator(self.app, served)
        self._requested_port = port
        self._port: int | None = None
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._sock: socket.socket | None = None

    # ------------------------------------------------------------------ lifecycle
    def _config(self) -> uvicorn.Config:
        return uvicorn.Config(
            self.app,
            host=self.host,
            port=self._requested_port,
            http=_http_impl(),
            loop="auto",
            lifespan="off",
            access_log=False,
            log_config=None,
            log_level="warning",
            server_header=False,
            date_header=True,
            backlog=4096,
            # A request held by a latency fault must not keep a stopped server alive.
            timeout_graceful_shutdown=_GRACEFUL_SECONDS,
        )

    def bind(self) -> socket.socket:
        """Bind the listening socket now (so that ``url`` is known before serving)."""
        if self._sock is None:
            # proto=IPPROTO_TCP matters: asyncio only sets TCP_NODELAY on accepted sockets whose
            # proto says TCP, and without it every response waits ~40 ms for a delayed ACK.
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            sock.bind((self.host, self._requested_port))
            sock.set_inheritable(True)
            self._port = int(sock.getsockname()[1])
            self._sock = sock
        return self._sock

    def start(self, timeout: float = 10.0) -> Sandbox:
        """Serve in a daemon thread; returns once the server accepts connections."""
        if self._thread is not None:
            return self
        install_log_filter()
        sock = self.bind()
        self._server = uvicorn.Server(self._config())
        self._thread = threading.Thread(
            target=self._server.run,
            kwargs={"sockets": [sock]},
            name="keyhouse-sandbox",
            daemon=True,
        )
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("keyhouse sandbox failed to start")
            time.sleep(0.005)
        return self

    def stop(self) -> None:
        """Stop serving (open connections are closed) and wait for the thread."""
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
        if self._sock is not None:
            self._sock.close()
        self._server = None
        self._thread = None
        self._sock = None

    def serve_forever(self) -> None:
        """Serve in the calling thread until interrupted (the command line uses this)."""
        install_log_filter()
        sock = self.bind()
        try:
            uvicorn.Server(self._config()).run(sockets=[sock])
        finally:
            sock.close()
            self._sock = None

    def __enter__(self) -> Sandbox:
        return self.start()

    def __exit__(
        self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    # ------------------------------------------------------------------ addresses
    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("the sandbox is not started")
        return self._port

    @property
    def url(self) -> str:
        """The server's root, ``http://127.0.0.1:PORT``."""
        return f"http://{self.host}:{self.port}"

    def base_url(self, provider: str) -> str:
        """Provider ``provider``'s base URL, ``http://127.0.0.1:PORT/<provider>``."""
        self.provider(provider)
        return f"{self.url}/{provider}"

    @property
    def providers(self) -> tuple[str, ...]:
        """The keyhouse providers served (``oauth2`` excluded)."""
        return tuple(p for p in PROVIDERS if p in self._providers)

    def provider(self, name: str) -> Provider:
        """The provider object itself, for state a test wants to reach (accounts, data)."""
        try:
            return self._providers[name]
        except KeyError:
            raise KeyError(f"the sandbox does not serve {name!r}") from None

    # ------------------------------------------------------------------ test controls
    def faults(self, provider: str) -> Faults:
        """The fault switches of ``provider`` (``sb.faults("ovok").fail_5xx(3)``)."""
        return self.provider(provider).runtime.faults

    def counters(self, provider: str) -> CounterSnapshot:
        """A snapshot of ``provider``'s counters (logins, refreshes, requests per endpoint)."""
        return self.provider(provider).runtime.counters.snapshot()

    def reset_counters(self, provider: str | None = None) -> None:
        for p in self._select(provider):
            p.runtime.counters.reset()

    def add_tenant(self, provider: str, **credentials: str) -> None:
        """Make ``provider`` accept one more account (e.g. ``**tenant_credentials(p, i)``)."""
        self.provider(provider).add_tenant(credentials)

    def set_lifetime(self, provider: str, **seconds: int | None) -> None:
        """Token lifetimes in seconds by kind (``access=2, refresh=5``); None restores."""
        self.provider(provider).runtime.set_lifetime(**seconds)

    def lifetimes(self, provider: str) -> dict[str, int]:
        return dict(self.provider(provider).runtime.lifetimes)

    def reset(self, provider: str | None = None, *, state: bool = False) -> None:
        """Faults off, counters zero, documented lifetimes; ``state=True`` also forgets data."""
        for p in self._select(provider):
            p.runtime.reset()
            if state:
                p.reset_state()

    def _select(self, provider: str | None) -> list[Provider]:
        return list(self._providers.values()) if provider is None else [self.provider(provider)]

    def __repr__(self) -> str:
        where = self.url if self._port is not None else "not started"
        return f"<Sandbox {where} providers={list(self._providers)}>"

    def describe(self) -> dict[str, Any]:
        """Base URLs and demo credentials, as the command line prints them."""
        from ._credentials import DEMO_CREDENTIALS

        return {
            name: {"base_url": self.base_url(name), "credentials": DEMO_CREDENTIALS.get(name, {})}
            for name in self._providers
        }
