"""Small helpers shared by the strategies."""

from __future__ import annotations

import threading
import time

import httpx

from keyhouse._credential import Credential
from keyhouse._errors import ConfigurationError
from keyhouse._redact import logger

__all__ = [
    "MISSING_STATUSES",
    "UNSUPPORTED",
    "ascii_header_value",
    "bearer",
    "join",
    "still_fresh",
]

#: What a provider answers for an operation it does not have.
MISSING_STATUSES = frozenset({404, 405, 501})


class _Unsupported:
    """Operations the token flow tried and the provider does not have, for this process.

    The flows rely on a few operations the specs mark ``x-unverified`` (bfore.ai's renew, say).
    When one answers 404/405/501 the flow falls back to the documented path (a login) and stops
    trying it for the rest of the process: one warning, then no wasted round trip per token.
    """

    def __init__(self) -> None:
        self._seen: set[str] = set()
        self._lock = threading.Lock()

    def __contains__(self, url: str) -> bool:
        return url in self._seen

    def check(self, provider: str, response: httpx.Response) -> bool:
        """Whether ``response`` says the operation does not exist (and remember it if so)."""
        if response.status_code not in MISSING_STATUSES:
            return False
        url = str(response.request.url.copy_with(query=None))
        with self._lock:
            first = url not in self._seen
            self._seen.add(url)
        if first:
            logger.warning(
                "%s: %s %s answered %d; falling back to the documented login for this process",
                provider,
                response.request.method,
                response.request.url.path,
                response.status_code,
            )
        return True

    def clear(self) -> None:
        with self._lock:
            self._seen.clear()


UNSUPPORTED = _Unsupported()


def ascii_header_value(value: str, label: str) -> str:
    """``value`` if it can be sent in an HTTP header; a ConfigurationError naming ``label``
    (never the value) if not."""
    if not value.isascii() or any(ch in value for ch in "\r\n\0"):
        raise ConfigurationError(f"{label} must be printable ASCII: it is sent in an HTTP header")
    return value


def join(base_url: str, path: str) -> str:
    """``base_url`` + ``path`` (the base URL may carry a path prefix, e.g. the sandbox's)."""
    return base_url.rstrip("/") + path


def bearer(request: httpx.Request, token: str) -> None:
    request.headers["Authorization"] = f"Bearer {token}"


def still_fresh(credential: Credential | None, margin: float = 5.0) -> bool:
    """Whether ``credential`` has not expired yet (a renew with it can still work)."""
    if credential is None:
        return False
    expires = credential.expires_at
    return expires is None or time.time() < expires - margin
