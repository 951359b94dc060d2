"""The base of every provider module: its operations, runtime and fault bodies."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from starlette.requests import Request
from starlette.responses import Response

from ._runtime import Runtime
from ._spec import Spec, load_spec

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

    #: token kinds a bearer credential may be, for operations served from the spec
    bearer_kinds: ClassVar[tuple[str, ...]] = ("access",)

    def __init__(self) -> None:
        self.runtime = Runtime(self.name, self.lifetimes)
        #: the provider's spec; operations it lists and ``operations`` lacks are served from it
        self.spec: Spec | None = load_spec(self.name)

    def operations(self) -> list[Operation]:
        """The hand-written operations (stateful ones: logins, rotation, revocation, data)."""
        raise NotImplementedError

    def credential_ok(self, scheme: str, definition: Mapping[str, Any], value: str) -> bool:
        """Whether ``value`` is a valid credential for security scheme ``scheme`` right now.

        Bearer schemes accept this provider's unexpired, unrevoked tokens of ``bearer_kinds``;
        providers with API-key schemes override this for them.
        """
        if definition.get("type") in ("http", "oauth2", "openIdConnect"):
            return self.runtime.tokens.check(value, self.bearer_kinds) is not None
        return False

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
