from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.session_list import SessionList
from ...types import Response


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/auth/session",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorBody | SessionList | None:
    if response.status_code == 200:
        response_200 = SessionList.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = ErrorBody.from_dict(response.json())

        return response_401

    if response.status_code == 500:
        response_500 = ErrorBody.from_dict(response.json())

        return response_500

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
) -> Response[ErrorBody | SessionList]:
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
) -> SessionList:
    """The documented success model; any other status raises its typed error (errors.py)."""
    if response.status_code == 200:
        try:
            response_200 = SessionList.from_dict(response.json())

            return response_200

        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise errors.malformed_response(client, response, error) from None
    raise errors.status_error(client, response, _error_body(response))


def _error_body(response: httpx.Response) -> Any:
    """The error model the spec documents for this status; else the JSON body; else None."""
    try:
        if response.status_code == 401:
            response_401 = ErrorBody.from_dict(response.json())

            return response_401

        if response.status_code == 500:
            response_500 = ErrorBody.from_dict(response.json())

            return response_500

        return response.json()
    except (KeyError, TypeError, ValueError, AttributeError):
        pass
    try:  # not the documented shape: the JSON as it is
        return response.json()
    except ValueError:
        return None


def sync_detailed(
    *,
    client: AuthenticatedClient,
    timeout: float | httpx.Timeout | None = None,
) -> Response[ErrorBody | SessionList]:
    """List the user's login sessions

     Lists the current user's sessions (one per login).

    Args:
        timeout (float | httpx.Timeout | None): this call's timeout; None: the client's.

    Raises:
        errors.ProviderError: The typed error of an undocumented status code (errors.UnexpectedStatusError, errors.ServerError, ...) if Client.raise_on_unexpected_status is True.
        errors.ProviderConnectionError: No answer (errors.ProviderTimeoutError: not in time).
        errors.MalformedResponse: A documented body that does not match its model (the client's malformed_response hook may replace it).

    Returns:
        Response[ErrorBody | SessionList]
    """

    kwargs = _get_kwargs()

    response = errors.send(client, kwargs, timeout)

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    timeout: float | httpx.Timeout | None = None,
) -> ErrorBody | SessionList | None:
    """List the user's login sessions

     Lists the current user's sessions (one per login).

    Args:
        timeout (float | httpx.Timeout | None): this call's timeout; None: the client's.

    Raises:
        errors.ProviderError: The typed error of an undocumented status code (errors.UnexpectedStatusError, errors.ServerError, ...) if Client.raise_on_unexpected_status is True.
        errors.ProviderConnectionError: No answer (errors.ProviderTimeoutError: not in time).
        errors.MalformedResponse: A documented body that does not match its model (the client's malformed_response hook may replace it).

    Returns:
        ErrorBody | SessionList
    """

    return sync_detailed(
        client=client,
        timeout=timeout,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    timeout: float | httpx.Timeout | None = None,
) -> Response[ErrorBody | SessionList]:
    """List the user's login sessions

     Lists the current user's sessions (one per login).

    Args:
        timeout (float | httpx.Timeout | None): this call's timeout; None: the client's.

    Raises:
        errors.ProviderError: The typed error of an undocumented status code (errors.UnexpectedStatusError, errors.ServerError, ...) if Client.raise_on_unexpected_status is True.
        errors.ProviderConnectionError: No answer (errors.ProviderTimeoutError: not in time).
        errors.MalformedResponse: A documented body that does not match its model (the client's malformed_response hook may replace it).

    Returns:
        Response[ErrorBody | SessionList]
    """

    kwargs = _get_kwargs()

    response = await errors.asend(client, kwargs, timeout)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    timeout: float | httpx.Timeout | None = None,
) -> ErrorBody | SessionList | None:
    """List the user's login sessions

     Lists the current user's sessions (one per login).

    Args:
        timeout (float | httpx.Timeout | None): this call's timeout; None: the client's.

    Raises:
        errors.ProviderError: The typed error of an undocumented status code (errors.UnexpectedStatusError, errors.ServerError, ...) if Client.raise_on_unexpected_status is True.
        errors.ProviderConnectionError: No answer (errors.ProviderTimeoutError: not in time).
        errors.MalformedResponse: A documented body that does not match its model (the client's malformed_response hook may replace it).

    Returns:
        ErrorBody | SessionList
    """

    return (
        await asyncio_detailed(
            client=client,
            timeout=timeout,
        )
    ).parsed
