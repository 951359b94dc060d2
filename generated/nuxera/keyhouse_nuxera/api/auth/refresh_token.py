from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.refresh_request import RefreshRequest
from ...models.refresh_response import RefreshResponse
from ...types import Response


def _get_kwargs(
    *,
    body: RefreshRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/auth/refresh",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorBody | RefreshResponse | None:
    if response.status_code == 200:
        response_200 = RefreshResponse.from_dict(response.json())

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

    if client.raise_on_unexpected_status:
        raise errors.status_error(client, response, None)
    else:
        return None


def _status(code: int) -> HTTPStatus | int:
    # HTTPStatus(520) raises ValueError: keep a status it does not know as a plain int.
    try:
        return HTTPStatus(code)
    except ValueError:
        return code


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorBody | RefreshResponse]:
    try:
        parsed = _parse_response(client=client, response=response)
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise errors.malformed_response(client, response, error) from None
    return Response(
        status_code=_status(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=parsed,
    )


def _unwrap(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> RefreshResponse:
    """The documented success model; any other status raises its typed error (errors.py)."""
    if response.status_code == 200:
        try:
            response_200 = RefreshResponse.from_dict(response.json())

            return response_200

        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise errors.malformed_response(client, response, error) from None
    raise errors.status_error(client, response, _error_body(response))


def _error_body(response: httpx.Response) -> Any:
    """The error model the spec documents for this status; else the JSON body; else None."""
    try:
        if response.status_code == 400:
            response_400 = ErrorBody.from_dict(response.json())

            return response_400

        if response.status_code == 401:
            response_401 = ErrorBody.from_dict(response.json())

            return response_401

        if response.status_code == 404:
            response_404 = ErrorBody.from_dict(response.json())

            return response_404

        return response.json()
    except (KeyError, TypeError, ValueError, AttributeError):
        pass
    try:  # not the documented shape: the JSON as it is
        return response.json()
    except ValueError:
        return None


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: RefreshRequest,
    timeout: float | httpx.Timeout | None = None,
) -> Response[ErrorBody | RefreshResponse]:
    """Exchange a staging refresh token for a new access token

     The staging version of the login page returns a `refreshToken` (with 15-minute access
    tokens) but does not publish the path that takes it. keyhouse guesses this one: when a
    login gave a refresh token, it renews here first and falls back to a login on any
    refusal; a 404 (a host without this path, as production is assumed to be) makes it
    stop trying for that configuration.

    Args:
        body (RefreshRequest): The refresh token from a staging login.
        timeout (float | httpx.Timeout | None): this call's timeout; None: the client's.

    Raises:
        errors.ProviderError: The typed error of an undocumented status code (errors.UnexpectedStatusError, errors.ServerError, ...) if Client.raise_on_unexpected_status is True.
        errors.ProviderConnectionError: No answer (errors.ProviderTimeoutError: not in time).
        errors.MalformedResponse: A documented body that does not match its model (the client's malformed_response hook may replace it).

    Returns:
        Response[ErrorBody | RefreshResponse]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = errors.send(client, kwargs, timeout)

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: RefreshRequest,
    timeout: float | httpx.Timeout | None = None,
) -> ErrorBody | RefreshResponse | None:
    """Exchange a staging refresh token for a new access token

     The staging version of the login page returns a `refreshToken` (with 15-minute access
    tokens) but does not publish the path that takes it. keyhouse guesses this one: when a
    login gave a refresh token, it renews here first and falls back to a login on any
    refusal; a 404 (a host without this path, as production is assumed to be) makes it
    stop trying for that configuration.

    Args:
        body (RefreshRequest): The refresh token from a staging login.
        timeout (float | httpx.Timeout | None): this call's timeout; None: the client's.

    Raises:
        errors.ProviderError: The typed error of an undocumented status code (errors.UnexpectedStatusError, errors.ServerError, ...) if Client.raise_on_unexpected_status is True.
        errors.ProviderConnectionError: No answer (errors.ProviderTimeoutError: not in time).
        errors.MalformedResponse: A documented body that does not match its model (the client's malformed_response hook may replace it).

    Returns:
        ErrorBody | RefreshResponse
    """

    return sync_detailed(
        client=client,
        body=body,
        timeout=timeout,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: RefreshRequest,
    timeout: float | httpx.Timeout | None = None,
) -> Response[ErrorBody | RefreshResponse]:
    """Exchange a staging refresh token for a new access token

     The staging version of the login page returns a `refreshToken` (with 15-minute access
    tokens) but does not publish the path that takes it. keyhouse guesses this one: when a
    login gave a refresh token, it renews here first and falls back to a login on any
    refusal; a 404 (a host without this path, as production is assumed to be) makes it
    stop trying for that configuration.

    Args:
        body (RefreshRequest): The refresh token from a staging login.
        timeout (float | httpx.Timeout | None): this call's timeout; None: the client's.

    Raises:
        errors.ProviderError: The typed error of an undocumented status code (errors.UnexpectedStatusError, errors.ServerError, ...) if Client.raise_on_unexpected_status is True.
        errors.ProviderConnectionError: No answer (errors.ProviderTimeoutError: not in time).
        errors.MalformedResponse: A documented body that does not match its model (the client's malformed_response hook may replace it).

    Returns:
        Response[ErrorBody | RefreshResponse]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await errors.asend(client, kwargs, timeout)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: RefreshRequest,
    timeout: float | httpx.Timeout | None = None,
) -> ErrorBody | RefreshResponse | None:
    """Exchange a staging refresh token for a new access token

     The staging version of the login page returns a `refreshToken` (with 15-minute access
    tokens) but does not publish the path that takes it. keyhouse guesses this one: when a
    login gave a refresh token, it renews here first and falls back to a login on any
    refusal; a 404 (a host without this path, as production is assumed to be) makes it
    stop trying for that configuration.

    Args:
        body (RefreshRequest): The refresh token from a staging login.
        timeout (float | httpx.Timeout | None): this call's timeout; None: the client's.

    Raises:
        errors.ProviderError: The typed error of an undocumented status code (errors.UnexpectedStatusError, errors.ServerError, ...) if Client.raise_on_unexpected_status is True.
        errors.ProviderConnectionError: No answer (errors.ProviderTimeoutError: not in time).
        errors.MalformedResponse: A documented body that does not match its model (the client's malformed_response hook may replace it).

    Returns:
        ErrorBody | RefreshResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            timeout=timeout,
        )
    ).parsed
