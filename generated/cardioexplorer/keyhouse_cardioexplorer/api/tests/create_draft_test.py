from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.bundle import Bundle
from ...models.draft_test_failure import DraftTestFailure
from ...models.draft_test_response import DraftTestResponse
from ...models.draft_test_validation_failure import DraftTestValidationFailure
from ...types import Response


def _get_kwargs(
    *,
    body: Bundle,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/fhir/draft-test",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DraftTestFailure | DraftTestResponse | DraftTestValidationFailure | None:
    if response.status_code == 200:
        response_200 = DraftTestResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = DraftTestValidationFailure.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = DraftTestFailure.from_dict(response.json())

        return response_401

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[DraftTestFailure | DraftTestResponse | DraftTestValidationFailure]:
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
    client: AuthenticatedClient,
    body: Bundle,
) -> Response[DraftTestFailure | DraftTestResponse | DraftTestValidationFailure]:
    """Generate draft test

     Maps a FHIR R4 `Bundle` (`type: collection`) holding one `Patient` and its
    `Observation`s (LOINC codes) onto the CCS test's inputs and stores a draft test.
    Observations older than 90 days are rejected (listed in `rejectedItems`); inputs the
    test needs but the bundle lacks are listed in `missingItems`. Unlike the
    authentication endpoints the responses are NOT enveloped: they are `success` objects.

    Args:
        body (Bundle): A FHIR R4 Bundle of type `collection` holding one Patient and its
            Observations.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DraftTestFailure | DraftTestResponse | DraftTestValidationFailure]
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
    client: AuthenticatedClient,
    body: Bundle,
) -> DraftTestFailure | DraftTestResponse | DraftTestValidationFailure | None:
    """Generate draft test

     Maps a FHIR R4 `Bundle` (`type: collection`) holding one `Patient` and its
    `Observation`s (LOINC codes) onto the CCS test's inputs and stores a draft test.
    Observations older than 90 days are rejected (listed in `rejectedItems`); inputs the
    test needs but the bundle lacks are listed in `missingItems`. Unlike the
    authentication endpoints the responses are NOT enveloped: they are `success` objects.

    Args:
        body (Bundle): A FHIR R4 Bundle of type `collection` holding one Patient and its
            Observations.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DraftTestFailure | DraftTestResponse | DraftTestValidationFailure
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: Bundle,
) -> Response[DraftTestFailure | DraftTestResponse | DraftTestValidationFailure]:
    """Generate draft test

     Maps a FHIR R4 `Bundle` (`type: collection`) holding one `Patient` and its
    `Observation`s (LOINC codes) onto the CCS test's inputs and stores a draft test.
    Observations older than 90 days are rejected (listed in `rejectedItems`); inputs the
    test needs but the bundle lacks are listed in `missingItems`. Unlike the
    authentication endpoints the responses are NOT enveloped: they are `success` objects.

    Args:
        body (Bundle): A FHIR R4 Bundle of type `collection` holding one Patient and its
            Observations.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DraftTestFailure | DraftTestResponse | DraftTestValidationFailure]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: Bundle,
) -> DraftTestFailure | DraftTestResponse | DraftTestValidationFailure | None:
    """Generate draft test

     Maps a FHIR R4 `Bundle` (`type: collection`) holding one `Patient` and its
    `Observation`s (LOINC codes) onto the CCS test's inputs and stores a draft test.
    Observations older than 90 days are rejected (listed in `rejectedItems`); inputs the
    test needs but the bundle lacks are listed in `missingItems`. Unlike the
    authentication endpoints the responses are NOT enveloped: they are `success` objects.

    Args:
        body (Bundle): A FHIR R4 Bundle of type `collection` holding one Patient and its
            Observations.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DraftTestFailure | DraftTestResponse | DraftTestValidationFailure
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
