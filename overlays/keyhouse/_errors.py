"""The exceptions keyhouse raises; nothing else escapes from keyhouse code.

::

    KeyhouseError
    ├── ConfigurationError          settings missing or malformed (lists every problem at once)
    │   └── ProviderNotInstalledError  configured, but its generated package is not installed
    └── ProviderError               a provider call failed (provider, status, request_id, body,
        │                           response)
        ├── BadRequestError         400
        ├── AuthenticationError     401; a token request answered 401/403; a second 401 after
        │   │                       re-authenticating
        │   └── PasswordExpiredError   bfore.ai login 403 "password expired" (password_expired_at)
        ├── PermissionDeniedError   403 from a business call
        ├── NotFoundError           404
        ├── ConflictError           409
        ├── UnprocessableEntityError   422
        ├── RateLimitedError        429 after retries (retry_after: seconds or None)
        ├── ServerError             a 5xx other than 502/503/504
        ├── UnexpectedStatusError   any other status that is not a success
        ├── ProviderUnavailableError   502/503/504 after retries; a token or sign-out request's
        │   │                          5xx, or one that got no answer
        │   └── ProviderConnectionError   a business call got no answer (connecting or sending)
        │       └── ProviderTimeoutError  no answer in time
        └── ProtocolError           the response does not match the spec: bad JSON, an HTML
                                    page, missing fields, wrong types, an undocumented status
                                    of a token request

The status classes carry the names of the tree every generated package defines in its
``errors`` module (codegen/templates/errors.py.jinja): a resource method of ``kh.<provider>``
raises these classes (:func:`status_error` is the hook the generated code calls), a provider
package used without keyhouse raises its own classes of the same names.

Messages never contain secrets: body snippets are passed through
:func:`keyhouse._redact.redact` (before they are cut, with room for a secret straddling the
cut) and truncated before they become part of a message.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ._redact import redact

if TYPE_CHECKING:
    import httpx

__all__ = [
    "AuthenticationError",
    "BadRequestError",
    "ConfigurationError",
    "ConflictError",
    "KeyhouseError",
    "NotFoundError",
    "PasswordExpiredError",
    "PermissionDeniedError",
    "ProtocolError",
    "ProviderConnectionError",
    "ProviderError",
    "ProviderNotInstalledError",
    "ProviderTimeoutError",
    "ProviderUnavailableError",
    "RateLimitedError",
    "ServerError",
    "UnexpectedStatusError",
    "UnprocessableEntityError",
    "snippet",
    "status_error",
]

_SNIPPET_CHARS = 200
_SECRET_MARGIN = 65_536  # longer than any secret a snippet must not show part of
_WORD = re.compile(r"\S+")


def snippet(body: bytes | str | None, limit: int = _SNIPPET_CHARS) -> str:
    """A short, redacted, printable excerpt of a response body for an error message."""
    if not body:
        return ""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    # Collapse whitespace first, word by word, and stop _SECRET_MARGIN characters past what
    # can be shown (room for a secret straddling the cut): the work is bounded by the output,
    # not by the body, however much whitespace separates its words. Redaction then sees the
    # collapsed text; a secret holding a whitespace run is also registered collapsed
    # (keyhouse._redact.encoded_forms).
    words: list[str] = []
    size = 0
    for match in _WORD.finditer(text):
        word = match.group()
        words.append(word)
        size += len(word) + 1
        if size > limit + _SECRET_MARGIN:
            break
    text = redact(" ".join(words))
    if len(text) > limit:
        text = text[:limit] + "…"
    return text


class KeyhouseError(Exception):
    """Base class of every keyhouse exception."""


class ConfigurationError(KeyhouseError):
    """Settings are missing or malformed; ``problems`` lists every one of them."""

    def __init__(self, problems: list[str] | str) -> None:
        self.problems: list[str] = [problems] if isinstance(problems, str) else list(problems)
        if len(self.problems) == 1:
            message = redact(self.problems[0])
        else:
            lines = "\n".join(f"  - {redact(p)}" for p in self.problems)
            message = f"{len(self.problems)} configuration problems:\n{lines}"
        super().__init__(message)


class ProviderNotInstalledError(ConfigurationError):
    """A provider is configured but its generated client package is not installed."""


class ProviderError(KeyhouseError):
    """A call to a provider failed.

    ``body`` is the provider's error body parsed as JSON (or as the documented error model,
    when the caller has one), else ``None``; it is data for programs and may hold anything
    the provider sent, so it is never part of ``str(error)``. ``response`` is the HTTP
    response when a resource method raised the error (not kept across pickling).
    """

    provider: str
    """The provider's name."""
    status: int | None
    """The HTTP status, or ``None`` when no answer came."""
    request_id: str | None
    """The provider's request id header, when it sent one."""
    body: Any
    """The parsed error body: the documented error model, else JSON, else ``None``."""
    response: httpx.Response | None
    """The HTTP response, when there is one at hand."""
    message: str
    """The redacted message, without the provider and status."""

    def __init__(
        self,
        message: str,
        *,
        provider: str,
        status: int | None = None,
        request_id: str | None = None,
        body: Any = None,
        response: httpx.Response | None = None,
    ) -> None:
        self.provider = provider
        self.status = status
        self.request_id = request_id
        self.body = body
        self.response = response
        self.message = redact(message)
        super().__init__(self._render())

    def _render(self) -> str:
        parts = [f"{self.provider}: {self.message}"]
        details = []
        if self.status is not None:
            details.append(f"HTTP {self.status}")
        if self.request_id:
            details.append(f"request id {redact(self.request_id)}")
        if details:
            parts.append(f"({', '.join(details)})")
        return " ".join(parts)

    def __reduce__(self) -> tuple[Any, ...]:
        # Keep keyword-only attributes across pickling (multiprocessing, concurrent.futures).
        state = self.__dict__.copy()
        state["response"] = None  # sockets and streams do not travel
        return (_rebuild, (type(self), state))


def _rebuild(cls: type[ProviderError], state: dict[str, Any]) -> ProviderError:
    error = cls.__new__(cls)
    error.__dict__.update(state)
    Exception.__init__(error, error._render())
    return error


class BadRequestError(ProviderError):
    """400: the provider rejected the request as malformed."""


class PermissionDeniedError(ProviderError):
    """403: the credentials may not do this."""


class NotFoundError(ProviderError):
    """404: no such resource."""


class ConflictError(ProviderError):
    """409: the request conflicts with the resource's state."""


class UnprocessableEntityError(ProviderError):
    """422: the request is well-formed but its values were rejected."""


class ServerError(ProviderError):
    """500 and above: the provider failed."""


class UnexpectedStatusError(ProviderError):
    """A status that is neither a success nor one with its own class (e.g. a 3xx or 418)."""


class AuthenticationError(ProviderError):
    """The provider rejected the credentials (or the token, twice in a row)."""


class PasswordExpiredError(AuthenticationError):
    """The account's password has expired (bfore.ai answers 403 on login)."""

    def __init__(
        self,
        message: str,
        *,
        provider: str,
        status: int | None = None,
        request_id: str | None = None,
        body: Any = None,
        response: httpx.Response | None = None,
        password_expired_at: str | None = None,
    ) -> None:
        self.password_expired_at = password_expired_at
        super().__init__(
            message,
            provider=provider,
            status=status,
            request_id=request_id,
            body=body,
            response=response,
        )


class RateLimitedError(ProviderError):
    """The provider answered 429 and retrying did not help; ``retry_after`` is in seconds."""

    def __init__(
        self,
        message: str,
        *,
        provider: str,
        status: int | None = 429,
        request_id: str | None = None,
        body: Any = None,
        response: httpx.Response | None = None,
        retry_after: float | None = None,
    ) -> None:
        self.retry_after = retry_after
        super().__init__(
            message,
            provider=provider,
            status=status,
            request_id=request_id,
            body=body,
            response=response,
        )


class ProviderUnavailableError(ProviderError):
    """The provider could not be reached or answered 502/503/504 after retries."""


class ProviderConnectionError(ProviderUnavailableError):
    """Connecting to the provider or exchanging the request failed."""


class ProviderTimeoutError(ProviderConnectionError):
    """The request took longer than its timeout."""


class ProtocolError(ProviderError):
    """The response does not match the spec (bad JSON, HTML page, missing or mistyped fields)."""


_STATUS_CLASSES: dict[str, type[ProviderError]] = {
    cls.__name__: cls
    for cls in (
        BadRequestError,
        AuthenticationError,
        PermissionDeniedError,
        NotFoundError,
        ConflictError,
        UnprocessableEntityError,
        RateLimitedError,
        ServerError,
        UnexpectedStatusError,
    )
}


def status_error(
    provider: str, name: str, response: httpx.Response, body: Any, request_id: str | None
) -> ProviderError:
    """keyhouse's error for an answer a resource method does not accept.

    ``name`` is the class the generated package chose by status (its ``errors.error_class``);
    the class of that name here is raised instead.
    """
    cls = _STATUS_CLASSES.get(name, UnexpectedStatusError)
    request = response.request
    reason = f": {response.reason_phrase}" if response.reason_phrase else ""
    return cls(
        f"{request.method} {request.url.path} failed{reason}",
        provider=provider,
        status=response.status_code,
        request_id=request_id,
        body=body,
        response=response,
    )
