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

This module is also keyhouse's one error mapper: every non-success outcome of a token or
sign-out request (status, body, transport failure, a strategy choking on a response) and every
answer a resource method does not accept becomes one of these errors here.

Messages never contain secrets: body snippets are passed through
:func:`keyhouse._redact.redact` (before they are cut, with room for a secret straddling the
cut) and truncated before they become part of a message.
"""

from __future__ import annotations

import json
import re
from typing import Any, TypedDict, TypeVar, Unpack, cast, overload

import httpx

from ._redact import redact
from ._retry import parse_retry_after

T = TypeVar("T")

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


class ErrorDetails(TypedDict, total=False):
    """What a :class:`ProviderError` may carry besides its message and provider."""

    status: int | None
    request_id: str | None
    body: Any
    response: httpx.Response | None


class _PasswordDetails(ErrorDetails, total=False):
    """:class:`PasswordExpiredError`'s details."""

    password_expired_at: str | None


class _RateDetails(ErrorDetails, total=False):
    """:class:`RateLimitedError`'s details."""

    retry_after: float | None


class ProviderError(KeyhouseError):
    """A call to a provider failed.

    ``body`` is the provider's error body parsed as JSON (or as the documented error model,
    when the caller has one), else ``None``; it is data for programs and may hold anything
    the provider sent, so it is never part of ``str(error)``. ``response`` is the HTTP
    response when a resource method raised the error (not kept across pickling).
    """

    provider: str
    """The provider's name."""
    status: int | None = None
    """The HTTP status, or ``None`` when no answer came."""
    request_id: str | None = None
    """The provider's request id header, when it sent one."""
    body: Any = None
    """The parsed error body: the documented error model, else JSON, else ``None``."""
    response: httpx.Response | None = None
    """The HTTP response, when there is one at hand."""
    message: str
    """The redacted message, without the provider and status."""

    def __init__(self, message: str, *, provider: str, **details: Unpack[ErrorDetails]) -> None:
        self.provider = provider
        fields = {"status": self.status, "request_id": None, "body": None, "response": None}
        self.__dict__.update({**fields, **details})
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

    password_expired_at: str | None = None
    """When the password expired, as the provider wrote it, if it said."""

    def __init__(self, message: str, *, provider: str, **details: Unpack[_PasswordDetails]) -> None:
        super().__init__(message, provider=provider, **cast("ErrorDetails", details))


class RateLimitedError(ProviderError):
    """The provider answered 429 and retrying did not help; ``retry_after`` is in seconds."""

    status: int | None = 429
    retry_after: float | None = None
    """Seconds the provider asked to wait (``Retry-After``), if it said."""

    def __init__(self, message: str, *, provider: str, **details: Unpack[_RateDetails]) -> None:
        super().__init__(message, provider=provider, **cast("ErrorDetails", details))


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


def malformed_response(provider: str, response: httpx.Response, reason: str) -> ProtocolError:
    """A resource method's answer whose body does not match the spec (missing fields, wrong
    types, bad JSON): the generated ``_build_response`` asks for it."""
    request = response.request
    return ProtocolError(
        f"{request.method} {request.url.path}: the response does not match the spec ({reason})",
        provider=provider,
        status=response.status_code,
        request_id=request_id(response),
    )


# --- business requests (the auth flow and the transports of kh.<provider>) ---------------------


def unsendable(provider: str) -> ProtocolError:
    """A token or key that cannot be written into an HTTP header (not ASCII)."""
    return ProtocolError(
        "the credential contains characters that cannot be sent in an HTTP header (not ASCII)",
        provider=provider,
    )


def transport_error(
    provider: str, request: httpx.Request, exc: httpx.TransportError
) -> ProviderConnectionError:
    """A business request that got no answer: ProviderTimeoutError for a timeout."""
    cls = (
        ProviderTimeoutError if isinstance(exc, httpx.TimeoutException) else ProviderConnectionError
    )
    return cls(
        f"{request.method} {request.url.path} failed: {type(exc).__name__}", provider=provider
    )


def answered_with(
    provider: str, request: httpx.Request, response: httpx.Response, problem: str
) -> ProviderError:
    """``request`` answered with ``problem`` (an HTML page, an undecodable body): a
    ProtocolError, or ProviderUnavailableError for a 5xx."""
    status = response.status_code
    error_type = ProviderUnavailableError if status >= 500 else ProtocolError
    return error_type(
        f"{request.method} {request.url.path} answered with {problem}",
        provider=provider,
        status=status,
        request_id=request_id(response),
    )


def undecodable(provider: str, request: httpx.Request, response: httpx.Response) -> ProviderError:
    """A body that does not match its ``Content-Encoding``."""
    problem = "a body that does not match its Content-Encoding"
    return answered_with(provider, request, response, problem)


def final_status_error(
    provider: str, response: httpx.Response
) -> RateLimitedError | ProviderUnavailableError:
    """A business request's 429 (RateLimitedError) or 502/503/504 after retries."""
    status = response.status_code
    request = response.request
    common: ErrorDetails = {
        "status": status,
        "request_id": request_id(response),
        "body": error_body(response),
    }
    if status == 429:
        retry_after = parse_retry_after(response.headers.get("retry-after"))
        return RateLimitedError(
            f"rate limited on {request.method} {request.url.path}",
            retry_after=retry_after,
            provider=provider,
            **common,
        )
    return ProviderUnavailableError(
        f"{request.method} {request.url.path} answered {status}", provider=provider, **common
    )


def rejected_token(provider: str, response: httpx.Response) -> AuthenticationError:
    """A second 401, with a token issued a moment ago."""
    return AuthenticationError(
        "the provider rejected a freshly issued token",
        provider=provider,
        status=401,
        request_id=request_id(response),
        body=error_body(response),
    )


# --- token and sign-out requests -----------------------------------------------------------------


def where(request: httpx.Request | None, provider: str) -> str:
    """``POST https://host/path`` of ``request`` (no query), for error messages; and, when the
    URL is the provider's documented default host, that it is (so a user who forgot
    ``KEYHOUSE_<PROVIDER>_BASE_URL`` sees which host keyhouse went to and why)."""
    from ._registry import REGISTRY  # only when an error is being worded

    if request is None:
        return ""
    url = request.url
    text = f"{request.method} {url.scheme}://{url.netloc.decode('ascii', 'replace')}{url.path}"
    entry = REGISTRY.get(provider)
    default = entry.default_base_url if entry is not None else None
    if entry is not None and isinstance(default, str) and str(url).startswith(default + "/"):
        text += (
            f"; {default} is the documented default, used when {entry.env_prefix}BASE_URL is unset"
        )
    return text


def _what(what: str, response: httpx.Response, provider: str) -> str:
    """``what`` followed by where it was sent: ``token request (POST https://…/login)``."""
    try:
        request: httpx.Request | None = response.request
    except RuntimeError:  # a response built without a request
        request = None
    place = where(request, provider)
    return f"{what} ({place})" if place else what


_REQUEST_ID_HEADERS = ("x-request-id", "x-correlation-id", "request-id", "x-amzn-requestid")


def request_id(response: httpx.Response) -> str | None:
    """The provider's request id from the usual headers, if any (truncated)."""
    for name in _REQUEST_ID_HEADERS:
        value = response.headers.get(name)
        if value:
            return str(value)[:128]
    return None


def _read(response: httpx.Response) -> bytes:
    try:
        return response.content
    except httpx.ResponseNotRead:
        return response.read()


def _content_or_none(response: httpx.Response) -> bytes | None:
    """The body if it can be had, else ``None`` (never raises).

    A read that failed (a body not matching its ``Content-Encoding``, a dropped connection)
    leaves the stream consumed without content: reading again would raise
    ``httpx.StreamConsumed``. An async stream cannot be read here at all.
    """
    try:
        return _read(response)
    except (httpx.HTTPError, httpx.StreamError, RuntimeError):
        return None


def error_body(response: httpx.Response) -> Any:
    """The response body parsed as JSON, or ``None``: the ``body`` of a ProviderError."""
    content = _content_or_none(response)
    try:
        return json.loads(content) if content else None
    except (ValueError, RecursionError):
        return None


def _looks_like_html(response: httpx.Response, content: bytes) -> bool:
    if "html" in response.headers.get("content-type", "").lower():
        return True
    return content[:64].lstrip().lower().startswith((b"<!doctype", b"<html"))


def raise_for_status(
    response: httpx.Response, provider: str, *, what: str = "token request"
) -> httpx.Response:
    """Map an error status to a keyhouse error; return ``response`` when it is 2xx.

    401/403 -> AuthenticationError; 429 -> RateLimitedError (Retry-After); 5xx ->
    ProviderUnavailableError; an HTML page or other 4xx/3xx -> ProtocolError (the spec
    documents no such answer for a token request). Strategies with special cases (bfore.ai's
    403 "password expired") check those first.
    """
    status = response.status_code
    if 200 <= status < 300:
        return response
    what = _what(what, response, provider)
    body = error_body(response)
    content = _content_or_none(response)
    detail = f": {snippet(content)}" if content and body is None else ""
    common: ErrorDetails = {"status": status, "request_id": request_id(response), "body": body}
    if status == 429:
        retry_after = parse_retry_after(response.headers.get("retry-after"))
        raise RateLimitedError(
            f"{what} rate limited", provider=provider, retry_after=retry_after, **common
        )
    error: type[ProviderError] = ProtocolError
    if status in (401, 403):
        error, problem = AuthenticationError, "rejected the credentials"
    elif status >= 500:
        error, problem = ProviderUnavailableError, "failed on the provider's side"
    elif body is None and content and _looks_like_html(response, content):
        problem = f"answered with an HTML page{detail}"
    else:
        problem = f"answered with an unexpected status{detail}"
    raise error(f"{what} {problem}", provider=provider, **common)


def expect_json(response: httpx.Response, provider: str, *, what: str = "token request") -> Any:
    """The JSON body of ``response``; ProtocolError for empty, HTML or malformed bodies."""
    what = _what(what, response, provider)
    common: ErrorDetails = {"status": response.status_code, "request_id": request_id(response)}
    try:
        content = _read(response)
    except (httpx.DecodingError, httpx.StreamError):
        problem = "a body that cannot be decoded"
    except httpx.HTTPError as exc:
        raise ProviderUnavailableError(
            f"{what}: reading the response failed ({type(exc).__name__})",
            provider=provider,
            **common,
        ) from None
    else:
        if not content.strip():
            problem = "an empty body"
        elif _looks_like_html(response, content):
            problem = f"an HTML page: {snippet(content)}"
        else:
            try:
                return json.loads(content)
            except (ValueError, RecursionError):
                problem = f"malformed JSON: {snippet(content)}"
    raise ProtocolError(f"{what} answered with {problem}", provider=provider, **common)


_MISSING = object()


@overload
def require(body: Any, path: str, kind: type[T], *, provider: str) -> T: ...
@overload
def require(body: Any, path: str, kind: tuple[type, ...], *, provider: str) -> Any: ...
def require(body: Any, path: str, kind: type[T] | tuple[type, ...], *, provider: str) -> Any:
    """``body["a"]["b"]`` for ``path="a.b"``, checked against ``kind``; ProtocolError if not.

    Booleans are not accepted where ``int``/``float`` is asked for, and empty strings are
    not accepted for ``str``.
    """
    value = body
    for part in path.split("."):
        value = value.get(part, _MISSING) if isinstance(value, dict) else _MISSING
        if value is _MISSING:
            raise ProtocolError(f"response is missing field {path!r}", provider=provider)
    kinds = kind if isinstance(kind, tuple) else (kind,)
    ok = isinstance(value, kinds) and not (isinstance(value, bool) and bool not in kinds)
    if not ok or (isinstance(value, str) and not value):
        names = " or ".join(k.__name__ for k in kinds)
        raise ProtocolError(
            f"response field {path!r} should be {names}, got {type(value).__name__}",
            provider=provider,
        )
    return value


def flow_error(exc: BaseException, provider: str) -> KeyhouseError:
    """What a token or sign-out flow failing with ``exc`` raises: a KeyhouseError as it is; a
    transport error -> ProviderUnavailableError; anything else -> ProtocolError."""
    if isinstance(exc, KeyhouseError):
        return exc
    request = None
    if isinstance(exc, httpx.RequestError):
        try:
            request = exc.request
        except RuntimeError:  # raised without a request
            request = None
    place = where(request, provider)
    what = f"token request ({place})" if place else "token request"
    if isinstance(exc, httpx.TransportError):
        return ProviderUnavailableError(
            f"{what} could not reach the provider ({type(exc).__name__})", provider=provider
        )
    if isinstance(exc, httpx.HTTPError):
        return ProtocolError(f"{what} failed ({type(exc).__name__})", provider=provider)
    # A strategy choked on an unexpected response shape: report the shape, not the data.
    return ProtocolError(
        f"unexpected token response ({type(exc).__name__} in strategy)", provider=provider
    )
