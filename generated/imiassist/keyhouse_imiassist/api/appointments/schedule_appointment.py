from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.appointment_request import AppointmentRequest
from ...models.appointment_response import AppointmentResponse
from ...models.error_body import ErrorBody
from ...types import Response


def _get_kwargs(
    *,
    body: AppointmentRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/appointments",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AppointmentResponse | ErrorBody | None:
    if response.status_code == 201:
        response_201 = AppointmentResponse.from_dict(response.json())

        return response_201

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
) -> Response[AppointmentResponse | ErrorBody]:
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
) -> AppointmentResponse:
    """The documented success model; any other status raises its typed error (errors.py)."""
    if response.status_code == 201:
        try:
            response_201 = AppointmentResponse.from_dict(response.json())

            return response_201

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
    client: AuthenticatedClient,
    body: AppointmentRequest,
    timeout: float | httpx.Timeout | None = None,
) -> Response[AppointmentResponse | ErrorBody]:
    """Schedule an appointment

     "Schedule Appointment" node: books an appointment for a contact. Request and response fields are not
    public; the shapes below are keyhouse guesses that allow extra fields.

    Args:
        body (AppointmentRequest): Appointment fields for schedule_appointment (extra fields
            allowed).
        timeout (float | httpx.Timeout | None): this call's timeout; None: the client's.

    Raises:
        errors.ProviderError: The typed error of an undocumented status code (errors.UnexpectedStatusError, errors.ServerError, ...) if Client.raise_on_unexpected_status is True.
        errors.ProviderConnectionError: No answer (errors.ProviderTimeoutError: not in time).
        errors.MalformedResponse: A documented body that does not match its model (the client's malformed_response hook may replace it).

    Returns:
        Response[AppointmentResponse | ErrorBody]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = errors.send(client, kwargs, timeout)

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: AppointmentRequest,
    timeout: float | httpx.Timeout | None = None,
) -> AppointmentResponse | ErrorBody | None:
    """Schedule an appointment

     "Schedule Appointment" node: books an appointment for a contact. Request and response fields are not
    public; the shapes below are keyhouse guesses that allow extra fields.

    Args:
        body (AppointmentRequest): Appointment fields for schedule_appointment (extra fields
            allowed).
        timeout (float | httpx.Timeout | None): this call's timeout; None: the client's.

    Raises:
        errors.ProviderError: The typed error of an undocumented status code (errors.UnexpectedStatusError, errors.ServerError, ...) if Client.raise_on_unexpected_status is True.
        errors.ProviderConnectionError: No answer (errors.ProviderTimeoutError: not in time).
        errors.MalformedResponse: A documented body that does not match its model (the client's malformed_response hook may replace it).

    Returns:
        AppointmentResponse | ErrorBody
    """

    return sync_detailed(
        client=client,
        body=body,
        timeout=timeout,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: AppointmentRequest,
    timeout: float | httpx.Timeout | None = None,
) -> Response[AppointmentResponse | ErrorBody]:
    """Schedule an appointment

     "Schedule Appointment" node: books an appointment for a contact. Request and response fields are not
    public; the shapes below are keyhouse guesses that allow extra fields.

    Args:
        body (AppointmentRequest): Appointment fields for schedule_appointment (extra fields
            allowed).
        timeout (float | httpx.Timeout | None): this call's timeout; None: the client's.

    Raises:
        errors.ProviderError: The typed error of an undocumented status code (errors.UnexpectedStatusError, errors.ServerError, ...) if Client.raise_on_unexpected_status is True.
        errors.ProviderConnectionError: No answer (errors.ProviderTimeoutError: not in time).
        errors.MalformedResponse: A documented body that does not match its model (the client's malformed_response hook may replace it).

    Returns:
        Response[AppointmentResponse | ErrorBody]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await errors.asend(client, kwargs, timeout)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: AppointmentRequest,
    timeout: float | httpx.Timeout | None = None,
) -> AppointmentResponse | ErrorBody | None:
    """Schedule an appointment

     "Schedule Appointment" node: books an appointment for a contact. Request and response fields are not
    public; the shapes below are keyhouse guesses that allow extra fields.

    Args:
        body (AppointmentRequest): Appointment fields for schedule_appointment (extra fields
            allowed).
        timeout (float | httpx.Timeout | None): this call's timeout; None: the client's.

    Raises:
        errors.ProviderError: The typed error of an undocumented status code (errors.UnexpectedStatusError, errors.ServerError, ...) if Client.raise_on_unexpected_status is True.
        errors.ProviderConnectionError: No answer (errors.ProviderTimeoutError: not in time).
        errors.MalformedResponse: A documented body that does not match its model (the client's malformed_response hook may replace it).

    Returns:
        AppointmentResponse | ErrorBody
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            timeout=timeout,
        )
    ).parsed
