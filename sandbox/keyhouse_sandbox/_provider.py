"""The base of every provider module: its operations, runtime and fault bodies."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from starlette.requests import Request
from starlette.responses import Response

from ._runtime import Runtime
from ._spec import Answer, Spec, load_spec

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
    """A provider's API. Subclasses set ``name`` and list ``operations``.

    Its token lifetimes are its spec's ``x-keyhouse.lifetimes`` (the ones keyhouse reads too);
    ``specs`` is a folder of specs to read instead of the packaged ones (``Sandbox(specs=...)``).
    """

    name: ClassVar[str]
    #: token kind -> seconds, only for a provider whose spec has no ``x-keyhouse.lifetimes``
    default_lifetimes: ClassVar[dict[str, int] | None] = None

    #: token kinds a bearer credential may be, for operations served from the spec
    bearer_kinds: ClassVar[tuple[str, ...]] = ("access",)

    def __init__(self, specs: str | Path | None = None) -> None:
        #: the provider's spec; operations it lists and ``operations`` lacks are served from it
        self.spec: Spec | None = load_spec(self.name, specs)
        lifetimes = self.spec.lifetimes() if self.spec is not None else None
        if lifetimes is None:
            lifetimes = self.default_lifetimes
        if lifetimes is None:
            raise ValueError(f"{self.name}: its spec has no x-keyhouse.lifetimes")
        self.runtime = Runtime(self.name, lifetimes)

    def answer(self, operation_id: str) -> Answer:
        """Where the spec's ``x-keyhouse`` step ``operation_id`` reads each token field."""
        if self.spec is None:
            raise LookupError(f"{self.name} has no spec")
        return self.spec.answer(operation_id)

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
