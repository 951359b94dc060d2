"""The token record every strategy returns, and the expiry arithmetic around it.

Times are epoch seconds on the LOCAL clock: ``expires_in`` counts from receipt here, and a
provider's absolute times are shifted by its ``Date`` header when known, so its clock skew
does no harm.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Any, ClassVar

from ._redact import logger, register

_FORMAT_VERSION = 1
_TIMES = ("obtained_at", "expires_at", "refresh_expires_at")
#: The longest lifetime believed (10 years): nothing lives longer, datetimes end at 9999.
MAX_LIFETIME = 10 * 365.25 * 86400.0
#: The shortest: a past or microsecond expiry would mean a login on every request.
MIN_LIFETIME = 1.0


@dataclass(frozen=True, eq=True, repr=False)
class Credential:
    """An issued token, its optional refresh token and their expiry (``None``: never).

    ``extra`` holds provider values (IMIASSIST's ``api_key``, a first-level token), all
    secrets. The ``repr`` shows no secret.
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
        return None if self.expires_at is None else self.expires_at - self.obtained_at

    def __repr__(self) -> str:
        try:
            when = (
                "never"
                if self.expires_at is None
                else datetime.fromtimestamp(self.expires_at, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            )
        except (OverflowError, OSError, ValueError):  # past year 9999, NaN
            when = repr(self.expires_at)
        return (
            f"Credential(token=<{len(self.token)} chars>, expires_at={when}, "
            f"refresh_token={'<set>' if self.refresh_token else None}, "
            f"extra={sorted(self.extra)})"
        )

    __str__ = __repr__

    def to_json(self) -> str:
        """The record with its secrets, for sealed caches only."""
        return json.dumps(self.to_dict(), separators=(",", ":"))

    def to_dict(self) -> dict[str, Any]:
        """The record as JSON-able data (secrets included)."""
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        return {"v": _FORMAT_VERSION, **data, "extra": dict(self.extra)}

    @classmethod
    def from_json(cls, text: str | bytes | None) -> Credential | None:
        """A cache record parsed back; anything malformed is ``None``, never an exception."""
        try:
            return cls.from_dict(json.loads(text)) if text is not None else None
        except (ValueError, TypeError, RecursionError):
            return None

    @classmethod
    def from_dict(cls, data: Any) -> Credential | None:
        """Back from :meth:`to_dict` output; anything malformed is ``None``."""
        if not isinstance(data, dict) or data.get("v") != _FORMAT_VERSION:
            return None
        token, refresh, extra = data.get("token"), data.get("refresh_token"), data.get("extra", {})
        raw = [data.get(name) for name in _TIMES]
        times = [None if t is None else _number(t) for t in raw]
        if (
            not (isinstance(token, str) and token and times[0] is not None)
            or any(t is not None and (n is None or n < 0) for t, n in zip(raw, times, strict=True))
            or not isinstance(refresh, str | None)
            or not isinstance(extra, dict)
            or not all(isinstance(k, str) and isinstance(v, str) for k, v in extra.items())
        ):
            return None
        return cls(token, times[0], times[1], refresh or None, times[2], extra)


def _number(value: Any, strings: bool = False) -> float | None:
    """``value`` as a finite float (numeric strings only when ``strings``), else ``None``."""
    kinds = (int, float, str) if strings else (int, float)
    if isinstance(value, bool) or not isinstance(value, kinds):
        return None
    try:
        number = float(value)  # an int beyond float's range raises OverflowError
    except (ValueError, OverflowError):
        return None
    return number if math.isfinite(number) else None


def _seconds(value: Any) -> float | None:
    number = _number(value, strings=True)
    return number if number is not None and number > 0 else None


def parse_time(value: Any) -> float | None:
    """Epoch seconds from epoch seconds, epoch milliseconds or ISO 8601 (naive: UTC)."""
    number = _seconds(value)
    if number is not None:
        return number / 1000.0 if number > 1e11 else number
    if not isinstance(value, str):
        return None
    try:  # 3.11's fromisoformat takes "Z" and cuts fractions past 6 digits (providers send 7)
        parsed = datetime.fromisoformat(value.strip().upper())
        return parsed.replace(tzinfo=parsed.tzinfo or UTC).timestamp()
    except (ValueError, OverflowError, OSError):
        return None


def jwt_claims(token: str) -> dict[str, Any] | None:
    """The unverified claims of a JWT (for ``exp``/``iat`` only), or ``None``."""
    if token.count(".") != 2:
        return None
    import jwt  # lazily: `import keyhouse` stays light

    try:  # verify_signature=False turns every claim check off as well (PyJWT 2)
        claims = jwt.decode(token, options={"verify_signature": False})
    except Exception:  # PyJWT raises several types for garbage
        return None
    return claims if isinstance(claims, dict) else None


@functools.cache
def _warn_unreadable_expiry() -> None:
    # once per process, and never the value: it sits beside a token
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

    Evidence in order: ``expires_in``; ``expires_at``; the JWT's ``exp`` (``exp - iat`` from
    receipt when both, immune to skew); ``default_lifetime``. Unusable values are skipped; an
    unreadable ``expires_at`` is warned about (a token silently never expiring would be used
    until rejected). The result stays within [MIN_LIFETIME, MAX_LIFETIME] from receipt.
    """

    def local(absolute: float) -> float:
        return absolute if server_date is None else absolute - server_date + received_at

    expiry: float | None = None
    if (lifetime := _seconds(expires_in)) is not None:
        expiry = received_at + lifetime
    elif (absolute := parse_time(expires_at)) is not None:
        expiry = local(absolute)
    else:
        if expires_at is not None:
            _warn_unreadable_expiry()
        claims = jwt_claims(token) or {}
        exp, iat = _seconds(claims.get("exp")), _seconds(claims.get("iat"))
        if exp is not None:
            expiry = received_at + (exp - iat) if iat is not None and exp > iat else local(exp)
        elif default_lifetime is not None:
            expiry = received_at + default_lifetime
    if expiry is None:
        return None
    return min(max(expiry, received_at + MIN_LIFETIME), received_at + MAX_LIFETIME)


def refresh_at(credential: Credential, leeway: float = 60.0, max_fraction: float = 0.5) -> float:
    """When to fetch a new token: ``min(leeway, max_fraction * lifetime)`` before expiry (the
    cap keeps a 10 s token from being fetched on every request); ``inf`` for never."""
    expires = credential.expires_at
    if expires is None:
        return math.inf
    return expires - min(leeway, max_fraction * max(expires - credential.obtained_at, 0.0))


def refresh_usable(credential: Credential | None, now: float, margin: float = 5.0) -> bool:
    """Whether ``credential`` carries a refresh token that has not (nearly) expired."""
    if credential is None or not credential.refresh_token:
        return False
    limit = credential.refresh_expires_at
    return limit is None or now < limit - margin
