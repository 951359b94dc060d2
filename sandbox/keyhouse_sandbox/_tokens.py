"""Real HS256 JWTs (and opaque tokens) with expiry, revocation and a skewable clock.

Verification is cheap: a token's signature is checked once and its claims are cached; every
request still checks expiry, revocation and the revoke-all generation against the provider's
(possibly skewed) clock.
"""

from __future__ import annotations

import secrets
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import jwt

__all__ = ["Issued", "TokenStore"]

_CACHE_LIMIT = 50_000


@dataclass(frozen=True)
class Issued:
    """A token as issued: the string, its claims and its lifetime in seconds."""

    token: str
    kind: str
    subject: str
    jti: str
    iat: int
    exp: int
    generation: int
    extra: dict[str, Any]

    @property
    def lifetime(self) -> int:
        return self.exp - self.iat


class TokenStore:
    """Issues and checks the tokens of one provider."""

    def __init__(self, provider: str, clock: Callable[[], float]) -> None:
        self._provider = provider
        self._clock = clock
        self._secret = secrets.token_bytes(32)
        self._lock = threading.Lock()
        self._generation = 0
        self._revoked: set[str] = set()
        self._cache: dict[str, Issued] = {}

    def now(self) -> float:
        return self._clock()

    def issue_jwt(
        self,
        kind: str,
        subject: str,
        lifetime: int,
        *,
        claims_first: dict[str, Any] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> Issued:
        """A signed JWT of ``kind`` for ``subject`` living ``lifetime`` seconds."""
        iat = int(self._clock())
        exp = iat + int(lifetime)
        jti = uuid.uuid4().hex
        payload: dict[str, Any] = dict(claims_first or {})
        payload.setdefault("type", kind)
        payload.update(
            {
                "exp": exp,
                "iat": iat,
                "sub": subject,
                "jti": jti,
                "iss": f"keyhouse-sandbox/{self._provider}",
            }
        )
        payload.update(extra or {})
        token = jwt.encode(payload, self._secret, algorithm="HS256")
        return self._remember(token, kind, subject, jti, iat, exp, extra or {})

    def issue_opaque(
        self,
        kind: str,
        subject: str,
        lifetime: int,
        *,
        token: str | None = None,
        extra: dict[str, Any] | None = None,
    ) -> Issued:
        """A random opaque token (``secrets.token_hex(32)`` unless given)."""
        iat = int(self._clock())
        value = token or secrets.token_hex(32)
        return self._remember(
            value, kind, subject, uuid.uuid4().hex, iat, iat + int(lifetime), extra or {}
        )

    def _remember(
        self,
        token: str,
        kind: str,
        subject: str,
        jti: str,
        iat: int,
        exp: int,
        extra: dict[str, Any],
    ) -> Issued:
        with self._lock:
            if len(self._cache) >= _CACHE_LIMIT:
                self._cache.clear()
            issued = Issued(token, kind, subject, jti, iat, exp, self._generation, extra)
            self._cache[token] = issued
        return issued

    def lookup(self, token: str) -> Issued | None:
        """The token's record if it is a token of this provider, valid or not."""
        issued = self._cache.get(token)
        if issued is not None:
            return issued
        if token.count(".") != 2:
            return None
        try:
            claims = jwt.decode(
                token, self._secret, algorithms=["HS256"], options={"verify_exp": False}
            )
        except jwt.PyJWTError:
            return None
        # Signed by us but evicted from the cache: rebuild the record (its generation is lost,
        # so treat it as revoked by any revoke-all that happened since).
        issued = Issued(
            token,
            str(claims.get("type", "")),
            str(claims.get("sub", "")),
            str(claims.get("jti", "")),
            int(claims["iat"]),
            int(claims["exp"]),
            -1,
            {},
        )
        return issued

    def check(self, token: str, kind: str | tuple[str, ...]) -> Issued | None:
        """The token's record if it is of ``kind``, unexpired and not revoked, else None."""
        issued = self.lookup(token)
        if issued is None:
            return None
        kinds = (kind,) if isinstance(kind, str) else kind
        if issued.kind not in kinds:
            return None
        if issued.generation != self._generation or issued.jti in self._revoked:
            return None
        if self._clock() >= issued.exp:
            return None
        return issued

    def revoke(self, *tokens: Issued | str) -> None:
        with self._lock:
            for token in tokens:
                if isinstance(token, str):
                    record = self._cache.get(token)
                    if record is None:
                        continue
                    token = record
                self._revoked.add(token.jti)

    def revoke_all(self) -> None:
        with self._lock:
            self._generation += 1
