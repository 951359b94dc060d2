"""The base of every provider module: its operations, runtime and fault bodies."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from starlette.requests import Request
from starlette.responses import Response

from ._runtime import Runtime

__all__ = ["Handler", "Operation", "Provider"]

Handler = Callable[[Request], Awaitable[Response]]


@dataclass(frozen=True)
class Operation:
    """One endpoint: ``path`` is a Starlette template relative to the provider's prefix."""

    method: str
    path: str
    handler: Handler

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"


class Provider:
    """A provider's API. Subclasses set ``name`` and ``lifetimes`` and list ``operations``."""

    name: ClassVar[str]
    #: token kind -> documented lifetime in seconds
    lifetimes: ClassVar[dict[str, int]]

    def __init__(self) -> None:
        self.runtime = Runtime(self.name, self.lifetimes)

    def operations(self) -> list[Operation]:
        raise NotImplementedError

    def fault_body(self, status: int) -> dict[str, Any]:
        """The JSON body of a fault response with ``status`` (a generic shape by default)."""
        reason = {
            429: "Too Many Requests",
            500: "Internal Server Error",
            502: "Bad Gateway",
            503: "Service Unavailable",
            504: "Gateway Timeout",
        }.get(status, "Server Error")
        return {"error": reason, "message": "keyhouse sandbox fault"}

    def add_tenant(self, credentials: Mapping[str, str]) -> None:
        """Accept one more account (the fields keyhouse is configured with, e.g. a
        :func:`~keyhouse_sandbox._credentials.tenant_credentials`); its tokens name it."""
        raise NotImplementedError

    def reset_state(self) -> None:
        """Forget tokens, users' changes and business data (subclasses extend)."""
