"""The exceptions keyhouse raises; nothing else escapes from keyhouse code.

::

    KeyhouseError
    ├── ConfigurationError          settings missing or malformed (lists every problem at once)
    └── ProviderError               a provider call failed (provider, status, request_id, body)
        ├── AuthenticationError     credentials rejected, or a second 401 after re-authenticating
        │   └── PasswordExpiredError   bfore.ai 403 "password expired" (password_expired_at)
        ├── RateLimitedError        429 after retries (retry_after: seconds or None)
        ├── ProviderUnavailableError   connection errors, timeouts, 502/503/504 after retries
        └── ProtocolError           the response does not match the spec: bad JSON, an HTML
                                    page, missing fields, wrong types

Messages never contain secrets: body snippets are passed through
:func:`keyhouse._redact.redact` (before they are cut, with room for a secret straddling the
cut) and truncated before they become part of a message.
"""

from __future__ import annotations

import re
from typing import Any

from ._redact import redact

__all__ = [
    "AuthenticationError",
    "ConfigurationError",
    "KeyhouseError",
    "PasswordExpiredError",
    "ProtocolError",
    "ProviderError",
    "ProviderUnavailableError",
    "RateLimitedError",
    "snippet",
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


class ProviderError(KeyhouseError):
    """A call to a provider failed.

    ``body`` is the provider's error body parsed as JSON (or as the documented error model,
    when the caller has one), else ``None``; it is data for programs and may hold anything
    the provider sent, so it is never part of ``str(error)``.
    """

    def __init__(
        self,
        message: str,
        *,
        provider: str,
        status: int | None = None,
        request_id: str | None = None,
        body: Any = None,
    ) -> None:
        self.provider = provider
        self.status = status
        self.request_id = request_id
        self.body = body
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
        return (_rebuild, (type(self), self.__dict__.copy()))


def _rebuild(cls: type[ProviderError], state: dict[str, Any]) -> ProviderError:
    error = cls.__new__(cls)
    error.__dict__.update(state)
    Exception.__init__(error, error._render())
    return error


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
        password_expired_at: str | None = None,
    ) -> None:
        self.password_expired_at = password_expired_at
        super().__init__(
            message, provider=provider, status=status, request_id=request_id, body=body
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
        retry_after: float | None = None,
    ) -> None:
        self.retry_after = retry_after
        super().__init__(
            message, provider=provider, status=status, request_id=request_id, body=body
        )


class ProviderUnavailableError(ProviderError):
    """The provider could not be reached or answered 502/503/504 after retries."""


class ProtocolError(ProviderError):
    """The response does not match the spec (bad JSON, HTML page, missing or mistyped fields)."""
