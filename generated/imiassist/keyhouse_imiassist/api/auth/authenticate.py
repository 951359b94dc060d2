from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.authenticate_request import AuthenticateRequest
from ...models.authenticate_response import AuthenticateResponse
from ...models.error_body import ErrorBody
from ...types import Response


def _get_kwargs(
    *,
    body: AuthenticateRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/auth/login",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AuthenticateResponse | ErrorBody | None:
    if response.status_code == 200:
        response_200 = AuthenticateResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorBody.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorBody.from_dict(response.json())

        return response_401

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
) -> Response[AuthenticateResponse | ErrorBody]:
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
) -> AuthenticateResponse:
    """The documented success model; any other status raises its typed error (errors.py)."""
    if response.status_code == 200:
        try:
            response_200 = AuthenticateResponse.from_dict(response.json())

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
    body: AuthenticateRequest,
    timeout: float | httpx.Timeout | None = None,
) -> Response[AuthenticateResponse | ErrorBody]:
    """Authenticate the integration user

     "Authenticate" node: exchanges the integration user's email and password for a refresh token and an
    access token (an HS256 JWT whose payload starts `{"type": "access", "exp": ...}`). The access token
    is only used to obtain an API key and token. Path and method are a keyhouse guess.

    Args:
        body (AuthenticateRequest): The integration user's credentials ("USER EMAIL", "USER
            PASSWORD" node inputs).
        timeout (float | httpx.Timeout | None): this call's timeout; None: the client's.

    Raises:
        errors.ProviderError: The typed error of an undocumented status code (errors.UnexpectedStatusError, errors.ServerError, ...) if Client.raise_on_unexpected_status is True.
        errors.ProviderConnectionError: No answer (errors.ProviderTimeoutError: not in time).
        errors.MalformedResponse: A documented body that does not match its model (the client's malformed_response hook may replace it).

    Returns:
        Response[AuthenticateResponse | ErrorBody]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = errors.send(client, kwargs, timeout)

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: AuthenticateRequest,
    timeout: float | httpx.Timeout | None = None,
) -> AuthenticateResponse | ErrorBody | None:
    """Authenticate the integration user

     "Authenticate" node: exchanges the integration user's email and password for a refresh token and an
    access token (an HS256 JWT whose payload starts `{"type": "access", "exp": ...}`). The access token
    is only used to obtain an API key and token. Path and method are a keyhouse guess.

    Args:
        body (AuthenticateRequest): The integration user's credentials ("USER EMAIL", "USER
            PASSWORD" node inputs).
        timeout (float | httpx.Timeout | None): this call's timeout; None: the client's.

    Raises:
        errors.ProviderError: The typed error of an undocumented status code (errors.UnexpectedStatusError, errors.ServerError, ...) if Client.raise_on_unexpected_status is True.
        errors.ProviderConnectionError: No answer (errors.ProviderTimeoutError: not in time).
        errors.MalformedResponse: A documented body that does not match its model (the client's malformed_response hook may replace it).

    Returns:
        AuthenticateResponse | ErrorBody
    """

    return sync_detailed(
        client=client,
        body=body,
        timeout=timeout,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: AuthenticateRequest,
    timeout: float | httpx.Timeout | None = None,
) -> Response[AuthenticateResponse | ErrorBody]:
    """Authenticate the integration user

     "Authenticate" node: exchanges the integration user's email and password for a refresh token and an
    access token (an HS256 JWT whose payload starts `{"type": "access", "exp": ...}`). The access token
    is only used to obtain an API key and token. Path and method are a keyhouse guess.

    Args:
        body (AuthenticateRequest): The integration user's credentials ("USER EMAIL", "USER
            PASSWORD" node inputs).
        timeout (float | httpx.Timeout | None): this call's timeout; None: the client's.

    Raises:
        errors.ProviderError: The typed error of an undocumented status code (errors.UnexpectedStatusError, errors.ServerError, ...) if Client.raise_on_unexpected_status is True.
        errors.ProviderConnectionError: No answer (errors.ProviderTimeoutError: not in time).
        errors.MalformedResponse: A documented body that does not match its model (the client's malformed_response hook may replace it).

    Returns:
        Response[AuthenticateResponse | ErrorBody]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await errors.asend(client, kwargs, timeout)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: AuthenticateRequest,
    timeout: float | httpx.Timeout | None = None,
) -> AuthenticateResponse | ErrorBody | None:
    """Authenticate the integration user

     "Authenticate" node: exchanges the integration user's email and password for a refresh token and an
    access token (an HS256 JWT whose payload starts `{"type": "access", "exp": ...}`). The access token
    is only used to obtain an API key and token. Path and method are a keyhouse guess.

    Args:
        body (AuthenticateRequest): The integration user's credentials ("USER EMAIL", "USER
            PASSWORD" node inputs).
        timeout (float | httpx.Timeout | None): this call's timeout; None: the client's.

    Raises:
        errors.ProviderError: The typed error of an undocumented status code (errors.UnexpectedStatusError, errors.ServerError, ...) if Client.raise_on_unexpected_status is True.
        errors.ProviderConnectionError: No answer (errors.ProviderTimeoutError: not in time).
        errors.MalformedResponse: A documented body that does not match its model (the client's malformed_response hook may replace it).

    Returns:
        AuthenticateResponse | ErrorBody
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            timeout=timeout,
        )
    ).parsed
