"""Small helpers shared by the strategies."""

from __future__ import annotations

import time

import httpx

from keyhouse._credential import Credential, refresh_at
from keyhouse._errors import ConfigurationError

__all__ = ["ascii_header_value", "bearer", "join", "still_fresh"]


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


def reusable(credential: Credential | None, leeway: float = 60.0) -> bool:
    """Whether ``credential`` is not yet due for replacement (refresh_at rule)."""
    return credential is not None and time.time() < refresh_at(credential, leeway)
