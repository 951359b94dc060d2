"""bfore.ai PreCrime API: a typed client generated from keyhouse's spec.

    from keyhouse_bforeai import Bforeai

    api = Bforeai(base_url="https://...", token="...")
    api.auth.login(...)
    api.intel.get_intel_feed(...)

Every method returns the documented success model and raises a typed error from
:mod:`keyhouse_bforeai.errors` for every other answer. ``AuthenticatedClient`` and the
per-operation modules under ``keyhouse_bforeai.api`` are the generator's lower-level surface.
"""

import datetime
from collections.abc import Mapping
from typing import Any, cast

import httpx

from . import errors
from .api.auth import add_auth_header as _auth_add_auth_header
from .api.auth import delete_auth_header as _auth_delete_auth_header
from .api.auth import list_auth_headers as _auth_list_auth_headers
from .api.auth import login as _auth_login
from .api.auth import logout as _auth_logout
from .api.auth import renew_token as _auth_renew_token
from .api.intel import get_intel_feed as _intel_get_intel_feed
from .client import AuthenticatedClient, Client
from .models.add_auth_header_request import AddAuthHeaderRequest
from .models.auth_header import AuthHeader
from .models.delete_auth_header_request import DeleteAuthHeaderRequest
from .models.error_body import ErrorBody
from .models.intel_feed_page import IntelFeedPage
from .models.login_request import LoginRequest
from .models.login_response import LoginResponse
from .models.message_response import MessageResponse
from .types import UNSET, Response, Unset


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
    ) -> Response[Any | ErrorBody | LoginResponse]:
        """Log in with username and password

        Exchanges a username and password for a JWT (`Token`) valid for 60 minutes, plus the
        user's profile. The response uses PascalCase field names.

        ``POST /user/login``

        Args:
            body (LoginRequest): Credentials for `/user/login`.
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            Response[Any | ErrorBody | LoginResponse]: any status; ``parsed`` is the model documented for it.

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
    ) -> Response[Any | ErrorBody | LoginResponse]:
        """Log in with username and password

        Exchanges a username and password for a JWT (`Token`) valid for 60 minutes, plus the
        user's profile. The response uses PascalCase field names.

        ``POST /user/login``

        Args:
            body (LoginRequest): Credentials for `/user/login`.
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            Response[Any | ErrorBody | LoginResponse]: any status; ``parsed`` is the model documented for it.

        Raises:
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        return await _auth_login.asyncio_detailed(
            body=body,
            client=self._client,
            timeout=timeout,
        )

    def renew_token(
        self,
        *,
        timeout: float | httpx.Timeout | None = None,
    ) -> Response[Any | LoginResponse]:
        """Renew the JWT

        Extends the session of the JWT sent in `Authorization` and returns a fresh token.
        Documented only in bfore.ai's older API reference; its response body is not shown
        there and is assumed to be the login response.

        ``GET /user/renew``

        Args:
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            Response[Any | LoginResponse]: any status; ``parsed`` is the model documented for it.

        Raises:
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        return _auth_renew_token.sync_detailed(
            client=self._client,
            timeout=timeout,
        )

    async def renew_token_async(
        self,
        *,
        timeout: float | httpx.Timeout | None = None,
    ) -> Response[Any | LoginResponse]:
        """Renew the JWT

        Extends the session of the JWT sent in `Authorization` and returns a fresh token.
        Documented only in bfore.ai's older API reference; its response body is not shown
        there and is assumed to be the login response.

        ``GET /user/renew``

        Args:
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            Response[Any | LoginResponse]: any status; ``parsed`` is the model documented for it.

        Raises:
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        return await _auth_renew_token.asyncio_detailed(
            client=self._client,
            timeout=timeout,
        )

    def logout(
        self,
        *,
        timeout: float | httpx.Timeout | None = None,
    ) -> Response[Any | MessageResponse]:
        """Invalidate the JWT

        Invalidates the JWT sent in `Authorization` (older API reference).

        ``GET /user/logout``

        Args:
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            Response[Any | MessageResponse]: any status; ``parsed`` is the model documented for it.

        Raises:
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        return _auth_logout.sync_detailed(
            client=self._client,
            timeout=timeout,
        )

    async def logout_async(
        self,
        *,
        timeout: float | httpx.Timeout | None = None,
    ) -> Response[Any | MessageResponse]:
        """Invalidate the JWT

        Invalidates the JWT sent in `Authorization` (older API reference).

        ``GET /user/logout``

        Args:
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            Response[Any | MessageResponse]: any status; ``parsed`` is the model documented for it.

        Raises:
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        return await _auth_logout.asyncio_detailed(
            client=self._client,
            timeout=timeout,
        )

    def add_auth_header(
        self,
        *,
        body: AddAuthHeaderRequest,
        timeout: float | httpx.Timeout | None = None,
    ) -> Response[Any | AuthHeader]:
        """Create an API key ("auth header")

        Creates a non-expiring API key. Its `token` is what clients send as
        `X-Authorization: <token>` (no prefix).

        ``POST /authheader/add``

        Args:
            body (AddAuthHeaderRequest):
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            Response[Any | AuthHeader]: any status; ``parsed`` is the model documented for it.

        Raises:
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        return _auth_add_auth_header.sync_detailed(
            body=body,
            client=self._client,
            timeout=timeout,
        )

    async def add_auth_header_async(
        self,
        *,
        body: AddAuthHeaderRequest,
        timeout: float | httpx.Timeout | None = None,
    ) -> Response[Any | AuthHeader]:
        """Create an API key ("auth header")

        Creates a non-expiring API key. Its `token` is what clients send as
        `X-Authorization: <token>` (no prefix).

        ``POST /authheader/add``

        Args:
            body (AddAuthHeaderRequest):
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            Response[Any | AuthHeader]: any status; ``parsed`` is the model documented for it.

        Raises:
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        return await _auth_add_auth_header.asyncio_detailed(
            body=body,
            client=self._client,
            timeout=timeout,
        )

    def list_auth_headers(
        self,
        *,
        timeout: float | httpx.Timeout | None = None,
    ) -> Response[Any | list[AuthHeader]]:
        """List API keys ("auth headers")

        ``GET /authheader/list``

        Args:
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            Response[Any | list[AuthHeader]]: any status; ``parsed`` is the model documented for it.

        Raises:
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        return _auth_list_auth_headers.sync_detailed(
            client=self._client,
            timeout=timeout,
        )

    async def list_auth_headers_async(
        self,
        *,
        timeout: float | httpx.Timeout | None = None,
    ) -> Response[Any | list[AuthHeader]]:
        """List API keys ("auth headers")

        ``GET /authheader/list``

        Args:
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            Response[Any | list[AuthHeader]]: any status; ``parsed`` is the model documented for it.

        Raises:
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        return await _auth_list_auth_headers.asyncio_detailed(
            client=self._client,
            timeout=timeout,
        )

    def delete_auth_header(
        self,
        *,
        body: DeleteAuthHeaderRequest,
        timeout: float | httpx.Timeout | None = None,
    ) -> Response[Any | MessageResponse]:
        """Delete an API key ("auth header")

        Deletes the auth header whose token value is sent as `text`.

        ``POST /authheader/delete``

        Args:
            body (DeleteAuthHeaderRequest):
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            Response[Any | MessageResponse]: any status; ``parsed`` is the model documented for it.

        Raises:
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        return _auth_delete_auth_header.sync_detailed(
            body=body,
            client=self._client,
            timeout=timeout,
        )

    async def delete_auth_header_async(
        self,
        *,
        body: DeleteAuthHeaderRequest,
        timeout: float | httpx.Timeout | None = None,
    ) -> Response[Any | MessageResponse]:
        """Delete an API key ("auth header")

        Deletes the auth header whose token value is sent as `text`.

        ``POST /authheader/delete``

        Args:
            body (DeleteAuthHeaderRequest):
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            Response[Any | MessageResponse]: any status; ``parsed`` is the model documented for it.

        Raises:
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        return await _auth_delete_auth_header.asyncio_detailed(
            body=body,
            client=self._client,
            timeout=timeout,
        )


class AuthResource:
    """The ``auth`` operations of the bfore.ai PreCrime API."""

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
        """Log in with username and password

        Exchanges a username and password for a JWT (`Token`) valid for 60 minutes, plus the
        user's profile. The response uses PascalCase field names.

        ``POST /user/login``

        Args:
            body (LoginRequest): Credentials for `/user/login`.
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            LoginResponse

        Raises:
            errors.BadRequestError: 400.
            errors.AuthenticationError: 401; ``body`` is the parsed ``ErrorBody``.
            errors.PermissionDeniedError: 403; ``body`` is the parsed ``ErrorBody``.
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
        """Log in with username and password

        Exchanges a username and password for a JWT (`Token`) valid for 60 minutes, plus the
        user's profile. The response uses PascalCase field names.

        ``POST /user/login``

        Args:
            body (LoginRequest): Credentials for `/user/login`.
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            LoginResponse

        Raises:
            errors.BadRequestError: 400.
            errors.AuthenticationError: 401; ``body`` is the parsed ``ErrorBody``.
            errors.PermissionDeniedError: 403; ``body`` is the parsed ``ErrorBody``.
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

    def renew_token(
        self,
        *,
        timeout: float | httpx.Timeout | None = None,
    ) -> LoginResponse:
        """Renew the JWT

        Extends the session of the JWT sent in `Authorization` and returns a fresh token.
        Documented only in bfore.ai's older API reference; its response body is not shown
        there and is assumed to be the login response.

        ``GET /user/renew``

        Args:
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            LoginResponse

        Raises:
            errors.AuthenticationError: 401.
            errors.ProviderError: any other status that is not a success (the class of its status).
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        client = self._client
        kwargs = _auth_renew_token._get_kwargs()
        return _auth_renew_token._unwrap(
            client=client, response=errors.send(client, kwargs, timeout)
        )

    async def renew_token_async(
        self,
        *,
        timeout: float | httpx.Timeout | None = None,
    ) -> LoginResponse:
        """Renew the JWT

        Extends the session of the JWT sent in `Authorization` and returns a fresh token.
        Documented only in bfore.ai's older API reference; its response body is not shown
        there and is assumed to be the login response.

        ``GET /user/renew``

        Args:
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            LoginResponse

        Raises:
            errors.AuthenticationError: 401.
            errors.ProviderError: any other status that is not a success (the class of its status).
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        client = self._client
        kwargs = _auth_renew_token._get_kwargs()
        return _auth_renew_token._unwrap(
            client=client, response=await errors.asend(client, kwargs, timeout)
        )

    def logout(
        self,
        *,
        timeout: float | httpx.Timeout | None = None,
    ) -> MessageResponse:
        """Invalidate the JWT

        Invalidates the JWT sent in `Authorization` (older API reference).

        ``GET /user/logout``

        Args:
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            MessageResponse

        Raises:
            errors.AuthenticationError: 401.
            errors.ProviderError: any other status that is not a success (the class of its status).
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        client = self._client
        kwargs = _auth_logout._get_kwargs()
        return _auth_logout._unwrap(
            client=client, response=errors.send(client, kwargs, timeout)
        )

    async def logout_async(
        self,
        *,
        timeout: float | httpx.Timeout | None = None,
    ) -> MessageResponse:
        """Invalidate the JWT

        Invalidates the JWT sent in `Authorization` (older API reference).

        ``GET /user/logout``

        Args:
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            MessageResponse

        Raises:
            errors.AuthenticationError: 401.
            errors.ProviderError: any other status that is not a success (the class of its status).
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        client = self._client
        kwargs = _auth_logout._get_kwargs()
        return _auth_logout._unwrap(
            client=client, response=await errors.asend(client, kwargs, timeout)
        )

    def add_auth_header(
        self,
        *,
        body: AddAuthHeaderRequest,
        timeout: float | httpx.Timeout | None = None,
    ) -> AuthHeader:
        """Create an API key ("auth header")

        Creates a non-expiring API key. Its `token` is what clients send as
        `X-Authorization: <token>` (no prefix).

        ``POST /authheader/add``

        Args:
            body (AddAuthHeaderRequest):
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            AuthHeader

        Raises:
            errors.BadRequestError: 400.
            errors.AuthenticationError: 401.
            errors.ProviderError: any other status that is not a success (the class of its status).
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        client = self._client
        kwargs = _auth_add_auth_header._get_kwargs(
            body=body,
        )
        return _auth_add_auth_header._unwrap(
            client=client, response=errors.send(client, kwargs, timeout)
        )

    async def add_auth_header_async(
        self,
        *,
        body: AddAuthHeaderRequest,
        timeout: float | httpx.Timeout | None = None,
    ) -> AuthHeader:
        """Create an API key ("auth header")

        Creates a non-expiring API key. Its `token` is what clients send as
        `X-Authorization: <token>` (no prefix).

        ``POST /authheader/add``

        Args:
            body (AddAuthHeaderRequest):
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            AuthHeader

        Raises:
            errors.BadRequestError: 400.
            errors.AuthenticationError: 401.
            errors.ProviderError: any other status that is not a success (the class of its status).
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        client = self._client
        kwargs = _auth_add_auth_header._get_kwargs(
            body=body,
        )
        return _auth_add_auth_header._unwrap(
            client=client, response=await errors.asend(client, kwargs, timeout)
        )

    def list_auth_headers(
        self,
        *,
        timeout: float | httpx.Timeout | None = None,
    ) -> list[AuthHeader]:
        """List API keys ("auth headers")

        ``GET /authheader/list``

        Args:
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            list[AuthHeader]

        Raises:
            errors.AuthenticationError: 401.
            errors.ProviderError: any other status that is not a success (the class of its status).
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        client = self._client
        kwargs = _auth_list_auth_headers._get_kwargs()
        return _auth_list_auth_headers._unwrap(
            client=client, response=errors.send(client, kwargs, timeout)
        )

    async def list_auth_headers_async(
        self,
        *,
        timeout: float | httpx.Timeout | None = None,
    ) -> list[AuthHeader]:
        """List API keys ("auth headers")

        ``GET /authheader/list``

        Args:
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            list[AuthHeader]

        Raises:
            errors.AuthenticationError: 401.
            errors.ProviderError: any other status that is not a success (the class of its status).
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        client = self._client
        kwargs = _auth_list_auth_headers._get_kwargs()
        return _auth_list_auth_headers._unwrap(
            client=client, response=await errors.asend(client, kwargs, timeout)
        )

    def delete_auth_header(
        self,
        *,
        body: DeleteAuthHeaderRequest,
        timeout: float | httpx.Timeout | None = None,
    ) -> MessageResponse:
        """Delete an API key ("auth header")

        Deletes the auth header whose token value is sent as `text`.

        ``POST /authheader/delete``

        Args:
            body (DeleteAuthHeaderRequest):
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            MessageResponse

        Raises:
            errors.BadRequestError: 400.
            errors.AuthenticationError: 401.
            errors.ProviderError: any other status that is not a success (the class of its status).
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        client = self._client
        kwargs = _auth_delete_auth_header._get_kwargs(
            body=body,
        )
        return _auth_delete_auth_header._unwrap(
            client=client, response=errors.send(client, kwargs, timeout)
        )

    async def delete_auth_header_async(
        self,
        *,
        body: DeleteAuthHeaderRequest,
        timeout: float | httpx.Timeout | None = None,
    ) -> MessageResponse:
        """Delete an API key ("auth header")

        Deletes the auth header whose token value is sent as `text`.

        ``POST /authheader/delete``

        Args:
            body (DeleteAuthHeaderRequest):
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            MessageResponse

        Raises:
            errors.BadRequestError: 400.
            errors.AuthenticationError: 401.
            errors.ProviderError: any other status that is not a success (the class of its status).
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        client = self._client
        kwargs = _auth_delete_auth_header._get_kwargs(
            body=body,
        )
        return _auth_delete_auth_header._unwrap(
            client=client, response=await errors.asend(client, kwargs, timeout)
        )


class IntelResourceWithRawResponse:
    """The ``intel`` operations returning the whole :class:`Response` (status, headers,
    content, parsed) instead of raising for an error status."""

    __slots__ = ("_client",)

    def __init__(self, client: AuthenticatedClient) -> None:
        self._client = client

    def get_intel_feed(
        self,
        *,
        since: datetime.datetime | Unset = UNSET,
        until: datetime.datetime | Unset = UNSET,
        min_score: float | Unset = UNSET,
        max_score: float | Unset = UNSET,
        order: str | Unset = UNSET,
        url_query: str | Unset = UNSET,
        page: int | Unset = UNSET,
        size: int | Unset = UNSET,
        timeout: float | httpx.Timeout | None = None,
    ) -> Response[Any | IntelFeedPage]:
        """Page through the threat intelligence feed

        Returns one page of predicted-malicious domains, filterable by time window and score.
        Accepts either the JWT or an API key. The query parameters and the page envelope are
        documented; the fields of each item other than `score` are not.

        ``GET /v2/feed/intel``

        Args:
            since (datetime.datetime | Unset): Only items at or after this instant.
            until (datetime.datetime | Unset): Only items before this instant.
            min_score (float | Unset): Minimum threat score (0 to 1).
            max_score (float | Unset): Maximum threat score (0 to 1).
            order (str | Unset): Sort order. Its accepted values are not public.
            url_query (str | Unset): Filter by URL or domain.
            page (int | Unset): Page number, starting at 1.
            size (int | Unset): Items per page (1 to 1000).
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            Response[Any | IntelFeedPage]: any status; ``parsed`` is the model documented for it.

        Raises:
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        return _intel_get_intel_feed.sync_detailed(
            since=since,
            until=until,
            min_score=min_score,
            max_score=max_score,
            order=order,
            url_query=url_query,
            page=page,
            size=size,
            client=self._client,
            timeout=timeout,
        )

    async def get_intel_feed_async(
        self,
        *,
        since: datetime.datetime | Unset = UNSET,
        until: datetime.datetime | Unset = UNSET,
        min_score: float | Unset = UNSET,
        max_score: float | Unset = UNSET,
        order: str | Unset = UNSET,
        url_query: str | Unset = UNSET,
        page: int | Unset = UNSET,
        size: int | Unset = UNSET,
        timeout: float | httpx.Timeout | None = None,
    ) -> Response[Any | IntelFeedPage]:
        """Page through the threat intelligence feed

        Returns one page of predicted-malicious domains, filterable by time window and score.
        Accepts either the JWT or an API key. The query parameters and the page envelope are
        documented; the fields of each item other than `score` are not.

        ``GET /v2/feed/intel``

        Args:
            since (datetime.datetime | Unset): Only items at or after this instant.
            until (datetime.datetime | Unset): Only items before this instant.
            min_score (float | Unset): Minimum threat score (0 to 1).
            max_score (float | Unset): Maximum threat score (0 to 1).
            order (str | Unset): Sort order. Its accepted values are not public.
            url_query (str | Unset): Filter by URL or domain.
            page (int | Unset): Page number, starting at 1.
            size (int | Unset): Items per page (1 to 1000).
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            Response[Any | IntelFeedPage]: any status; ``parsed`` is the model documented for it.

        Raises:
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        return await _intel_get_intel_feed.asyncio_detailed(
            since=since,
            until=until,
            min_score=min_score,
            max_score=max_score,
            order=order,
            url_query=url_query,
            page=page,
            size=size,
            client=self._client,
            timeout=timeout,
        )


class IntelResource:
    """The ``intel`` operations of the bfore.ai PreCrime API."""

    __slots__ = ("_client", "with_raw_response")

    with_raw_response: IntelResourceWithRawResponse
    """The same operations returning the whole :class:`Response` instead of raising."""

    def __init__(self, client: AuthenticatedClient) -> None:
        self._client = client
        self.with_raw_response = IntelResourceWithRawResponse(client)

    def get_intel_feed(
        self,
        *,
        since: datetime.datetime | Unset = UNSET,
        until: datetime.datetime | Unset = UNSET,
        min_score: float | Unset = UNSET,
        max_score: float | Unset = UNSET,
        order: str | Unset = UNSET,
        url_query: str | Unset = UNSET,
        page: int | Unset = UNSET,
        size: int | Unset = UNSET,
        timeout: float | httpx.Timeout | None = None,
    ) -> IntelFeedPage:
        """Page through the threat intelligence feed

        Returns one page of predicted-malicious domains, filterable by time window and score.
        Accepts either the JWT or an API key. The query parameters and the page envelope are
        documented; the fields of each item other than `score` are not.

        ``GET /v2/feed/intel``

        Args:
            since (datetime.datetime | Unset): Only items at or after this instant.
            until (datetime.datetime | Unset): Only items before this instant.
            min_score (float | Unset): Minimum threat score (0 to 1).
            max_score (float | Unset): Maximum threat score (0 to 1).
            order (str | Unset): Sort order. Its accepted values are not public.
            url_query (str | Unset): Filter by URL or domain.
            page (int | Unset): Page number, starting at 1.
            size (int | Unset): Items per page (1 to 1000).
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            IntelFeedPage

        Raises:
            errors.BadRequestError: 400.
            errors.AuthenticationError: 401.
            errors.ProviderError: any other status that is not a success (the class of its status).
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        client = self._client
        kwargs = _intel_get_intel_feed._get_kwargs(
            since=since,
            until=until,
            min_score=min_score,
            max_score=max_score,
            order=order,
            url_query=url_query,
            page=page,
            size=size,
        )
        return _intel_get_intel_feed._unwrap(
            client=client, response=errors.send(client, kwargs, timeout)
        )

    async def get_intel_feed_async(
        self,
        *,
        since: datetime.datetime | Unset = UNSET,
        until: datetime.datetime | Unset = UNSET,
        min_score: float | Unset = UNSET,
        max_score: float | Unset = UNSET,
        order: str | Unset = UNSET,
        url_query: str | Unset = UNSET,
        page: int | Unset = UNSET,
        size: int | Unset = UNSET,
        timeout: float | httpx.Timeout | None = None,
    ) -> IntelFeedPage:
        """Page through the threat intelligence feed

        Returns one page of predicted-malicious domains, filterable by time window and score.
        Accepts either the JWT or an API key. The query parameters and the page envelope are
        documented; the fields of each item other than `score` are not.

        ``GET /v2/feed/intel``

        Args:
            since (datetime.datetime | Unset): Only items at or after this instant.
            until (datetime.datetime | Unset): Only items before this instant.
            min_score (float | Unset): Minimum threat score (0 to 1).
            max_score (float | Unset): Maximum threat score (0 to 1).
            order (str | Unset): Sort order. Its accepted values are not public.
            url_query (str | Unset): Filter by URL or domain.
            page (int | Unset): Page number, starting at 1.
            size (int | Unset): Items per page (1 to 1000).
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            IntelFeedPage

        Raises:
            errors.BadRequestError: 400.
            errors.AuthenticationError: 401.
            errors.ProviderError: any other status that is not a success (the class of its status).
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        client = self._client
        kwargs = _intel_get_intel_feed._get_kwargs(
            since=since,
            until=until,
            min_score=min_score,
            max_score=max_score,
            order=order,
            url_query=url_query,
            page=page,
            size=size,
        )
        return _intel_get_intel_feed._unwrap(
            client=client, response=await errors.asend(client, kwargs, timeout)
        )


class Bforeai:
    """The bfore.ai PreCrime API, one attribute per group of operations.

    ``Bforeai(base_url=..., token=...)`` sends ``token`` in the ``Authorization``
    header (``prefix`` and ``auth_header_name`` change how; without ``token`` no credentials
    are sent, for the login operations); ``Bforeai(client=...)``
    uses a prepared :class:`AuthenticatedClient` (keyhouse passes one that keeps its token
    fresh). ``client`` is that client, for the generated module functions under ``api``.
    """

    __slots__ = (
        "client",
        "auth",
        "intel",
    )

    client: AuthenticatedClient
    """The generated client every operation is sent with."""
    auth: AuthResource
    """``login``, ``renew_token``, ``logout``, ``add_auth_header``, ``list_auth_headers``, ``delete_auth_header``."""
    intel: IntelResource
    """``get_intel_feed``."""

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
                raise TypeError("Bforeai() needs base_url= (and token=), or client=")
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
        self.intel = IntelResource(client)

    def close(self) -> None:
        """Close the sync httpx client (the async one: :meth:`aclose`)."""
        self.client.get_httpx_client().close()

    async def aclose(self) -> None:
        """Close the async httpx client."""
        await self.client.get_async_httpx_client().aclose()

    def __repr__(self) -> str:
        return "<Bforeai client>"


__all__ = (
    "AuthenticatedClient",
    "Client",
    "Bforeai",
    "AuthResource",
    "AuthResourceWithRawResponse",
    "IntelResource",
    "IntelResourceWithRawResponse",
    "errors",
)
