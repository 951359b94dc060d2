"""The errors the IMIASSIST API client raises, by HTTP status.

::

    ProviderError                    provider, status, request_id, body, response
    ├── BadRequestError              400
    ├── AuthenticationError          401
    ├── PermissionDeniedError        403
    ├── NotFoundError                404
    ├── ConflictError                409
    ├── UnprocessableEntityError     422
    ├── RateLimitedError             429
    ├── ServerError                  500 and above
    ├── UnexpectedStatusError        any other status that is not a success
    ├── ProviderUnavailableError     the request did not get an answer
    │   └── ProviderConnectionError  connecting or sending failed
    │       └── ProviderTimeoutError the request took longer than its timeout
    └── ProtocolError                the answer does not match the spec
        └── MalformedResponse        (a body the documented model cannot parse)

``body`` is the error model the spec documents for that status, parsed; else the body as JSON;
else ``None``. It is data for programs and never part of ``str(error)``, which names only the
request and the status (a body may carry credentials).

A client object may replace these classes: the resource methods ask its ``status_error(name,
response, body)`` and ``malformed_response(response, reason)`` methods first (keyhouse answers
with its own classes of the same names).
"""

from typing import Any

import httpx

from .client import AuthenticatedClient, Client

PROVIDER = "imiassist"
"""The provider name errors carry."""

_REQUEST_ID_HEADERS = (
    "x-request-id",
    "x-correlation-id",
    "request-id",
    "x-amzn-requestid",
)


class ProviderError(Exception):
    """A call to the provider failed."""

    provider: str
    """The provider's name ("imiassist")."""
    status: int | None
    """The HTTP status, or ``None`` when no answer came."""
    request_id: str | None
    """The provider's request id header, when it sent one."""
    body: Any
    """The parsed error body: the documented error model, else JSON, else ``None``."""
    response: httpx.Response | None
    """The HTTP response, when there is one."""

    def __init__(
        self,
        message: str,
        *,
        provider: str = PROVIDER,
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
        details = ", ".join(
            part
            for part in (
                f"HTTP {status}" if status is not None else "",
                f"request id {request_id}" if request_id else "",
            )
            if part
        )
        super().__init__(
            f"{provider}: {message}" + (f" ({details})" if details else "")
        )


class BadRequestError(ProviderError):
    """400: the provider rejected the request as malformed."""


class AuthenticationError(ProviderError):
    """401: the credentials or the token were rejected."""


class PermissionDeniedError(ProviderError):
    """403: the credentials may not do this."""


class NotFoundError(ProviderError):
    """404: no such resource."""


class ConflictError(ProviderError):
    """409: the request conflicts with the resource's state."""


class UnprocessableEntityError(ProviderError):
    """422: the request is well-formed but its values were rejected."""


class RateLimitedError(ProviderError):
    """429: too many requests."""


class ServerError(ProviderError):
    """500 and above: the provider failed."""


class UnexpectedStatusError(ProviderError):
    """A status that is neither a success nor one of the statuses above (e.g. a 3xx or 418)."""


class ProviderUnavailableError(ProviderError):
    """The request got no answer."""


class ProviderConnectionError(ProviderUnavailableError):
    """Connecting to the provider or exchanging the request failed."""


class ProviderTimeoutError(ProviderConnectionError):
    """The request took longer than its timeout."""


class ProtocolError(ProviderError):
    """The answer does not match the spec."""


class MalformedResponse(ProtocolError):
    """A body that does not match the spec (bad JSON, missing fields, wrong types)."""

    status_code: int
    """The HTTP status of the answer."""
    reason: str
    """What did not parse (the exception type; never the body)."""

    def __init__(self, status_code: int, reason: str) -> None:
        self.status_code = status_code
        self.reason = reason
        super().__init__(f"Malformed response body: {reason}", status=status_code)


#: What the module functions (``sync``, ``sync_detailed``, ...) raise for an undocumented status
#: when ``Client.raise_on_unexpected_status`` is True: the typed error of that status (through
#: the client's ``status_error`` hook, so keyhouse's class through keyhouse), never the raw body
#: in a message. The generator's name, kept for code that catches it.
UnexpectedStatus = UnexpectedStatusError


STATUS_ERRORS: dict[int, type[ProviderError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitedError,
}
"""The error class of each status with its own class (500 and above: ``ServerError``)."""


def error_class(status: int) -> type[ProviderError]:
    """The class of the error a non-success ``status`` raises."""
    found = STATUS_ERRORS.get(status)
    if found is not None:
        return found
    return ServerError if status >= 500 else UnexpectedStatusError


def request_id(response: httpx.Response) -> str | None:
    """The provider's request id from the usual headers, if any (truncated)."""
    for name in _REQUEST_ID_HEADERS:
        value = response.headers.get(name)
        if value:
            return str(value)[:128]
    return None


def _refused(response: httpx.Response) -> str:
    request = response.request
    reason = f": {response.reason_phrase}" if response.reason_phrase else ""
    return f"{request.method} {request.url.path} failed{reason}"


def status_error(client: object, response: httpx.Response, body: Any) -> Exception:
    """The error to raise for an answer that is not a documented success."""
    cls = error_class(response.status_code)
    hook = getattr(client, "status_error", None)
    if callable(hook):
        custom = hook(cls.__name__, response, body)
        if isinstance(custom, Exception):
            return custom
    return cls(
        _refused(response),
        status=response.status_code,
        request_id=request_id(response),
        body=body,
        response=response,
    )


def malformed_response(
    client: object, response: httpx.Response, error: Exception
) -> Exception:
    """The exception to raise for a body that does not match the spec.

    Only the exception type is named, never the body: it may carry credentials."""
    reason = f"{type(error).__name__} while parsing the documented {response.status_code} body"
    hook = getattr(client, "malformed_response", None)
    if callable(hook):
        custom = hook(response, reason)
        if isinstance(custom, Exception):
            return custom
    return MalformedResponse(response.status_code, reason)


def _timeout(timeout: float | httpx.Timeout | None) -> Any:
    return httpx.USE_CLIENT_DEFAULT if timeout is None else timeout


def _transport_error(
    kwargs: dict[str, Any], exc: httpx.TransportError
) -> ProviderUnavailableError:
    cls = (
        ProviderTimeoutError
        if isinstance(exc, httpx.TimeoutException)
        else ProviderConnectionError
    )
    return cls(
        f"{str(kwargs['method']).upper()} {kwargs['url']} failed: {type(exc).__name__}"
    )


def send(
    client: AuthenticatedClient | Client,
    kwargs: dict[str, Any],
    timeout: float | httpx.Timeout | None,
) -> httpx.Response:
    """Send one request; ``timeout`` (seconds) applies to this call only (``None``: the client's)."""
    try:
        return client.get_httpx_client().request(**kwargs, timeout=_timeout(timeout))
    except httpx.TransportError as exc:
        raise _transport_error(kwargs, exc) from exc


async def asend(
    client: AuthenticatedClient | Client,
    kwargs: dict[str, Any],
    timeout: float | httpx.Timeout | None,
) -> httpx.Response:
    """:func:`send` on the client's async httpx client."""
    try:
        return await client.get_async_httpx_client().request(
            **kwargs, timeout=_timeout(timeout)
        )
    except httpx.TransportError as exc:
        raise _transport_error(kwargs, exc) from exc


__all__ = [
    "STATUS_ERRORS",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "MalformedResponse",
    "NotFoundError",
    "PermissionDeniedError",
    "ProtocolError",
    "ProviderConnectionError",
    "ProviderError",
    "ProviderTimeoutError",
    "ProviderUnavailableError",
    "RateLimitedError",
    "ServerError",
    "UnexpectedStatus",
    "UnexpectedStatusError",
    "UnprocessableEntityError",
    "asend",
    "error_class",
    "malformed_response",
    "request_id",
    "send",
    "status_error",
]
