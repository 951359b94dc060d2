"""The ASGI application: one prefix per provider, faults and counters around every endpoint."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.types import Receive, Scope, Send

from ._faults import SWITCHES, Fault
from ._from_spec import spec_operations
from ._http import json_response
from ._provider import Operation, Provider

__all__ = ["EXCHANGE", "DroppedConnection", "build_app"]

#: scope key of a dict the response validator (``_validate``) puts in; the endpoint writes the
#: operation it served (``"operation"``) and the fault it injected (``"fault"``) into it.
EXCHANGE = "keyhouse_sandbox.exchange"

_HTML = (
    "<html>\r\n<head><title>{status} {reason}</title></head>\r\n<body>\r\n"
    "<center><h1>{status} {reason}</h1></center>\r\n<hr><center>nginx</center>\r\n"
    "</body>\r\n</html>\r\n"
)
_REASONS = {
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
    429: "Too Many Requests",
}


class DroppedConnection(Exception):
    """Raised inside the server to abort a response half-way (the drop-connection fault)."""


class _DropFilter(logging.Filter):
    """Keep the server's error log quiet about connections the sandbox dropped on purpose."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        return not isinstance(exc, DroppedConnection)


_drop_filter = _DropFilter()


def install_log_filter() -> None:
    logger = logging.getLogger("uvicorn.error")
    if _drop_filter not in logger.filters:
        logger.addFilter(_drop_filter)


class _Endpoint:
    """ASGI app of one operation: count, apply faults, then call the handler."""

    def __init__(self, provider: Provider, operation: Operation) -> None:
        self._provider = provider
        self._runtime = provider.runtime
        self._handler = operation.handler
        self._key = operation.key
        self._template = operation.path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        runtime = self._runtime
        runtime.counters.request(self._key)
        exchange: dict[str, str] | None = scope.get(EXCHANGE)
        if exchange is not None:
            exchange["operation"] = self._key
        if runtime.faults.active:
            decision = runtime.faults.decide(self._key, self._template)
            if decision.delay:
                await asyncio.sleep(decision.delay)
            if decision.fault is not None:
                runtime.counters.fault()
                if exchange is not None:
                    exchange["fault"] = decision.fault.kind
                await self._fault(decision.fault, send, scope)
                return
        response = await self._handler(Request(scope, receive))
        await response(scope, receive, send)

    async def _fault(self, fault: Fault, send: Send, scope: Scope) -> None:
        if fault.kind == "drop":
            await send(
                {
                    "type": "http.response.start",
                    "status": 200,
                    "headers": [
                        (b"content-type", b"application/json"),
                        (b"content-length", b"4096"),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": b'{"access', "more_body": True})
            raise DroppedConnection
        if fault.kind == "trickle":
            size = fault.size
            await send(
                {
                    "type": "http.response.start",
                    "status": 200,
                    "headers": [
                        (b"content-type", b"application/json"),
                        (b"content-length", str(size).encode()),
                    ],
                }
            )
            for _ in range(size):
                await send({"type": "http.response.body", "body": b" ", "more_body": True})
                await asyncio.sleep(fault.seconds)
            await send({"type": "http.response.body", "body": b""})
            return
        if fault.kind == "redirect":
            location = (fault.location or "/").encode("latin-1", "replace")
            await _send(send, fault.status, b"", b"text/plain", [(b"location", location)])
            return
        if fault.kind == "echo":
            sent = dict(scope["headers"]).get(b"authorization", b"")
            await _send(send, fault.status, b"refused Authorization: " + sent, b"text/plain")
            return
        if fault.kind == "malformed_json":
            body = b'{"accessToken": "eyJhbGciOiJIUzI1NiJ9.eyJ0eXBlIjoi'
            await _send(send, fault.status, body, b"application/json")
        elif fault.kind == "wrong_shape":
            await _send(send, fault.status, b'["unexpected", "shape"]', b"application/json")
        elif fault.kind == "html_error":
            page = _HTML.format(status=fault.status, reason=_REASONS.get(fault.status, "Error"))
            await _send(send, fault.status, page.encode(), b"text/html")
        else:
            body = json.dumps(self._provider.fault_body(fault.status)).encode()
            extra = [(b"retry-after", fault.retry_after.encode())] if fault.retry_after else []
            await _send(send, fault.status, body, b"application/json", extra)


async def _send(
    send: Send,
    status: int,
    body: bytes,
    ctype: bytes,
    extra: list[tuple[bytes, bytes]] | None = None,
) -> None:
    headers = [
        (b"content-type", ctype),
        (b"content-length", str(len(body)).encode()),
        *(extra or []),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _provider_routes(name: str, provider: Provider) -> list[BaseRoute]:
    """Hand-written operations, then every other operation of the spec (served from it).

    Full paths rather than a ``Mount``: a mount's prefix pattern stops at a newline, so a path
    parameter holding one (as schemathesis sends) would miss its operation.
    """
    operations = provider.operations()
    operations += spec_operations(provider, operations)
    return [
        Route(
            f"/{name}{op.path}",
            _Endpoint(provider, op),
            methods=[op.method],
            include_in_schema=False,
        )
        for op in operations
    ]


_LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "[::1]", "::1"})


def _host_name(host: str) -> str:
    """The name part of a ``Host`` header (``[::1]:8765`` -> ``[::1]``)."""
    if host.startswith("["):
        return host.partition("]")[0] + "]"
    return host.rpartition(":")[0] if host.count(":") == 1 else host


def _admin_only(
    handler: Callable[[Request, dict[str, Any]], Awaitable[Response]], hosts: frozenset[str]
) -> Callable[[Request], Awaitable[Response]]:
    """Refuse what a web page could send: a ``Host`` that is not the sandbox's own name (DNS
    rebinding), a POST that is not ``application/json`` (a cross-origin "simple" request,
    CSRF); and answer a malformed or too deeply nested body with a 400, never a 500."""

    async def guarded(request: Request) -> Response:
        if _host_name(request.headers.get("host", "").strip().lower()) not in hosts:
            return json_response({"error": "admin routes answer only to the sandbox's host"}, 403)
        data: Any = {}
        if request.method == "POST":
            ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if ctype != "application/json":
                return json_response({"error": "admin routes take application/json"}, 415)
            raw = await request.body()
            try:
                data = json.loads(raw) if raw.strip() else {}
            except (ValueError, UnicodeDecodeError, RecursionError):
                return json_response({"error": "the body is not JSON"}, 400)
            if not isinstance(data, dict):
                return json_response({"error": "the body must be a JSON object"}, 400)
        return await handler(request, data)

    return guarded


def _admin_routes(providers: Mapping[str, Provider], host: str) -> list[BaseRoute]:
    """``/_admin``: switch faults, read counters, set lifetimes, add tenants, reset (test-only)."""
    hosts = _LOOPBACK_NAMES | {host.lower(), f"[{host.lower()}]"}

    def lookup(name: Any) -> Provider | None:
        return providers.get(name) if isinstance(name, str) else None

    async def faults(request: Request, data: dict[str, Any]) -> Response:
        provider = lookup(data.get("provider"))
        fault = data.get("fault")
        args = data.get("args", {})
        allowed = SWITCHES
        if provider is None or fault not in allowed or not isinstance(args, dict):
            return json_response({"error": "bad request", "allowed": sorted(allowed)}, 400)
        try:
            getattr(provider.runtime.faults, fault)(**args)
        except (TypeError, ValueError) as exc:
            return json_response({"error": str(exc)}, 400)
        return json_response({"pending": [vars(f) for f in provider.runtime.faults.pending]})

    async def counters(request: Request, data: dict[str, Any]) -> Response:
        provider = lookup(request.path_params["provider"])
        if provider is None:
            return json_response({"error": "unknown provider"}, 404)
        snap = provider.runtime.counters.snapshot()
        return json_response(
            {
                "logins": snap.logins,
                "refreshes": snap.refreshes,
                "total": snap.total,
                "faulted": snap.faulted,
                "requests": dict(snap.requests),
            }
        )

    async def lifetimes(request: Request, data: dict[str, Any]) -> Response:
        provider = lookup(data.pop("provider", None))
        if provider is None:
            return json_response({"error": "unknown provider"}, 400)
        try:
            provider.runtime.set_lifetime(**data)
        except (TypeError, ValueError) as exc:
            return json_response({"error": str(exc)}, 400)
        return json_response(provider.runtime.lifetimes)

    async def tenants(request: Request, data: dict[str, Any]) -> Response:
        """``{"provider": p, "tenants": [{field: value, ...}, ...]}``: accept those accounts."""
        provider = lookup(data.get("provider"))
        tenants = data.get("tenants")
        if (
            provider is None
            or not isinstance(tenants, list)
            or not all(
                isinstance(t, dict) and all(isinstance(v, str) for v in t.values()) for t in tenants
            )
        ):
            return json_response({"error": "bad request"}, 400)
        try:
            for tenant in tenants:
                provider.add_tenant(tenant)
        except (KeyError, NotImplementedError) as exc:
            return json_response({"error": f"missing or unsupported field {exc}"}, 400)
        return json_response({"added": len(tenants)})

    async def reset(request: Request, data: dict[str, Any]) -> Response:
        for provider in providers.values():
            provider.runtime.reset()
        return json_response({"reset": sorted(providers)})

    return [
        Route("/faults", _admin_only(faults, hosts), methods=["POST"]),
        Route("/counters/{provider}", _admin_only(counters, hosts), methods=["GET"]),
        Route("/lifetimes", _admin_only(lifetimes, hosts), methods=["POST"]),
        Route("/tenants", _admin_only(tenants, hosts), methods=["POST"]),
        Route("/reset", _admin_only(reset, hosts), methods=["POST"]),
    ]


def build_app(
    providers: Mapping[str, Provider], *, admin: bool = False, host: str = "127.0.0.1"
) -> Starlette:
    """The Starlette app serving every provider under ``/<name>`` (and ``/_admin`` if asked,
    answering only to ``host`` and the loopback names)."""
    routes: list[BaseRoute] = [
        route for name, provider in providers.items() for route in _provider_routes(name, provider)
    ]
    if admin:
        routes.append(Mount("/_admin", routes=_admin_routes(providers, host)))
    return Starlette(routes=routes)
