"""The exceptions keyhouse raises, and its one error mapper: every non-success outcome of a
token, sign-out or resource request becomes one of these here. Nothing else escapes.

::

    KeyhouseError
    ├── ConfigurationError          settings missing or malformed (every problem at once)
    │   └── ProviderNotInstalledError  configured, but its generated package is not installed
    └── ProviderError               provider, status, request_id, body, response
        ├── BadRequestError         400
        ├── AuthenticationError     401; a token request's 401/403 or documented refusal; a
        │   │                       second 401 after login
        │   └── PasswordExpiredError   bfore.ai login 403 "password expired"
        ├── PermissionDeniedError   403 from a business call
        ├── NotFoundError           404
        ├── ConflictError           409
        ├── UnprocessableEntityError   422
        ├── RateLimitedError        429 after retries (retry_after: seconds or None)
        ├── ServerError             a 5xx other than 502/503/504
        ├── UnexpectedStatusError   any other status that is not a success
        ├── ProviderUnavailableError   502/503/504 after retries; a token request's 5xx or silence
        │   └── ProviderConnectionError   a business call got no answer
        │       └── ProviderTimeoutError  no answer in time
        └── ProtocolError           the response does not match the spec (bad JSON, HTML, shape)

The status classes have the names of the tree every generated package's ``errors`` module
defines (codegen/templates/errors.py.jinja); through keyhouse its code asks
:func:`status_error` for these instead. Messages are redacted before they are cut.
"""

from __future__ import annotations

import json
import re
from typing import Any, TypedDict, Unpack, cast

import httpx

from ._redact import redact
from ._retry import parse_retry_after

_SNIPPET_CHARS = 200
_SECRET_MARGIN = 65_536  # longer than any secret a snippet must not show part of
_WORD = re.compile(r"\S+")


def snippet(body: bytes | str | None, limit: int = _SNIPPET_CHARS) -> str:
    """A short, redacted, printable excerpt of a response body for an error message."""
    if not body:
        return ""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    # Collapse whitespace word by word and stop _SECRET_MARGIN past what can be shown (room for
    # a secret straddling the cut): work bounded by the output, not the body. A secret holding
    # a whitespace run is registered collapsed too (keyhouse._redact.encoded_forms).
    words: list[str] = []
    size = 0
    for match in _WORD.finditer(text):
        words.append(match.group())
        size += len(words[-1]) + 1
        if size > limit + _SECRET_MARGIN:
            break
    text = redact(" ".join(words))
    return text[:limit] + "…" if len(text) > limit else text


class KeyhouseError(Exception):
    """Base class of every keyhouse exception."""


class ConfigurationError(KeyhouseError):
    """Settings are missing or malformed; ``problems`` lists every one of them."""

    def __init__(self, problems: list[str] | str) -> None:
        self.problems: list[str] = [problems] if isinstance(problems, str) else list(problems)
        lines = "\n".join(f"  - {redact(p)}" for p in self.problems)
        many = f"{len(self.problems)} configuration problems:\n{lines}"
        super().__init__(redact(self.problems[0]) if len(self.problems) == 1 else many)


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

    ``status`` is ``None`` when no answer came. ``body`` (the documented error model, else the
    JSON, else ``None``) is data for programs and may hold anything, so never part of
    ``str(error)``; ``response`` does not survive pickling. ``message`` is redacted.
    """

    provider: str
    status: int | None = None
    request_id: str | None = None
    body: Any = None
    response: httpx.Response | None = None
    message: str

    def __init__(self, message: str, *, provider: str, **details: Unpack[ErrorDetails]) -> None:
        self.provider = provider
        fields = {"status": self.status, "request_id": None, "body": None, "response": None}
        self.__dict__.update({**fields, **details})
        self.message = redact(message)
        super().__init__(self._render())

    def _render(self) -> str:
        details = [] if self.status is None else [f"HTTP {self.status}"]
        if self.request_id:
            details.append(f"request id {redact(self.request_id)}")
        return f"{self.provider}: {self.message}" + (f" ({', '.join(details)})" if details else "")

    def __reduce__(self) -> tuple[Any, ...]:
        # keyword-only attributes survive pickling (multiprocessing); sockets do not travel
        return (_rebuild, (type(self), {**self.__dict__, "response": None}))


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
    """The account's password has expired; ``password_expired_at`` as the provider wrote it."""

    password_expired_at: str | None = None

    def __init__(self, message: str, *, provider: str, **details: Unpack[_PasswordDetails]) -> None:
        super().__init__(message, provider=provider, **cast("ErrorDetails", details))


class RateLimitedError(ProviderError):
    """The provider answered 429 and retrying did not help; ``retry_after`` is in seconds."""

    status: int | None = 429
    retry_after: float | None = None

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


_STATUS_CLASSES: dict[str, type[ProviderError]] = {  # by the generated errors.error_class names
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


def _line(request: httpx.Request) -> str:
    return f"{request.method} {request.url.path}"


def _details(response: httpx.Response, body: Any = None) -> ErrorDetails:
    return {"status": response.status_code, "request_id": request_id(response), "body": body}


def status_error(provider: str, name: str, response: httpx.Response, body: Any) -> ProviderError:
    """The class named ``name`` (the generated ``errors.error_class`` by status) for an answer
    a resource method does not accept."""
    details = _details(response, body)
    details["response"] = response
    cls = _STATUS_CLASSES.get(name, UnexpectedStatusError)
    return cls(_failed(response), provider=provider, **details)


def _failed(response: httpx.Response) -> str:
    """``POST /path failed: Service Unavailable``: the status itself is rendered once, from
    the error's ``status``."""
    reason = f": {response.reason_phrase}" if response.reason_phrase else ""
    return f"{_line(response.request)} failed{reason}"


def malformed_response(provider: str, response: httpx.Response, reason: str) -> ProtocolError:
    """A resource method's body that does not match the spec (generated ``_build_response``)."""
    return ProtocolError(
        f"{_line(response.request)}: the response does not match the spec ({reason})",
        provider=provider,
        **_details(response),
    )


def unsendable(provider: str) -> ProtocolError:
    """A token or key that cannot be written into an HTTP header."""
    return ProtocolError(
        "the credential contains characters that cannot be sent in an HTTP header (not ASCII)",
        provider=provider,
    )


def transport_error(
    provider: str, request: httpx.Request, exc: httpx.TransportError
) -> ProviderConnectionError:
    """A business request that got no answer (ProviderTimeoutError for a timeout)."""
    timeout = isinstance(exc, httpx.TimeoutException)
    cls = ProviderTimeoutError if timeout else ProviderConnectionError
    return cls(f"{_line(request)} failed: {type(exc).__name__}", provider=provider)


def answered_with(
    provider: str, request: httpx.Request, response: httpx.Response, problem: str
) -> ProviderError:
    """``request`` answered with ``problem`` (an HTML page, ...): ProtocolError, or
    ProviderUnavailableError for a 5xx."""
    cls = ProviderUnavailableError if response.status_code >= 500 else ProtocolError
    return cls(f"{_line(request)} answered with {problem}", provider=provider, **_details(response))


def undecodable(provider: str, request: httpx.Request, response: httpx.Response) -> ProviderError:
    """A body that does not match its ``Content-Encoding``."""
    problem = "a body that does not match its Content-Encoding"
    return answered_with(provider, request, response, problem)


def _rate_limited(message: str, provider: str, response: httpx.Response) -> RateLimitedError:
    retry_after = parse_retry_after(response.headers.get("retry-after"))
    details = _details(response, error_body(response))
    return RateLimitedError(message, provider=provider, retry_after=retry_after, **details)


def final_status_error(
    provider: str, response: httpx.Response
) -> RateLimitedError | ProviderUnavailableError:
    """A business request's 429 (RateLimitedError) or 502/503/504 after retries."""
    if response.status_code == 429:
        return _rate_limited(f"rate limited on {_line(response.request)}", provider, response)
    details = _details(response, error_body(response))
    return ProviderUnavailableError(_failed(response), provider=provider, **details)


def rejected_token(provider: str, response: httpx.Response) -> AuthenticationError:
    """A second 401, with a token issued a moment ago."""
    details = _details(response, error_body(response))
    details["status"] = 401
    message = "the provider rejected a freshly issued token"
    return AuthenticationError(message, provider=provider, **details)


def where(request: httpx.Request | None, provider: str) -> str:
    """``POST https://host/path`` (no query) for messages; and when that is the documented
    default host, that it is (a user who forgot ``..._BASE_URL`` sees why keyhouse went there)."""
    from ._registry import REGISTRY  # only when an error is being worded

    if request is None:
        return ""
    url = request.url
    text = f"{request.method} {url.scheme}://{url.netloc.decode('ascii', 'replace')}{url.path}"
    entry = REGISTRY.get(provider)
    default = entry.default_base_url if entry is not None else None
    if entry is not None and isinstance(default, str) and str(url).startswith(default + "/"):
        unset = f"{entry.env_prefix}BASE_URL is unset"
        text += f"; {default} is the documented default, used when {unset}"
    return text


def _what(what: str, source: httpx.Response | httpx.RequestError, provider: str) -> str:
    """``what`` and where it was sent: ``token request (POST https://…/login)``."""
    try:
        request: httpx.Request | None = source.request
    except RuntimeError:  # built without a request
        request = None
    place = where(request, provider)
    return f"{what} ({place})" if place else what


_REQUEST_ID_HEADERS = ("x-request-id", "x-correlation-id", "request-id", "x-amzn-requestid")


def request_id(response: httpx.Response) -> str | None:
    """The provider's request id from the usual headers, if any (truncated)."""
    value = next(filter(None, map(response.headers.get, _REQUEST_ID_HEADERS)), None)
    return str(value)[:128] if value else None


def _content_or_none(response: httpx.Response) -> bytes | None:
    # A failed read (bad Content-Encoding, dropped connection) leaves a consumed stream that
    # would raise StreamConsumed; an async stream cannot be read here at all.
    try:
        return response.read()
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
    """``response`` when 2xx, else raise: 401/403 AuthenticationError, 429 RateLimitedError,
    5xx ProviderUnavailableError, else ProtocolError (no token request documents it).
    Strategies check their special cases (bfore.ai's 403 "password expired") first."""
    status = response.status_code
    if 200 <= status < 300:
        return response
    what = _what(what, response, provider)
    if status == 429:
        raise _rate_limited(f"{what} rate limited", provider, response)
    error, problem = _refusal(response, status)  # the body stays out of this frame's locals
    raise error(f"{what} {problem}", provider=provider, **_details(response, error_body(response)))


def _refusal(response: httpx.Response, status: int) -> tuple[type[ProviderError], str]:
    if status in (401, 403):
        return AuthenticationError, "rejected the credentials"
    if status >= 500:
        return ProviderUnavailableError, "failed on the provider's side"
    content = _content_or_none(response)
    if not content or error_body(response) is not None:
        return ProtocolError, "answered with an unexpected status"
    page = "an HTML page" if _looks_like_html(response, content) else "an unexpected status"
    return ProtocolError, f"answered with {page}: {snippet(content)}"


def expect_json(response: httpx.Response, provider: str, *, what: str = "token request") -> Any:
    """The JSON body of ``response``; ProtocolError for empty, HTML or malformed bodies."""
    what = _what(what, response, provider)
    parsed, problem = _json_of(response, what, provider)  # the body stays out of these locals
    if problem is None:
        return parsed
    raise ProtocolError(f"{what} answered with {problem}", provider=provider, **_details(response))


def _json_of(response: httpx.Response, what: str, provider: str) -> tuple[Any, str | None]:
    try:
        content = response.read()
    except (httpx.DecodingError, httpx.StreamError):
        return None, "a body that cannot be decoded"
    except httpx.HTTPError as exc:
        message = f"{what}: reading the response failed ({type(exc).__name__})"
        raise ProviderUnavailableError(message, provider=provider, **_details(response)) from None
    if not content.strip():
        return None, "an empty body"
    if _looks_like_html(response, content):
        return None, f"an HTML page: {snippet(content)}"
    try:
        return json.loads(content), None
    except (ValueError, RecursionError):
        return None, f"malformed JSON: {snippet(content)}"


def flow_error(exc: BaseException, provider: str) -> KeyhouseError:
    """What a token or sign-out flow failing with ``exc`` raises: a KeyhouseError as it is, a
    transport error as ProviderUnavailableError, anything else as ProtocolError."""
    if isinstance(exc, KeyhouseError):
        return exc
    name, what = type(exc).__name__, "token request"
    if isinstance(exc, httpx.RequestError):
        what = _what(what, exc, provider)
    if isinstance(exc, httpx.TransportError):
        message = f"{what} could not reach the provider ({name})"
        return ProviderUnavailableError(message, provider=provider)
    if isinstance(exc, httpx.HTTPError):
        return ProtocolError(f"{what} failed ({name})", provider=provider)
    # A strategy choked on an unexpected response shape: report the shape, not the data.
    return ProtocolError(f"unexpected token response ({name} in strategy)", provider=provider)
