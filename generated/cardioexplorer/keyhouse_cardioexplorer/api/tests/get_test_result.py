from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.patient_report import PatientReport
from ...types import Response


def _get_kwargs(
    id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/ccs/v1/tests/{id}/result".format(
            id=quote(str(id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | PatientReport | None:
    if response.status_code == 200:
        response_200 = PatientReport.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = cast(Any, None)
        return response_401

    if response.status_code == 403:
        response_403 = cast(Any, None)
        return response_403

    if response.status_code == 404:
        response_404 = cast(Any, None)
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
) -> Response[Any | PatientReport]:
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
) -> PatientReport:
    """The documented success model; any other status raises its typed error (errors.py)."""
    if response.status_code == 200:
        try:
            response_200 = PatientReport.from_dict(response.json())

            return response_200

        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise errors.malformed_response(client, response, error) from None
    raise errors.status_error(client, response, _error_body(response))


def _error_body(response: httpx.Response) -> Any:
    """The error model the spec documents for this status; else the JSON body; else None."""
    try:
        return response.json()
    except (KeyError, TypeError, ValueError, AttributeError):
        pass
    try:  # not the documented shape: the JSON as it is
        return response.json()
    except ValueError:
        return None


def sync_detailed(
    id: str,
    *,
    client: AuthenticatedClient,
    timeout: float | httpx.Timeout | None = None,
) -> Response[Any | PatientReport]:
    """Get CCSTest result

     Returns the `PatientReport` of a test that has run. Only the beginning of the report
    (`testId`, `patientInfo`, `testDate`) is public; the other fields are guesses and
    marked `x-unverified`, and the schema allows further properties.

    Args:
        id (str): The test id (the `draftTestId` returned by `create_draft_test`).
        timeout (float | httpx.Timeout | None): this call's timeout; None: the client's.

    Raises:
        errors.ProviderError: The typed error of an undocumented status code (errors.UnexpectedStatusError, errors.ServerError, ...) if Client.raise_on_unexpected_status is True.
        errors.ProviderConnectionError: No answer (errors.ProviderTimeoutError: not in time).
        errors.MalformedResponse: A documented body that does not match its model (the client's malformed_response hook may replace it).

    Returns:
        Response[Any | PatientReport]
    """

    kwargs = _get_kwargs(
        id=id,
    )

    response = errors.send(client, kwargs, timeout)

    return _build_response(client=client, response=response)


def sync(
    id: str,
    *,
    client: AuthenticatedClient,
    timeout: float | httpx.Timeout | None = None,
) -> Any | PatientReport | None:
    """Get CCSTest result

     Returns the `PatientReport` of a test that has run. Only the beginning of the report
    (`testId`, `patientInfo`, `testDate`) is public; the other fields are guesses and
    marked `x-unverified`, and the schema allows further properties.

    Args:
        id (str): The test id (the `draftTestId` returned by `create_draft_test`).
        timeout (float | httpx.Timeout | None): this call's timeout; None: the client's.

    Raises:
        errors.ProviderError: The typed error of an undocumented status code (errors.UnexpectedStatusError, errors.ServerError, ...) if Client.raise_on_unexpected_status is True.
        errors.ProviderConnectionError: No answer (errors.ProviderTimeoutError: not in time).
        errors.MalformedResponse: A documented body that does not match its model (the client's malformed_response hook may replace it).

    Returns:
        Any | PatientReport
    """

    return sync_detailed(
        id=id,
        client=client,
        timeout=timeout,
    ).parsed


async def asyncio_detailed(
    id: str,
    *,
    client: AuthenticatedClient,
    timeout: float | httpx.Timeout | None = None,
) -> Response[Any | PatientReport]:
    """Get CCSTest result

     Returns the `PatientReport` of a test that has run. Only the beginning of the report
    (`testId`, `patientInfo`, `testDate`) is public; the other fields are guesses and
    marked `x-unverified`, and the schema allows further properties.

    Args:
        id (str): The test id (the `draftTestId` returned by `create_draft_test`).
        timeout (float | httpx.Timeout | None): this call's timeout; None: the client's.

    Raises:
        errors.ProviderError: The typed error of an undocumented status code (errors.UnexpectedStatusError, errors.ServerError, ...) if Client.raise_on_unexpected_status is True.
        errors.ProviderConnectionError: No answer (errors.ProviderTimeoutError: not in time).
        errors.MalformedResponse: A documented body that does not match its model (the client's malformed_response hook may replace it).

    Returns:
        Response[Any | PatientReport]
    """

    kwargs = _get_kwargs(
        id=id,
    )

    response = await errors.asend(client, kwargs, timeout)

    return _build_response(client=client, response=response)


async def asyncio(
    id: str,
    *,
    client: AuthenticatedClient,
    timeout: float | httpx.Timeout | None = None,
) -> Any | PatientReport | None:
    """Get CCSTest result

     Returns the `PatientReport` of a test that has run. Only the beginning of the report
    (`testId`, `patientInfo`, `testDate`) is public; the other fields are guesses and
    marked `x-unverified`, and the schema allows further properties.

    Args:
        id (str): The test id (the `draftTestId` returned by `create_draft_test`).
        timeout (float | httpx.Timeout | None): this call's timeout; None: the client's.

    Raises:
        errors.ProviderError: The typed error of an undocumented status code (errors.UnexpectedStatusError, errors.ServerError, ...) if Client.raise_on_unexpected_status is True.
        errors.ProviderConnectionError: No answer (errors.ProviderTimeoutError: not in time).
        errors.MalformedResponse: A documented body that does not match its model (the client's malformed_response hook may replace it).

    Returns:
        Any | PatientReport
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            timeout=timeout,
        )
    ).parsed
