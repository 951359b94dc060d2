from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.contact_request import ContactRequest
from ...models.contact_response import ContactResponse
from ...models.error_body import ErrorBody
from ...types import Response


def _get_kwargs(
    *,
    body: ContactRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/contacts",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ContactResponse | ErrorBody | None:
    if response.status_code == 201:
        response_201 = ContactResponse.from_dict(response.json())

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
) -> Response[ContactResponse | ErrorBody]:
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
) -> ContactResponse:
    """The documented success model; any other status raises its typed error (errors.py)."""
    if response.status_code == 201:
        try:
            response_201 = ContactResponse.from_dict(response.json())

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
    body: ContactRequest,
    timeout: float | httpx.Timeout | None = None,
) -> Response[ContactResponse | ErrorBody]:
    """Create a contact

     "Create Contact" node: creates a contact and returns its `contact_id`. Request fields are not
    public; the body below is a keyhouse guess that allows extra fields.

    Args:
        body (ContactRequest): Contact fields for create/update (all optional; extra fields
            allowed).
        timeout (float | httpx.Timeout | None): this call's timeout; None: the client's.

    Raises:
        errors.ProviderError: The typed error of an undocumented status code (errors.UnexpectedStatusError, errors.ServerError, ...) if Client.raise_on_unexpected_status is True.
        errors.ProviderConnectionError: No answer (errors.ProviderTimeoutError: not in time).
        errors.MalformedResponse: A documented body that does not match its model (the client's malformed_response hook may replace it).

    Returns:
        Response[ContactResponse | ErrorBody]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = errors.send(client, kwargs, timeout)

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: ContactRequest,
    timeout: float | httpx.Timeout | None = None,
) -> ContactResponse | ErrorBody | None:
    """Create a contact

     "Create Contact" node: creates a contact and returns its `contact_id`. Request fields are not
    public; the body below is a keyhouse guess that allows extra fields.

    Args:
        body (ContactRequest): Contact fields for create/update (all optional; extra fields
            allowed).
        timeout (float | httpx.Timeout | None): this call's timeout; None: the client's.

    Raises:
        errors.ProviderError: The typed error of an undocumented status code (errors.UnexpectedStatusError, errors.ServerError, ...) if Client.raise_on_unexpected_status is True.
        errors.ProviderConnectionError: No answer (errors.ProviderTimeoutError: not in time).
        errors.MalformedResponse: A documented body that does not match its model (the client's malformed_response hook may replace it).

    Returns:
        ContactResponse | ErrorBody
    """

    return sync_detailed(
        client=client,
        body=body,
        timeout=timeout,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: ContactRequest,
    timeout: float | httpx.Timeout | None = None,
) -> Response[ContactResponse | ErrorBody]:
    """Create a contact

     "Create Contact" node: creates a contact and returns its `contact_id`. Request fields are not
    public; the body below is a keyhouse guess that allows extra fields.

    Args:
        body (ContactRequest): Contact fields for create/update (all optional; extra fields
            allowed).
        timeout (float | httpx.Timeout | None): this call's timeout; None: the client's.

    Raises:
        errors.ProviderError: The typed error of an undocumented status code (errors.UnexpectedStatusError, errors.ServerError, ...) if Client.raise_on_unexpected_status is True.
        errors.ProviderConnectionError: No answer (errors.ProviderTimeoutError: not in time).
        errors.MalformedResponse: A documented body that does not match its model (the client's malformed_response hook may replace it).

    Returns:
        Response[ContactResponse | ErrorBody]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await errors.asend(client, kwargs, timeout)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: ContactRequest,
    timeout: float | httpx.Timeout | None = None,
) -> ContactResponse | ErrorBody | None:
    """Create a contact

     "Create Contact" node: creates a contact and returns its `contact_id`. Request fields are not
    public; the body below is a keyhouse guess that allows extra fields.

    Args:
        body (ContactRequest): Contact fields for create/update (all optional; extra fields
            allowed).
        timeout (float | httpx.Timeout | None): this call's timeout; None: the client's.

    Raises:
        errors.ProviderError: The typed error of an undocumented status code (errors.UnexpectedStatusError, errors.ServerError, ...) if Client.raise_on_unexpected_status is True.
        errors.ProviderConnectionError: No answer (errors.ProviderTimeoutError: not in time).
        errors.MalformedResponse: A documented body that does not match its model (the client's malformed_response hook may replace it).

    Returns:
        ContactResponse | ErrorBody
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            timeout=timeout,
        )
    ).parsed
