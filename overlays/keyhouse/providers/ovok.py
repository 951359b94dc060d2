"""Ovok: refresh first, login when the refresh fails; refresh tokens rotate.

* ``POST /auth/refresh-token {refresh_token}`` -> snake_case ``{access_token, refresh_token?,
  expires_in}``. A refresh token is used at most once: the new credential carries the rotated
  one, or none when the provider sent none (then the next renewal is a login). The token
  manager stores the new credential before releasing its lock, so no other thread, process or
  machine can send the old refresh token again.
* ``POST /v2/auth/login {email, password, clientId}`` -> camelCase ``{accessToken,
  refreshToken?, expiresIn, project, profile}``. The Login page names this path, but its cURL
  example posts to ``/auth/login``: on a 404 from ``/v2/auth/login`` the login is sent there
  (spec operation ``login_unversioned``), and a host that answered there keeps being asked
  there first.

Sign-out: ``DELETE /auth/session/current`` revokes this session's access and refresh tokens
(401: dead already); an expired access token is refreshed first to name the session. Its
answer is ``x-unverified``: 404/405/501 is taken as "no such operation here", warned about,
and the token only forgotten.

Any refusal of the refresh (400/401/403/404/422) falls back to a login; provider outages do not.
"""

from __future__ import annotations

import time
from collections.abc import Generator

import httpx

from keyhouse._credential import Credential, compute_expiry, refresh_usable
from keyhouse._flow import (
    Flow,
    RevokeFlow,
    expect_json,
    optional,
    raise_for_status,
    received_at,
    require,
    server_date,
    token_request,
)
from keyhouse._redact import Secret, logger
from keyhouse._settings import ProviderSettings
from keyhouse.providers._common import MISSING_STATUSES, bearer, join, still_fresh

__all__ = ["OvokStrategy"]

LOGIN = "/v2/auth/login"
LOGIN_UNVERSIONED = "/auth/login"  # the Login page's cURL example
REFRESH = "/auth/refresh-token"
REVOKE = "/auth/session/current"  # revoke_session with option "current": logout
DEFAULT_LIFETIME = 3600.0
_REFUSED = frozenset({400, 401, 403, 404, 422})


class OvokStrategy:
    """How keyhouse obtains, refreshes and applies Ovok tokens."""

    provider = "ovok"

    def __init__(self, settings: ProviderSettings) -> None:
        self.base_url: str = settings.base_url
        self.email: str = settings.require("email")
        self._password = Secret(settings.require("password"))
        self.client_id: str = settings.require("client_id")

    cacheable = True
    #: login paths in the order tried; an instance that logged in at the second swaps them
    _login_paths: tuple[str, str] = (LOGIN, LOGIN_UNVERSIONED)

    @property
    def identity(self) -> str:
        return f"{self.client_id} {self.email}"

    def key_material(self) -> tuple[str, ...]:
        """The non-secret values that tell this account's tokens apart (cache keys)."""
        return (self._password.reveal(),)

    def obtain(self, previous: Credential | None) -> Flow:
        """The request flow that obtains a credential (refreshing ``previous`` when it can)."""
        if previous is not None and refresh_usable(previous, time.time()):
            refreshed = yield from self._refresh(previous)
            if refreshed is not None:
                return refreshed
        first, second = self._login_paths
        response = yield self._login_request(first)
        if response.status_code == 404:  # this host does not have that path: try the other
            response = yield self._login_request(second)
            if response.is_success:
                self._login_paths = (second, first)
        body = expect_json(raise_for_status(response, self.provider), self.provider)
        return self._credential(
            response,
            require(body, "accessToken", str, provider=self.provider),
            optional(body, "refreshToken"),
            optional(body, "expiresIn"),
        )

    def _refresh(
        self, previous: Credential
    ) -> Generator[httpx.Request, httpx.Response, Credential | None]:
        """The refresh request: the new credential, or ``None`` when the provider refused it."""
        response = yield token_request(
            "POST",
            join(self.base_url, REFRESH),
            kind="refresh",
            json={"refresh_token": previous.refresh_token},
        )
        if response.status_code in _REFUSED:
            return None
        body = expect_json(raise_for_status(response, self.provider), self.provider)
        return self._credential(
            response,
            require(body, "access_token", str, provider=self.provider),
            optional(body, "refresh_token"),
            optional(body, "expires_in"),
        )

    def revoke(self, credential: Credential) -> RevokeFlow:
        """``DELETE /auth/session/current`` with the access token.

        The session is named by its access token: an expired one is first renewed with the
        session's refresh token (while that works), so the refresh token is revoked too.
        """
        if not still_fresh(credential, margin=0.0):
            if not refresh_usable(credential, time.time()):
                return  # nothing of the session is usable any more
            renewed = yield from self._refresh(credential)
            if renewed is None:
                return  # refused: the session is gone already
            credential = renewed
        response = yield token_request(
            "DELETE",
            join(self.base_url, REVOKE),
            kind="revoke",
            headers={"Authorization": f"Bearer {credential.token}"},
        )
        status = response.status_code
        if status in MISSING_STATUSES:
            logger.warning(
                "ovok: DELETE %s answered %d; the token was forgotten, not revoked",
                response.request.url.path,
                status,
            )
        elif status != 401:
            raise_for_status(response, self.provider, what="session revocation request")

    def _login_request(self, path: str) -> httpx.Request:
        return token_request(
            "POST",
            join(self.base_url, path),
            json={
                "email": self.email,
                "password": self._password.reveal(),
                "clientId": self.client_id,
            },
        )

    def _credential(
        self, response: httpx.Response, token: str, refresh: object, expires_in: object
    ) -> Credential:
        now = received_at(response)
        refresh_token = refresh if isinstance(refresh, str) and refresh else None
        return Credential(
            token=token,
            obtained_at=now,
            expires_at=compute_expiry(
                token=token,
                received_at=now,
                expires_in=expires_in,
                default_lifetime=DEFAULT_LIFETIME,
            ),
            refresh_token=refresh_token,
            # a JWT refresh token's own exp, if it has one; unknown otherwise
            refresh_expires_at=compute_expiry(
                token=refresh_token, received_at=now, server_date=server_date(response)
            )
            if refresh_token
            else None,
        )

    def apply(self, request: httpx.Request, credential: Credential) -> None:
        """Put ``credential`` on ``request`` the way the provider expects."""
        bearer(request, credential.token)

    def __repr__(self) -> str:
        return f"OvokStrategy(email={self.email!r}, base_url={self.base_url!r})"
