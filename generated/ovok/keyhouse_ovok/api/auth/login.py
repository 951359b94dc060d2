from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.login_request import LoginRequest
from ...models.login_response import LoginResponse
from ...types import Response


def _get_kwargs(
    *,
    body: LoginRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v2/auth/login",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorBody | LoginResponse | None:
    if response.status_code == 200:
        response_200 = LoginResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorBody.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorBody.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = ErrorBody.from_dict(response.json())

        return response_404

    if response.status_code == 422:
        response_422 = ErrorBody.from_dict(response.json())

        return response_422

    if response.status_code == 500:
        response_500 = ErrorBody.from_dict(response.json())

        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorBody | LoginResponse]:
    try:
        parsed = _parse_response(client=client, response=response)
    except errors.UnexpectedStatus:
        raise
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise errors.malformed_response(client, response, error) from None
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=parsed,
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: LoginRequest,
) -> Response[ErrorBody | LoginResponse]:
    """Log in with email, password and client id

     Authenticates a user and returns a JWT access token (valid one hour), a refresh token and the user's
    project and profile. Documentation versions disagree on the path: the page's cURL example posts to
    `/auth/login`, while the page itself (the newest production reference) says `POST /v2/auth/login`.
    keyhouse logs in here first (the page's own statement, and the versioned path) and falls back to
    `login_unversioned` (`/auth/login`, the cURL example's path) when this one answers 404.

    Args:
        body (LoginRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | LoginResponse]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: LoginRequest,
) -> ErrorBody | LoginResponse | None:
    """Log in with email, password and client id

     Authenticates a user and returns a JWT access token (valid one hour), a refresh token and the user's
    project and profile. Documentation versions disagree on the path: the page's cURL example posts to
    `/auth/login`, while the page itself (the newest production reference) says `POST /v2/auth/login`.
    keyhouse logs in here first (the page's own statement, and the versioned path) and falls back to
    `login_unversioned` (`/auth/login`, the cURL example's path) when this one answers 404.

    Args:
        body (LoginRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | LoginResponse
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: LoginRequest,
) -> Response[ErrorBody | LoginResponse]:
    """Log in with email, password and client id

     Authenticates a user and returns a JWT access token (valid one hour), a refresh token and the user's
    project and profile. Documentation versions disagree on the path: the page's cURL example posts to
    `/auth/login`, while the page itself (the newest production reference) says `POST /v2/auth/login`.
    keyhouse logs in here first (the page's own statement, and the versioned path) and falls back to
    `login_unversioned` (`/auth/login`, the cURL example's path) when this one answers 404.

    Args:
        body (LoginRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | LoginResponse]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: LoginRequest,
) -> ErrorBody | LoginResponse | None:
    """Log in with email, password and client id

     Authenticates a user and returns a JWT access token (valid one hour), a refresh token and the user's
    project and profile. Documentation versions disagree on the path: the page's cURL example posts to
    `/auth/login`, while the page itself (the newest production reference) says `POST /v2/auth/login`.
    keyhouse logs in here first (the page's own statement, and the versioned path) and falls back to
    `login_unversioned` (`/auth/login`, the cURL example's path) when this one answers 404.

    Args:
        body (LoginRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | LoginResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
