"""Ovok API: a typed client generated from keyhouse's spec.

    from keyhouse_ovok import Ovok

    api = Ovok(base_url="https://...", token="...")
    api.auth.login(...)
    api.sessions.list_sessions(...)

Every method returns the documented success model and raises a typed error from
:mod:`keyhouse_ovok.errors` for every other answer. ``AuthenticatedClient`` and the
per-operation modules under ``keyhouse_ovok.api`` are the generator's lower-level surface.
"""

from collections.abc import Mapping
from typing import Any, cast

import httpx

from . import errors
from .api.auth import b2b_login as _auth_b2b_login
from .api.auth import login as _auth_login
from .api.auth import login_unversioned as _auth_login_unversioned
from .api.auth import refresh_token as _auth_refresh_token
from .api.auth import register as _auth_register
from .api.sessions import list_sessions as _sessions_list_sessions
from .api.sessions import revoke_session as _sessions_revoke_session
from .client import AuthenticatedClient, Client
from .models.b2b_login_request import B2BLoginRequest
from .models.error_body import ErrorBody
from .models.login_request import LoginRequest
from .models.login_response import LoginResponse
from .models.refresh_token_request import RefreshTokenRequest
from .models.refresh_token_response import RefreshTokenResponse
from .models.register_request import RegisterRequest
from .models.revoke_session_response import RevokeSessionResponse
from .models.session_list import SessionList
from .types import Response


class AuthResourceWithRawResponse:
    """The ``auth`` operations returning the whole :class:`Response` (status, headers,
    content, parsed) instead of raising for an error status."""

    __slots__ = ("_client",)

    def __init__(self, client: AuthenticatedClient) -> None:
        self._client = client

    def login(
        self,
        *,
        body: LoginRequest,
        timeout: float | httpx.Timeout | None = None,
    ) -> Response[ErrorBody | LoginResponse]:
        """Log in with email, password and client id

        Authenticates a user and returns a JWT access token (valid one hour), a refresh token and
        the user's project and profile. Documentation versions disagree on the path: the page's
        cURL example posts to `/auth/login`, while the page itself (the newest production
        reference) says `POST /v2/auth/login`. keyhouse logs in here first (the page's own
        statement, and the versioned path) and falls back to `login_unversioned` (`/auth/login`,
        the cURL example's path) when this one answers 404.

        ``POST /v2/auth/login``

        Args:
            body (LoginRequest):
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            Response[ErrorBody | LoginResponse]: any status; ``parsed`` is the model documented for it.

        Raises:
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        return _auth_login.sync_detailed(
            body=body,
            client=self._client,
            timeout=timeout,
        )

    async def login_async(
        self,
        *,
        body: LoginRequest,
        timeout: float | httpx.Timeout | None = None,
    ) -> Response[ErrorBody | LoginResponse]:
        """Log in with email, password and client id

        Authenticates a user and returns a JWT access token (valid one hour), a refresh token and
        the user's project and profile. Documentation versions disagree on the path: the page's
        cURL example posts to `/auth/login`, while the page itself (the newest production
        reference) says `POST /v2/auth/login`. keyhouse logs in here first (the page's own
        statement, and the versioned path) and falls back to `login_unversioned` (`/auth/login`,
        the cURL example's path) when this one answers 404.

        ``POST /v2/auth/login``

        Args:
            body (LoginRequest):
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            Response[ErrorBody | LoginResponse]: any status; ``parsed`` is the model documented for it.

        Raises:
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        return await _auth_login.asyncio_detailed(
            body=body,
            client=self._client,
            timeout=timeout,
        )

    def login_unversioned(
        self,
        *,
        body: LoginRequest,
        timeout: float | httpx.Timeout | None = None,
    ) -> Response[ErrorBody | LoginResponse]:
        """Log in (the path of the Login page's cURL example)

        The same login as `login`, at the path the Login page's cURL example posts to
        (`https://api.dev.ovok.com/auth/login`, without `/v2`). The page's heading names
        `/v2/auth/login`; keyhouse uses this path only when `/v2/auth/login` answers 404.

        ``POST /auth/login``

        Args:
            body (LoginRequest):
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            Response[ErrorBody | LoginResponse]: any status; ``parsed`` is the model documented for it.

        Raises:
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        return _auth_login_unversioned.sync_detailed(
            body=body,
            client=self._client,
            timeout=timeout,
        )

    async def login_unversioned_async(
        self,
        *,
        body: LoginRequest,
        timeout: float | httpx.Timeout | None = None,
    ) -> Response[ErrorBody | LoginResponse]:
        """Log in (the path of the Login page's cURL example)

        The same login as `login`, at the path the Login page's cURL example posts to
        (`https://api.dev.ovok.com/auth/login`, without `/v2`). The page's heading names
        `/v2/auth/login`; keyhouse uses this path only when `/v2/auth/login` answers 404.

        ``POST /auth/login``

        Args:
            body (LoginRequest):
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            Response[ErrorBody | LoginResponse]: any status; ``parsed`` is the model documented for it.

        Raises:
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        return await _auth_login_unversioned.asyncio_detailed(
            body=body,
            client=self._client,
            timeout=timeout,
        )

    def refresh_token(
        self,
        *,
        body: RefreshTokenRequest,
        timeout: float | httpx.Timeout | None = None,
    ) -> Response[ErrorBody | RefreshTokenResponse]:
        """Exchange a refresh token for a new access token

        Issues a new access token from a refresh token. Unlike login, the request and response
        fields are snake_case.

        ``POST /auth/refresh-token``

        Args:
            body (RefreshTokenRequest):
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            Response[ErrorBody | RefreshTokenResponse]: any status; ``parsed`` is the model documented for it.

        Raises:
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        return _auth_refresh_token.sync_detailed(
            body=body,
            client=self._client,
            timeout=timeout,
        )

    async def refresh_token_async(
        self,
        *,
        body: RefreshTokenRequest,
        timeout: float | httpx.Timeout | None = None,
    ) -> Response[ErrorBody | RefreshTokenResponse]:
        """Exchange a refresh token for a new access token

        Issues a new access token from a refresh token. Unlike login, the request and response
        fields are snake_case.

        ``POST /auth/refresh-token``

        Args:
            body (RefreshTokenRequest):
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            Response[ErrorBody | RefreshTokenResponse]: any status; ``parsed`` is the model documented for it.

        Raises:
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        return await _auth_refresh_token.asyncio_detailed(
            body=body,
            client=self._client,
            timeout=timeout,
        )

    def register(
        self,
        *,
        body: RegisterRequest,
        timeout: float | httpx.Timeout | None = None,
    ) -> Response[ErrorBody | LoginResponse]:
        """Register a new user

        Creates a user in the client application's project. The response shape is not public;
        keyhouse assumes it matches login's (the Login page names its 200 schema
        `ResponseRegisterLoginDto`, which suggests register and login share it).

        ``POST /auth/register``

        Args:
            body (RegisterRequest):
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            Response[ErrorBody | LoginResponse]: any status; ``parsed`` is the model documented for it.

        Raises:
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        return _auth_register.sync_detailed(
            body=body,
            client=self._client,
            timeout=timeout,
        )

    async def register_async(
        self,
        *,
        body: RegisterRequest,
        timeout: float | httpx.Timeout | None = None,
    ) -> Response[ErrorBody | LoginResponse]:
        """Register a new user

        Creates a user in the client application's project. The response shape is not public;
        keyhouse assumes it matches login's (the Login page names its 200 schema
        `ResponseRegisterLoginDto`, which suggests register and login share it).

        ``POST /auth/register``

        Args:
            body (RegisterRequest):
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            Response[ErrorBody | LoginResponse]: any status; ``parsed`` is the model documented for it.

        Raises:
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        return await _auth_register.asyncio_detailed(
            body=body,
            client=self._client,
            timeout=timeout,
        )

    def b2b_login(
        self,
        *,
        body: B2BLoginRequest,
        timeout: float | httpx.Timeout | None = None,
    ) -> Response[ErrorBody | LoginResponse]:
        """Log in to a tenant (B2B)

        Like login, with an additional `tenantId`. The response shape is not public; keyhouse
        assumes it matches login's.

        ``POST /auth/b2b/login``

        Args:
            body (B2BLoginRequest):
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            Response[ErrorBody | LoginResponse]: any status; ``parsed`` is the model documented for it.

        Raises:
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        return _auth_b2b_login.sync_detailed(
            body=body,
            client=self._client,
            timeout=timeout,
        )

    async def b2b_login_async(
        self,
        *,
        body: B2BLoginRequest,
        timeout: float | httpx.Timeout | None = None,
    ) -> Response[ErrorBody | LoginResponse]:
        """Log in to a tenant (B2B)

        Like login, with an additional `tenantId`. The response shape is not public; keyhouse
        assumes it matches login's.

        ``POST /auth/b2b/login``

        Args:
            body (B2BLoginRequest):
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            Response[ErrorBody | LoginResponse]: any status; ``parsed`` is the model documented for it.

        Raises:
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        return await _auth_b2b_login.asyncio_detailed(
            body=body,
            client=self._client,
            timeout=timeout,
        )


class AuthResource:
    """The ``auth`` operations of the Ovok API."""

    __slots__ = ("_client", "with_raw_response")

    with_raw_response: AuthResourceWithRawResponse
    """The same operations returning the whole :class:`Response` instead of raising."""

    def __init__(self, client: AuthenticatedClient) -> None:
        self._client = client
        self.with_raw_response = AuthResourceWithRawResponse(client)

    def login(
        self,
        *,
        body: LoginRequest,
        timeout: float | httpx.Timeout | None = None,
    ) -> LoginResponse:
        """Log in with email, password and client id

        Authenticates a user and returns a JWT access token (valid one hour), a refresh token and
        the user's project and profile. Documentation versions disagree on the path: the page's
        cURL example posts to `/auth/login`, while the page itself (the newest production
        reference) says `POST /v2/auth/login`. keyhouse logs in here first (the page's own
        statement, and the versioned path) and falls back to `login_unversioned` (`/auth/login`,
        the cURL example's path) when this one answers 404.

        ``POST /v2/auth/login``

        Args:
            body (LoginRequest):
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            LoginResponse

        Raises:
            errors.BadRequestError: 400; ``body`` is the parsed ``ErrorBody``.
            errors.AuthenticationError: 401; ``body`` is the parsed ``ErrorBody``.
            errors.NotFoundError: 404; ``body`` is the parsed ``ErrorBody``.
            errors.UnprocessableEntityError: 422; ``body`` is the parsed ``ErrorBody``.
            errors.ServerError: 500; ``body`` is the parsed ``ErrorBody``.
            errors.ProviderError: any other status that is not a success (the class of its status).
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        client = self._client
        kwargs = _auth_login._get_kwargs(
            body=body,
        )
        return _auth_login._unwrap(
            client=client, response=errors.send(client, kwargs, timeout)
        )

    async def login_async(
        self,
        *,
        body: LoginRequest,
        timeout: float | httpx.Timeout | None = None,
    ) -> LoginResponse:
        """Log in with email, password and client id

        Authenticates a user and returns a JWT access token (valid one hour), a refresh token and
        the user's project and profile. Documentation versions disagree on the path: the page's
        cURL example posts to `/auth/login`, while the page itself (the newest production
        reference) says `POST /v2/auth/login`. keyhouse logs in here first (the page's own
        statement, and the versioned path) and falls back to `login_unversioned` (`/auth/login`,
        the cURL example's path) when this one answers 404.

        ``POST /v2/auth/login``

        Args:
            body (LoginRequest):
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            LoginResponse

        Raises:
            errors.BadRequestError: 400; ``body`` is the parsed ``ErrorBody``.
            errors.AuthenticationError: 401; ``body`` is the parsed ``ErrorBody``.
            errors.NotFoundError: 404; ``body`` is the parsed ``ErrorBody``.
            errors.UnprocessableEntityError: 422; ``body`` is the parsed ``ErrorBody``.
            errors.ServerError: 500; ``body`` is the parsed ``ErrorBody``.
            errors.ProviderError: any other status that is not a success (the class of its status).
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        client = self._client
        kwargs = _auth_login._get_kwargs(
            body=body,
        )
        return _auth_login._unwrap(
            client=client, response=await errors.asend(client, kwargs, timeout)
        )

    def login_unversioned(
        self,
        *,
        body: LoginRequest,
        timeout: float | httpx.Timeout | None = None,
    ) -> LoginResponse:
        """Log in (the path of the Login page's cURL example)

        The same login as `login`, at the path the Login page's cURL example posts to
        (`https://api.dev.ovok.com/auth/login`, without `/v2`). The page's heading names
        `/v2/auth/login`; keyhouse uses this path only when `/v2/auth/login` answers 404.

        ``POST /auth/login``

        Args:
            body (LoginRequest):
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            LoginResponse

        Raises:
            errors.BadRequestError: 400; ``body`` is the parsed ``ErrorBody``.
            errors.AuthenticationError: 401; ``body`` is the parsed ``ErrorBody``.
            errors.NotFoundError: 404; ``body`` is the parsed ``ErrorBody``.
            errors.UnprocessableEntityError: 422; ``body`` is the parsed ``ErrorBody``.
            errors.ServerError: 500; ``body`` is the parsed ``ErrorBody``.
            errors.ProviderError: any other status that is not a success (the class of its status).
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        client = self._client
        kwargs = _auth_login_unversioned._get_kwargs(
            body=body,
        )
        return _auth_login_unversioned._unwrap(
            client=client, response=errors.send(client, kwargs, timeout)
        )

    async def login_unversioned_async(
        self,
        *,
        body: LoginRequest,
        timeout: float | httpx.Timeout | None = None,
    ) -> LoginResponse:
        """Log in (the path of the Login page's cURL example)

        The same login as `login`, at the path the Login page's cURL example posts to
        (`https://api.dev.ovok.com/auth/login`, without `/v2`). The page's heading names
        `/v2/auth/login`; keyhouse uses this path only when `/v2/auth/login` answers 404.

        ``POST /auth/login``

        Args:
            body (LoginRequest):
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            LoginResponse

        Raises:
            errors.BadRequestError: 400; ``body`` is the parsed ``ErrorBody``.
            errors.AuthenticationError: 401; ``body`` is the parsed ``ErrorBody``.
            errors.NotFoundError: 404; ``body`` is the parsed ``ErrorBody``.
            errors.UnprocessableEntityError: 422; ``body`` is the parsed ``ErrorBody``.
            errors.ServerError: 500; ``body`` is the parsed ``ErrorBody``.
            errors.ProviderError: any other status that is not a success (the class of its status).
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        client = self._client
        kwargs = _auth_login_unversioned._get_kwargs(
            body=body,
        )
        return _auth_login_unversioned._unwrap(
            client=client, response=await errors.asend(client, kwargs, timeout)
        )

    def refresh_token(
        self,
        *,
        body: RefreshTokenRequest,
        timeout: float | httpx.Timeout | None = None,
    ) -> RefreshTokenResponse:
        """Exchange a refresh token for a new access token

        Issues a new access token from a refresh token. Unlike login, the request and response
        fields are snake_case.

        ``POST /auth/refresh-token``

        Args:
            body (RefreshTokenRequest):
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            RefreshTokenResponse

        Raises:
            errors.BadRequestError: 400; ``body`` is the parsed ``ErrorBody``.
            errors.AuthenticationError: 401; ``body`` is the parsed ``ErrorBody``.
            errors.UnprocessableEntityError: 422; ``body`` is the parsed ``ErrorBody``.
            errors.ServerError: 500; ``body`` is the parsed ``ErrorBody``.
            errors.ProviderError: any other status that is not a success (the class of its status).
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        client = self._client
        kwargs = _auth_refresh_token._get_kwargs(
            body=body,
        )
        return _auth_refresh_token._unwrap(
            client=client, response=errors.send(client, kwargs, timeout)
        )

    async def refresh_token_async(
        self,
        *,
        body: RefreshTokenRequest,
        timeout: float | httpx.Timeout | None = None,
    ) -> RefreshTokenResponse:
        """Exchange a refresh token for a new access token

        Issues a new access token from a refresh token. Unlike login, the request and response
        fields are snake_case.

        ``POST /auth/refresh-token``

        Args:
            body (RefreshTokenRequest):
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            RefreshTokenResponse

        Raises:
            errors.BadRequestError: 400; ``body`` is the parsed ``ErrorBody``.
            errors.AuthenticationError: 401; ``body`` is the parsed ``ErrorBody``.
            errors.UnprocessableEntityError: 422; ``body`` is the parsed ``ErrorBody``.
            errors.ServerError: 500; ``body`` is the parsed ``ErrorBody``.
            errors.ProviderError: any other status that is not a success (the class of its status).
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        client = self._client
        kwargs = _auth_refresh_token._get_kwargs(
            body=body,
        )
        return _auth_refresh_token._unwrap(
            client=client, response=await errors.asend(client, kwargs, timeout)
        )

    def register(
        self,
        *,
        body: RegisterRequest,
        timeout: float | httpx.Timeout | None = None,
    ) -> LoginResponse:
        """Register a new user

        Creates a user in the client application's project. The response shape is not public;
        keyhouse assumes it matches login's (the Login page names its 200 schema
        `ResponseRegisterLoginDto`, which suggests register and login share it).

        ``POST /auth/register``

        Args:
            body (RegisterRequest):
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            LoginResponse

        Raises:
            errors.BadRequestError: 400; ``body`` is the parsed ``ErrorBody``.
            errors.NotFoundError: 404; ``body`` is the parsed ``ErrorBody``.
            errors.UnprocessableEntityError: 422; ``body`` is the parsed ``ErrorBody``.
            errors.ServerError: 500; ``body`` is the parsed ``ErrorBody``.
            errors.ProviderError: any other status that is not a success (the class of its status).
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        client = self._client
        kwargs = _auth_register._get_kwargs(
            body=body,
        )
        return _auth_register._unwrap(
            client=client, response=errors.send(client, kwargs, timeout)
        )

    async def register_async(
        self,
        *,
        body: RegisterRequest,
        timeout: float | httpx.Timeout | None = None,
    ) -> LoginResponse:
        """Register a new user

        Creates a user in the client application's project. The response shape is not public;
        keyhouse assumes it matches login's (the Login page names its 200 schema
        `ResponseRegisterLoginDto`, which suggests register and login share it).

        ``POST /auth/register``

        Args:
            body (RegisterRequest):
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            LoginResponse

        Raises:
            errors.BadRequestError: 400; ``body`` is the parsed ``ErrorBody``.
            errors.NotFoundError: 404; ``body`` is the parsed ``ErrorBody``.
            errors.UnprocessableEntityError: 422; ``body`` is the parsed ``ErrorBody``.
            errors.ServerError: 500; ``body`` is the parsed ``ErrorBody``.
            errors.ProviderError: any other status that is not a success (the class of its status).
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        client = self._client
        kwargs = _auth_register._get_kwargs(
            body=body,
        )
        return _auth_register._unwrap(
            client=client, response=await errors.asend(client, kwargs, timeout)
        )

    def b2b_login(
        self,
        *,
        body: B2BLoginRequest,
        timeout: float | httpx.Timeout | None = None,
    ) -> LoginResponse:
        """Log in to a tenant (B2B)

        Like login, with an additional `tenantId`. The response shape is not public; keyhouse
        assumes it matches login's.

        ``POST /auth/b2b/login``

        Args:
            body (B2BLoginRequest):
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            LoginResponse

        Raises:
            errors.BadRequestError: 400; ``body`` is the parsed ``ErrorBody``.
            errors.AuthenticationError: 401; ``body`` is the parsed ``ErrorBody``.
            errors.NotFoundError: 404; ``body`` is the parsed ``ErrorBody``.
            errors.UnprocessableEntityError: 422; ``body`` is the parsed ``ErrorBody``.
            errors.ServerError: 500; ``body`` is the parsed ``ErrorBody``.
            errors.ProviderError: any other status that is not a success (the class of its status).
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        client = self._client
        kwargs = _auth_b2b_login._get_kwargs(
            body=body,
        )
        return _auth_b2b_login._unwrap(
            client=client, response=errors.send(client, kwargs, timeout)
        )

    async def b2b_login_async(
        self,
        *,
        body: B2BLoginRequest,
        timeout: float | httpx.Timeout | None = None,
    ) -> LoginResponse:
        """Log in to a tenant (B2B)

        Like login, with an additional `tenantId`. The response shape is not public; keyhouse
        assumes it matches login's.

        ``POST /auth/b2b/login``

        Args:
            body (B2BLoginRequest):
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            LoginResponse

        Raises:
            errors.BadRequestError: 400; ``body`` is the parsed ``ErrorBody``.
            errors.AuthenticationError: 401; ``body`` is the parsed ``ErrorBody``.
            errors.NotFoundError: 404; ``body`` is the parsed ``ErrorBody``.
            errors.UnprocessableEntityError: 422; ``body`` is the parsed ``ErrorBody``.
            errors.ServerError: 500; ``body`` is the parsed ``ErrorBody``.
            errors.ProviderError: any other status that is not a success (the class of its status).
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        client = self._client
        kwargs = _auth_b2b_login._get_kwargs(
            body=body,
        )
        return _auth_b2b_login._unwrap(
            client=client, response=await errors.asend(client, kwargs, timeout)
        )


class SessionsResourceWithRawResponse:
    """The ``sessions`` operations returning the whole :class:`Response` (status, headers,
    content, parsed) instead of raising for an error status."""

    __slots__ = ("_client",)

    def __init__(self, client: AuthenticatedClient) -> None:
        self._client = client

    def list_sessions(
        self,
        *,
        timeout: float | httpx.Timeout | None = None,
    ) -> Response[ErrorBody | SessionList]:
        """List the user's login sessions

        Lists the current user's sessions (one per login).

        ``GET /auth/session``

        Args:
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            Response[ErrorBody | SessionList]: any status; ``parsed`` is the model documented for it.

        Raises:
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        return _sessions_list_sessions.sync_detailed(
            client=self._client,
            timeout=timeout,
        )

    async def list_sessions_async(
        self,
        *,
        timeout: float | httpx.Timeout | None = None,
    ) -> Response[ErrorBody | SessionList]:
        """List the user's login sessions

        Lists the current user's sessions (one per login).

        ``GET /auth/session``

        Args:
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            Response[ErrorBody | SessionList]: any status; ``parsed`` is the model documented for it.

        Raises:
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        return await _sessions_list_sessions.asyncio_detailed(
            client=self._client,
            timeout=timeout,
        )

    def revoke_session(
        self,
        option: str,
        *,
        timeout: float | httpx.Timeout | None = None,
    ) -> Response[Any | ErrorBody | RevokeSessionResponse]:
        """Revoke sessions (logout)

        Revokes the access and refresh tokens of the selected sessions: `current` (this session,
        i.e. logout), `other` (every session except this one), `all`, or one session by its id (a
        uuid from list_sessions). The response body is not public.

        ``DELETE /auth/session/{option}``

        Args:
            option (str): `current`, `other`, `all`, or a session id (uuid).
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            Response[Any | ErrorBody | RevokeSessionResponse]: any status; ``parsed`` is the model documented for it.

        Raises:
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        return _sessions_revoke_session.sync_detailed(
            option=option,
            client=self._client,
            timeout=timeout,
        )

    async def revoke_session_async(
        self,
        option: str,
        *,
        timeout: float | httpx.Timeout | None = None,
    ) -> Response[Any | ErrorBody | RevokeSessionResponse]:
        """Revoke sessions (logout)

        Revokes the access and refresh tokens of the selected sessions: `current` (this session,
        i.e. logout), `other` (every session except this one), `all`, or one session by its id (a
        uuid from list_sessions). The response body is not public.

        ``DELETE /auth/session/{option}``

        Args:
            option (str): `current`, `other`, `all`, or a session id (uuid).
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            Response[Any | ErrorBody | RevokeSessionResponse]: any status; ``parsed`` is the model documented for it.

        Raises:
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        return await _sessions_revoke_session.asyncio_detailed(
            option=option,
            client=self._client,
            timeout=timeout,
        )


class SessionsResource:
    """The ``sessions`` operations of the Ovok API."""

    __slots__ = ("_client", "with_raw_response")

    with_raw_response: SessionsResourceWithRawResponse
    """The same operations returning the whole :class:`Response` instead of raising."""

    def __init__(self, client: AuthenticatedClient) -> None:
        self._client = client
        self.with_raw_response = SessionsResourceWithRawResponse(client)

    def list_sessions(
        self,
        *,
        timeout: float | httpx.Timeout | None = None,
    ) -> SessionList:
        """List the user's login sessions

        Lists the current user's sessions (one per login).

        ``GET /auth/session``

        Args:
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            SessionList

        Raises:
            errors.AuthenticationError: 401; ``body`` is the parsed ``ErrorBody``.
            errors.ServerError: 500; ``body`` is the parsed ``ErrorBody``.
            errors.ProviderError: any other status that is not a success (the class of its status).
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        client = self._client
        kwargs = _sessions_list_sessions._get_kwargs()
        return _sessions_list_sessions._unwrap(
            client=client, response=errors.send(client, kwargs, timeout)
        )

    async def list_sessions_async(
        self,
        *,
        timeout: float | httpx.Timeout | None = None,
    ) -> SessionList:
        """List the user's login sessions

        Lists the current user's sessions (one per login).

        ``GET /auth/session``

        Args:
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            SessionList

        Raises:
            errors.AuthenticationError: 401; ``body`` is the parsed ``ErrorBody``.
            errors.ServerError: 500; ``body`` is the parsed ``ErrorBody``.
            errors.ProviderError: any other status that is not a success (the class of its status).
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        client = self._client
        kwargs = _sessions_list_sessions._get_kwargs()
        return _sessions_list_sessions._unwrap(
            client=client, response=await errors.asend(client, kwargs, timeout)
        )

    def revoke_session(
        self,
        option: str,
        *,
        timeout: float | httpx.Timeout | None = None,
    ) -> RevokeSessionResponse | None:
        """Revoke sessions (logout)

        Revokes the access and refresh tokens of the selected sessions: `current` (this session,
        i.e. logout), `other` (every session except this one), `all`, or one session by its id (a
        uuid from list_sessions). The response body is not public.

        ``DELETE /auth/session/{option}``

        Args:
            option (str): `current`, `other`, `all`, or a session id (uuid).
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            RevokeSessionResponse | None

        Raises:
            errors.BadRequestError: 400; ``body`` is the parsed ``ErrorBody``.
            errors.AuthenticationError: 401; ``body`` is the parsed ``ErrorBody``.
            errors.NotFoundError: 404; ``body`` is the parsed ``ErrorBody``.
            errors.ServerError: 500; ``body`` is the parsed ``ErrorBody``.
            errors.ProviderError: any other status that is not a success (the class of its status).
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        client = self._client
        kwargs = _sessions_revoke_session._get_kwargs(
            option=option,
        )
        return _sessions_revoke_session._unwrap(
            client=client, response=errors.send(client, kwargs, timeout)
        )

    async def revoke_session_async(
        self,
        option: str,
        *,
        timeout: float | httpx.Timeout | None = None,
    ) -> RevokeSessionResponse | None:
        """Revoke sessions (logout)

        Revokes the access and refresh tokens of the selected sessions: `current` (this session,
        i.e. logout), `other` (every session except this one), `all`, or one session by its id (a
        uuid from list_sessions). The response body is not public.

        ``DELETE /auth/session/{option}``

        Args:
            option (str): `current`, `other`, `all`, or a session id (uuid).
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            RevokeSessionResponse | None

        Raises:
            errors.BadRequestError: 400; ``body`` is the parsed ``ErrorBody``.
            errors.AuthenticationError: 401; ``body`` is the parsed ``ErrorBody``.
            errors.NotFoundError: 404; ``body`` is the parsed ``ErrorBody``.
            errors.ServerError: 500; ``body`` is the parsed ``ErrorBody``.
            errors.ProviderError: any other status that is not a success (the class of its status).
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        client = self._client
        kwargs = _sessions_revoke_session._get_kwargs(
            option=option,
        )
        return _sessions_revoke_session._unwrap(
            client=client, response=await errors.asend(client, kwargs, timeout)
        )


class Ovok:
    """The Ovok API, one attribute per group of operations.

    ``Ovok(base_url=..., token=...)`` sends ``token`` in the ``Authorization``
    header (``prefix`` and ``auth_header_name`` change how; without ``token`` no credentials
    are sent, for the login operations); ``Ovok(client=...)``
    uses a prepared :class:`AuthenticatedClient` (keyhouse passes one that keeps its token
    fresh). ``client`` is that client, for the generated module functions under ``api``.
    """

    __slots__ = (
        "client",
        "auth",
        "sessions",
    )

    client: AuthenticatedClient
    """The generated client every operation is sent with."""
    auth: AuthResource
    """``login``, ``login_unversioned``, ``refresh_token``, ``register``, ``b2b_login``."""
    sessions: SessionsResource
    """``list_sessions``, ``revoke_session``."""

    def __init__(
        self,
        base_url: str | None = None,
        *,
        token: str | None = None,
        client: AuthenticatedClient | None = None,
        prefix: str = "Bearer",
        auth_header_name: str = "Authorization",
        timeout: float | httpx.Timeout | None = None,
        headers: Mapping[str, str] | None = None,
        httpx_args: Mapping[str, Any] | None = None,
    ) -> None:
        if client is None:
            if base_url is None:
                raise TypeError("Ovok() needs base_url= (and token=), or client=")
            settings: dict[str, Any] = {
                "base_url": base_url,
                "timeout": httpx.Timeout(timeout)
                if isinstance(timeout, (int, float))
                else timeout,
                "headers": dict(headers or {}),
            }
            client = AuthenticatedClient(
                token=token or "",
                prefix=prefix,
                auth_header_name=auth_header_name,
                httpx_args=dict(httpx_args or {}),
                **settings,
            )
            if (
                not token
            ):  # no credentials at all (the login operations), not an empty header
                extra = dict(httpx_args or {})
                client.set_httpx_client(httpx.Client(**settings, **extra))
                client.set_async_httpx_client(httpx.AsyncClient(**settings, **extra))
        self.client = client
        self.auth = AuthResource(client)
        self.sessions = SessionsResource(client)

    def close(self) -> None:
        """Close the sync httpx client (the async one: :meth:`aclose`)."""
        self.client.get_httpx_client().close()

    async def aclose(self) -> None:
        """Close the async httpx client."""
        await self.client.get_async_httpx_client().aclose()

    def __repr__(self) -> str:
        return "<Ovok client>"


__all__ = (
    "AuthenticatedClient",
    "Client",
    "Ovok",
    "AuthResource",
    "AuthResourceWithRawResponse",
    "SessionsResource",
    "SessionsResourceWithRawResponse",
    "errors",
)
