"""bfore.ai PreCrime: a 60-minute JWT from login, renewed before expiry; or a static API key.

* ``POST /user/login {username, password}`` -> PascalCase ``{Token, PasswordExpiration, …}``;
  401 wrong credentials; 403 password expired -> :class:`PasswordExpiredError` carrying
  ``PasswordExpiration`` (when the body has it) whole in ``password_expired_at`` and cut short
  in the message.
* ``GET /user/renew`` with the current (still valid) token -> the same shape with a new
  ``Token``: used instead of a login whenever the previous token has not expired yet; if the
  renew is refused, log in. The renew path is ``x-unverified``: if it answers 404/405/501 the
  flow logs in instead and stops trying it for the process.
* A 200 carrying a ``PasswordExpiration`` less than :data:`PASSWORD_WARNING` ahead logs a
  warning (once per value) before logins start failing with 403; ``0001-01-01T00:00:00``
  means "never". Zone-less values are read as UTC.
* Sign-out: ``GET /user/logout`` with the token invalidates it (401: it was dead already).
* With ``API_KEY`` set: the non-expiring key is sent as ``X-Authorization: <key>`` (no prefix)
  and no login ever happens.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from typing import Any

import httpx

from keyhouse._credential import Credential, compute_expiry
from keyhouse._errors import AuthenticationError, PasswordExpiredError, snippet
from keyhouse._flow import (
    Flow,
    RevokeFlow,
    error_body,
    expect_json,
    optional,
    raise_for_status,
    received_at,
    request_id,
    require,
    token_request,
)
from keyhouse._redact import Secret, logger, reveal
from keyhouse._settings import ProviderSettings
from keyhouse.providers._common import UNSUPPORTED, ascii_header_value, bearer, join, still_fresh

__all__ = ["BforeAIStrategy"]

LOGIN = "/user/login"
RENEW = "/user/renew"
LOGOUT = "/user/logout"
DEFAULT_LIFETIME = 3600.0
_WHEN_CHARS = 64  # of PasswordExpiration shown in the error message
#: how long before the password expires a successful login starts warning about it
PASSWORD_WARNING = 14 * 86400.0
_TIMESTAMP = re.compile(r"^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?$")


def password_expiry(value: object) -> float | None:
    """``PasswordExpiration`` as epoch seconds; ``None`` for "never" (year 1) or unreadable.

    bfore.ai sends it without a zone (read as UTC); a zoned value is honoured.
    """
    match = _TIMESTAMP.match(value) if isinstance(value, str) else None
    if match is None or match.group(1).startswith("0001-"):
        return None
    zone = match.group(3)
    try:
        when = dt.datetime.fromisoformat(
            match.group(1) + ("+00:00" if zone in (None, "Z") else zone)
        )
    except ValueError:
        return None
    return when.timestamp() + float(match.group(2) or 0)


class BforeAIStrategy:
    """How keyhouse obtains, refreshes and applies bfore.ai PreCrime tokens."""

    provider = "bforeai"

    def __init__(self, settings: ProviderSettings) -> None:
        self.base_url: str = settings.base_url
        api_key = settings.get("api_key")
        self._api_key = Secret(ascii_header_value(api_key, "bforeai.api_key")) if api_key else None
        self.username: str = settings.get("username") or ""
        password = settings.get("password")
        self._password = Secret(password) if password else None
        self._warned_expiry: str | None = None

    @property
    def identity(self) -> str:
        return "api-key" if self._api_key is not None else self.username

    @property
    def cacheable(self) -> bool:
        # A configured API key is a long-lived secret, not an issued token: never cached.
        return self._api_key is None

    def key_material(self) -> tuple[str, ...]:
        """The non-secret values that tell this account's tokens apart (cache keys)."""
        if self._api_key is not None:
            return (self._api_key.reveal(),)
        return (self._password.reveal() if self._password is not None else "",)

    def obtain(self, previous: Credential | None) -> Flow:
        """The request flow that obtains a credential (refreshing ``previous`` when it can)."""
        if self._api_key is not None:
            # A static key: nothing to fetch (the generator returns before yielding).
            return Credential(token=self._api_key.reveal(), obtained_at=0.0, expires_at=None)
        renew = join(self.base_url, RENEW)
        if still_fresh(previous) and previous is not None and renew not in UNSUPPORTED:
            response = yield token_request(
                "GET",
                renew,
                kind="refresh",
                headers={"Authorization": f"Bearer {previous.token}"},
            )
            if response.status_code not in (401, 403) and not UNSUPPORTED.check(
                self.provider, response
            ):
                return self._credential(response)
        # The password is revealed only inside the request being built: no local of this
        # frame holds it (tracebacks that capture locals would show it).
        response = yield token_request(
            "POST",
            join(self.base_url, LOGIN),
            json={"username": self.username, "password": reveal(self._password) or ""},
        )
        if response.status_code == 403:
            raise self._expired(response)
        return self._credential(response)

    def revoke(self, credential: Credential) -> RevokeFlow:
        """``GET /user/logout`` with the token, while it is alive; a static key is kept."""
        if self._api_key is not None or not still_fresh(credential, margin=0.0):
            return  # a configured key is not ours to revoke; an expired JWT is dead already
        response = yield token_request(
            "GET",
            join(self.base_url, LOGOUT),
            kind="revoke",
            headers={"Authorization": f"Bearer {credential.token}"},
        )
        if response.status_code != 401:
            raise_for_status(response, self.provider, what="logout request")

    def _credential(self, response: httpx.Response) -> Credential:
        body = expect_json(raise_for_status(response, self.provider), self.provider)
        token = require(body, "Token", str, provider=self.provider)
        now = received_at(response)
        self._warn_password_expiry(optional(body, "PasswordExpiration"))
        return Credential(
            token=token,
            obtained_at=now,
            expires_at=compute_expiry(
                token=token, received_at=now, default_lifetime=DEFAULT_LIFETIME
            ),
        )

    def _warn_password_expiry(self, value: object) -> None:
        expires = password_expiry(value)
        if expires is None or value == self._warned_expiry:
            return
        left = expires - time.time()
        if 0 < left <= PASSWORD_WARNING:
            self._warned_expiry = str(value)
            logger.warning(
                "bfore.ai: the password of %r expires at %s (in %.1f days); change it before "
                "then, or logins will be refused (403 password expired)",
                self.username,
                snippet(str(value), _WHEN_CHARS),
                left / 86400,
            )

    def _expired(self, response: httpx.Response) -> AuthenticationError:
        body: Any = error_body(response)
        when = optional(body, "PasswordExpiration")
        # The provider's string goes into the message cut short (it may be anything); the
        # attribute keeps it whole.
        since = f" (since {snippet(when, _WHEN_CHARS)})" if isinstance(when, str) and when else ""
        return PasswordExpiredError(
            "login refused: the account's password has expired" + since,
            provider=self.provider,
            status=403,
            request_id=request_id(response),
            body=body,
            password_expired_at=when if isinstance(when, str) else None,
        )

    def apply(self, request: httpx.Request, credential: Credential) -> None:
        """Put ``credential`` on ``request`` the way the provider expects."""
        if self._api_key is not None:
            request.headers.pop("Authorization", None)
            request.headers["X-Authorization"] = credential.token
        else:
            bearer(request, credential.token)

    def __repr__(self) -> str:
        how = "api_key=<secret>" if self._api_key is not None else f"username={self.username!r}"
        return f"BforeAIStrategy({how}, base_url={self.base_url!r})"
