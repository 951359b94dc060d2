"""The token record every strategy returns, and the expiry arithmetic around it.

Times are epoch seconds on the LOCAL clock. A provider's relative lifetime (``expires_in``) is
measured from the moment the response was received here, so a skewed provider clock does no
harm; absolute times from the provider are converted the same way when the response carries a
``Date`` header (see :func:`compute_expiry`).
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Any, ClassVar

from ._redact import logger, register

__all__ = [
    "MAX_LIFETIME",
    "MIN_LIFETIME",
    "Credential",
    "compute_expiry",
    "jwt_claims",
    "parse_time",
    "refresh_at",
    "refresh_due",
    "refresh_usable",
]

_FORMAT_VERSION = 1
_EXPIRIES = ("expires_at", "refresh_expires_at")
#: The longest token lifetime :func:`compute_expiry` believes (10 years).
MAX_LIFETIME = 10 * 365.25 * 86400.0
#: The shortest: an expiry sooner than this after receipt (microseconds, or already past on a
#: skewed clock) would mean a login on every request; such a token is kept this long.
MIN_LIFETIME = 1.0


@dataclass(frozen=True, eq=True, repr=False)
class Credential:
    """An issued token, its optional refresh token and their expiry (local epoch seconds).

    ``expires_at`` is ``None`` for credentials that never expire (static API keys). ``extra``
    holds provider-specific values (e.g. IMIASSIST's ``api_key``, or a first-level token a
    two-level strategy reuses); treat them all as secrets. The ``repr`` shows no secret.
    """

    token: str
    obtained_at: float
    expires_at: float | None = None
    refresh_token: str | None = None
    refresh_expires_at: float | None = None
    extra: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    def __post_init__(self) -> None:
        if not isinstance(self.extra, MappingProxyType):
            object.__setattr__(self, "extra", MappingProxyType(dict(self.extra)))
        # Held while this credential lives: a token in use is never dropped from redaction.
        register(self.token, self.refresh_token, *self.extra.values(), owner=self)

    __hash__: ClassVar[None] = None  # type: ignore[assignment]  # mutable extra: unhashable

    @property
    def lifetime(self) -> float | None:
        """Seconds between issue and expiry, or ``None`` when it never expires."""
        if self.expires_at is None:
            return None
        return self.expires_at - self.obtained_at

    def __repr__(self) -> str:
        def when(t: float | None) -> str:
            if t is None:
                return "never"
            try:
                return datetime.fromtimestamp(t, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            except (OverflowError, OSError, ValueError):
                return f"{t!r}"  # beyond what datetime can show (past year 9999, NaN)

        return (
            f"Credential(token=<{len(self.token)} chars>, expires_at={when(self.expires_at)}, "
            f"refresh_token={'<set>' if self.refresh_token else None}, "
            f"extra={sorted(self.extra)})"
        )

    __str__ = __repr__

    def to_json(self) -> str:
        """Serialise for a cache (the record holds secrets: caches store it with care)."""
        return json.dumps(self.to_dict(), separators=(",", ":"))

    def to_dict(self) -> dict[str, Any]:
        """The credential as a JSON-able dict (secrets included: for sealed caches only)."""
        return {
            "v": _FORMAT_VERSION,
            "token": self.token,
            "obtained_at": self.obtained_at,
            "expires_at": self.expires_at,
            "refresh_token": self.refresh_token,
            "refresh_expires_at": self.refresh_expires_at,
            "extra": dict(self.extra),
        }

    @classmethod
    def from_json(cls, text: str | bytes | None) -> Credential | None:
        """Parse a cache record; anything malformed gives ``None``, never an exception."""
        if text is None:
            return None
        try:
            data = json.loads(text)
        except (ValueError, TypeError, RecursionError):
            return None
        return cls.from_dict(data)

    @classmethod
    def from_dict(cls, data: Any) -> Credential | None:
        """Build from :meth:`to_dict` output; anything malformed gives ``None``."""
        if not isinstance(data, dict) or data.get("v") != _FORMAT_VERSION:
            return None
        token, refresh, extra = data.get("token"), data.get("refresh_token"), data.get("extra", {})
        obtained, *expiries = (data.get(k) for k in ("obtained_at", *_EXPIRIES))
        obtained = obtained if _is_time(obtained) else None
        if not (isinstance(token, str) and token and obtained is not None):
            return None
        if not all(t is None or _is_time(t) for t in expiries):
            return None
        if not isinstance(refresh, str | None) or not isinstance(extra, dict):
            return None
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in extra.items()):
            return None
        expires, refresh_expires = (None if t is None else float(t) for t in expiries)
        return cls(token, float(obtained), expires, refresh or None, refresh_expires, extra)


def _is_time(value: Any) -> bool:
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return False
    try:
        number = float(value)  # an int beyond float's range raises OverflowError
    except OverflowError:
        return False
    return math.isfinite(number) and number >= 0


# --- expiry -----------------------------------------------------------------------------------


def _as_seconds(value: Any) -> float | None:
    """A positive finite number of seconds from an int, float or numeric string."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        value = value.strip()
    elif not isinstance(value, (int, float)):
        return None
    try:
        seconds = float(value)  # an int beyond float's range raises OverflowError
    except (ValueError, OverflowError):
        return None
    if math.isfinite(seconds) and seconds > 0:
        return seconds
    return None


def parse_time(value: Any) -> float | None:
    """An absolute time as epoch seconds: epoch seconds, epoch milliseconds or ISO 8601.

    A naive ISO time is read as UTC. Garbage gives ``None``.
    """
    number = _as_seconds(value)
    if number is not None:
        return number / 1000.0 if number > 1e11 else number
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    # Python < 3.12 accepts at most 6 fractional digits; providers send 7.
    if "." in text:
        head, _, tail = text.partition(".")
        digits = "".join(ch for ch in tail if ch.isdigit())
        rest = tail[len(digits) :]
        text = f"{head}.{digits[:6]}{rest}" if digits else head + rest
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    try:
        return parsed.timestamp()
    except (OverflowError, OSError, ValueError):
        return None


def jwt_claims(token: str) -> dict[str, Any] | None:
    """The unverified claims of a JWT, or ``None`` when ``token`` is not one.

    Used only to learn ``exp``/``iat``; the signature is the provider's business.
    """
    if token.count(".") != 2:
        return None
    import jwt  # PyJWT, imported lazily: `import keyhouse` stays light

    try:
        # verify_signature=False turns every claim check off as well (PyJWT 2).
        claims = jwt.decode(token, options={"verify_signature": False})
    except Exception:  # PyJWT raises several types for garbage; none of them matter here
        return None
    return claims if isinstance(claims, dict) else None


@functools.cache
def _warn_unreadable_expiry() -> None:
    """One WARNING per process (the value itself is not logged: it sits beside a token)."""
    logger.warning(
        "a provider's expiry time is in a format keyhouse cannot read; using the "
        "documented default lifetime (or the token's own exp) instead"
    )


def compute_expiry(
    *,
    token: str,
    received_at: float,
    expires_in: Any = None,
    expires_at: Any = None,
    server_date: float | None = None,
    default_lifetime: float | None = None,
) -> float | None:
    """The local epoch time at which ``token`` expires, ``None`` for "never".

    Order of evidence: a relative lifetime (``expires_in``) from ``received_at``; an absolute
    ``expires_at``; the JWT's ``exp`` (with ``iat``: ``exp - iat`` from ``received_at``); the
    documented ``default_lifetime``. Absolute provider times are shifted by the difference
    between the provider's ``Date`` header (``server_date``) and ``received_at`` when known.
    Unusable values (garbage, zero, negative) are skipped with a log line. A lifetime beyond
    :data:`MAX_LIFETIME` (a hostile ``expires_in: 1e20``, say) is cut to it: nothing a provider
    issues lives that long, and datetimes end at year 9999. One shorter than
    :data:`MIN_LIFETIME` (microseconds, or an absolute expiry already past on a skewed clock) is
    raised to it: otherwise every request would log in again; the provider's 401 still ends
    a token that is really dead.
    """
    expiry = _expiry(token, received_at, expires_in, expires_at, server_date, default_lifetime)
    if expiry is None:
        return None
    if expiry > received_at + MAX_LIFETIME:
        logger.debug("capping a token lifetime beyond %.0f seconds", MAX_LIFETIME)
        return received_at + MAX_LIFETIME
    if expiry < received_at + MIN_LIFETIME:
        logger.debug("raising a token lifetime below %.0f second to it", MIN_LIFETIME)
        return received_at + MIN_LIFETIME
    return expiry


def _expiry(
    token: str,
    received_at: float,
    expires_in: Any,
    expires_at: Any,
    server_date: float | None,
    default_lifetime: float | None,
) -> float | None:
    lifetime = _as_seconds(expires_in)
    if lifetime is not None:
        return received_at + lifetime
    if expires_in is not None:
        logger.debug("ignoring unusable expires_in value")

    def local(absolute: float) -> float:
        return absolute - server_date + received_at if server_date is not None else absolute

    absolute = parse_time(expires_at)
    if absolute is not None:
        return local(absolute)
    if expires_at is not None:
        # The provider said when the token expires, in a form we cannot read: a token that
        # silently "never expires" would be used until rejected, so fall back to the default
        # lifetime (below) and say so once.
        _warn_unreadable_expiry()

    claims = jwt_claims(token)
    if claims is not None:
        exp = _as_seconds(claims.get("exp"))
        iat = _as_seconds(claims.get("iat"))
        if exp is not None and iat is not None and exp > iat:
            return received_at + (exp - iat)
        if exp is not None:
            return local(exp)

    if default_lifetime is not None:
        return received_at + default_lifetime
    return None


def refresh_at(credential: Credential, leeway: float = 60.0, max_fraction: float = 0.5) -> float:
    """When to fetch a new token: ``min(leeway, max_fraction * lifetime)`` before expiry.

    The cap keeps a 10 s token from being fetched again on every request. ``inf`` for
    credentials that never expire.
    """
    expires = credential.expires_at
    if expires is None:
        return math.inf
    lifetime = max(expires - credential.obtained_at, 0.0)
    return expires - min(leeway, max_fraction * lifetime)


def refresh_due(
    credential: Credential, now: float, leeway: float = 60.0, max_fraction: float = 0.5
) -> bool:
    """Whether ``credential`` should be replaced at ``now`` (see :func:`refresh_at`)."""
    return now >= refresh_at(credential, leeway, max_fraction)


def refresh_usable(credential: Credential | None, now: float, margin: float = 5.0) -> bool:
    """Whether ``credential`` carries a refresh token that has not (nearly) expired."""
    if credential is None or not credential.refresh_token:
        return False
    limit = credential.refresh_expires_at
    return limit is None or now < limit - margin
