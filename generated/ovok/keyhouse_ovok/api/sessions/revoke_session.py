from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.revoke_session_response import RevokeSessionResponse
from ...types import Response


def _get_kwargs(
    option: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/auth/session/{option}".format(
            option=quote(str(option), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | ErrorBody | RevokeSessionResponse | None:
    if response.status_code == 200:
        response_200 = RevokeSessionResponse.from_dict(response.json())

        return response_200

    if response.status_code == 204:
        response_204 = cast(Any, None)
        return response_204

    if response.status_code == 400:
        response_400 = ErrorBody.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorBody.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = ErrorBody.from_dict(response.json())

        return response_404

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
) -> Response[Any | ErrorBody | RevokeSessionResponse]:
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
) -> RevokeSessionResponse | None:
    """The documented success model; any other status raises its typed error (errors.py)."""
    if response.status_code == 200:
        try:
            response_200 = RevokeSessionResponse.from_dict(response.json())

            return response_200

        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise errors.malformed_response(client, response, error) from None
    if response.status_code == 204:
        return None
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
    option: str,
    *,
    client: AuthenticatedClient,
    timeout: float | httpx.Timeout | None = None,
) -> Response[Any | ErrorBody | RevokeSessionResponse]:
    """Revoke sessions (logout)

     Revokes the access and refresh tokens of the selected sessions: `current` (this session, i.e.
    logout), `other` (every session except this one), `all`, or one session by its id (a uuid from
    list_sessions). The response body is not public.

    Args:
        option (str): `current`, `other`, `all`, or a session id (uuid).
        timeout (float | httpx.Timeout | None): this call's timeout; None: the client's.

    Raises:
        errors.ProviderError: The typed error of an undocumented status code (errors.UnexpectedStatusError, errors.ServerError, ...) if Client.raise_on_unexpected_status is True.
        errors.ProviderConnectionError: No answer (errors.ProviderTimeoutError: not in time).
        errors.MalformedResponse: A documented body that does not match its model (the client's malformed_response hook may replace it).

    Returns:
        Response[Any | ErrorBody | RevokeSessionResponse]
    """

    kwargs = _get_kwargs(
        option=option,
    )

    response = errors.send(client, kwargs, timeout)

    return _build_response(client=client, response=response)


def sync(
    option: str,
    *,
    client: AuthenticatedClient,
    timeout: float | httpx.Timeout | None = None,
) -> Any | ErrorBody | RevokeSessionResponse | None:
    """Revoke sessions (logout)

     Revokes the access and refresh tokens of the selected sessions: `current` (this session, i.e.
    logout), `other` (every session except this one), `all`, or one session by its id (a uuid from
    list_sessions). The response body is not public.

    Args:
        option (str): `current`, `other`, `all`, or a session id (uuid).
        timeout (float | httpx.Timeout | None): this call's timeout; None: the client's.

    Raises:
        errors.ProviderError: The typed error of an undocumented status code (errors.UnexpectedStatusError, errors.ServerError, ...) if Client.raise_on_unexpected_status is True.
        errors.ProviderConnectionError: No answer (errors.ProviderTimeoutError: not in time).
        errors.MalformedResponse: A documented body that does not match its model (the client's malformed_response hook may replace it).

    Returns:
        Any | ErrorBody | RevokeSessionResponse
    """

    return sync_detailed(
        option=option,
        client=client,
        timeout=timeout,
    ).parsed


async def asyncio_detailed(
    option: str,
    *,
    client: AuthenticatedClient,
    timeout: float | httpx.Timeout | None = None,
) -> Response[Any | ErrorBody | RevokeSessionResponse]:
    """Revoke sessions (logout)

     Revokes the access and refresh tokens of the selected sessions: `current` (this session, i.e.
    logout), `other` (every session except this one), `all`, or one session by its id (a uuid from
    list_sessions). The response body is not public.

    Args:
        option (str): `current`, `other`, `all`, or a session id (uuid).
        timeout (float | httpx.Timeout | None): this call's timeout; None: the client's.

    Raises:
        errors.ProviderError: The typed error of an undocumented status code (errors.UnexpectedStatusError, errors.ServerError, ...) if Client.raise_on_unexpected_status is True.
        errors.ProviderConnectionError: No answer (errors.ProviderTimeoutError: not in time).
        errors.MalformedResponse: A documented body that does not match its model (the client's malformed_response hook may replace it).

    Returns:
        Response[Any | ErrorBody | RevokeSessionResponse]
    """

    kwargs = _get_kwargs(
        option=option,
    )

    response = await errors.asend(client, kwargs, timeout)

    return _build_response(client=client, response=response)


async def asyncio(
    option: str,
    *,
    client: AuthenticatedClient,
    timeout: float | httpx.Timeout | None = None,
) -> Any | ErrorBody | RevokeSessionResponse | None:
    """Revoke sessions (logout)

     Revokes the access and refresh tokens of the selected sessions: `current` (this session, i.e.
    logout), `other` (every session except this one), `all`, or one session by its id (a uuid from
    list_sessions). The response body is not public.

    Args:
        option (str): `current`, `other`, `all`, or a session id (uuid).
        timeout (float | httpx.Timeout | None): this call's timeout; None: the client's.

    Raises:
        errors.ProviderError: The typed error of an undocumented status code (errors.UnexpectedStatusError, errors.ServerError, ...) if Client.raise_on_unexpected_status is True.
        errors.ProviderConnectionError: No answer (errors.ProviderTimeoutError: not in time).
        errors.MalformedResponse: A documented body that does not match its model (the client's malformed_response hook may replace it).

    Returns:
        Any | ErrorBody | RevokeSessionResponse
    """

    return (
        await asyncio_detailed(
            option=option,
            client=client,
            timeout=timeout,
        )
    ).parsed
