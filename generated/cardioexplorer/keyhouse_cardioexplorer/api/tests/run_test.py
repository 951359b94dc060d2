from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.language import Language
from ...models.test_response import TestResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    id: str,
    *,
    language: Language | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_language: str | Unset = UNSET
    if not isinstance(language, Unset):
        json_language = language.value

    params["language"] = json_language

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/ccs/v1/tests/{id}/run".format(
            id=quote(str(id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | TestResponse | None:
    if response.status_code == 200:
        response_200 = TestResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = cast(Any, None)
        return response_400

    if response.status_code == 401:
        response_401 = cast(Any, None)
        return response_401

    if response.status_code == 403:
        response_403 = cast(Any, None)
        return response_403

    if response.status_code == 404:
        response_404 = cast(Any, None)
        return response_404

    if response.status_code == 500:
        response_500 = cast(Any, None)
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
) -> Response[Any | TestResponse]:
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
) -> TestResponse:
    """The documented success model; any other status raises its typed error (errors.py)."""
    if response.status_code == 200:
        try:
            response_200 = TestResponse.from_dict(response.json())

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
    language: Language | Unset = UNSET,
    timeout: float | httpx.Timeout | None = None,
) -> Response[Any | TestResponse]:
    """Run CCSTest

     Runs the CCS test for a draft test (the `draftTestId` returned by `create_draft_test`)
    and returns its risk score. `riskLevel` and `recommendation` are localised by the
    optional `language` query parameter. No request body.

    Args:
        id (str): The test id (the `draftTestId` returned by `create_draft_test`).
        language (Language | Unset): Language of localised fields.
        timeout (float | httpx.Timeout | None): this call's timeout; None: the client's.

    Raises:
        errors.ProviderError: The typed error of an undocumented status code (errors.UnexpectedStatusError, errors.ServerError, ...) if Client.raise_on_unexpected_status is True.
        errors.ProviderConnectionError: No answer (errors.ProviderTimeoutError: not in time).
        errors.MalformedResponse: A documented body that does not match its model (the client's malformed_response hook may replace it).

    Returns:
        Response[Any | TestResponse]
    """

    kwargs = _get_kwargs(
        id=id,
        language=language,
    )

    response = errors.send(client, kwargs, timeout)

    return _build_response(client=client, response=response)


def sync(
    id: str,
    *,
    client: AuthenticatedClient,
    language: Language | Unset = UNSET,
    timeout: float | httpx.Timeout | None = None,
) -> Any | TestResponse | None:
    """Run CCSTest

     Runs the CCS test for a draft test (the `draftTestId` returned by `create_draft_test`)
    and returns its risk score. `riskLevel` and `recommendation` are localised by the
    optional `language` query parameter. No request body.

    Args:
        id (str): The test id (the `draftTestId` returned by `create_draft_test`).
        language (Language | Unset): Language of localised fields.
        timeout (float | httpx.Timeout | None): this call's timeout; None: the client's.

    Raises:
        errors.ProviderError: The typed error of an undocumented status code (errors.UnexpectedStatusError, errors.ServerError, ...) if Client.raise_on_unexpected_status is True.
        errors.ProviderConnectionError: No answer (errors.ProviderTimeoutError: not in time).
        errors.MalformedResponse: A documented body that does not match its model (the client's malformed_response hook may replace it).

    Returns:
        Any | TestResponse
    """

    return sync_detailed(
        id=id,
        client=client,
        language=language,
        timeout=timeout,
    ).parsed


async def asyncio_detailed(
    id: str,
    *,
    client: AuthenticatedClient,
    language: Language | Unset = UNSET,
    timeout: float | httpx.Timeout | None = None,
) -> Response[Any | TestResponse]:
    """Run CCSTest

     Runs the CCS test for a draft test (the `draftTestId` returned by `create_draft_test`)
    and returns its risk score. `riskLevel` and `recommendation` are localised by the
    optional `language` query parameter. No request body.

    Args:
        id (str): The test id (the `draftTestId` returned by `create_draft_test`).
        language (Language | Unset): Language of localised fields.
        timeout (float | httpx.Timeout | None): this call's timeout; None: the client's.

    Raises:
        errors.ProviderError: The typed error of an undocumented status code (errors.UnexpectedStatusError, errors.ServerError, ...) if Client.raise_on_unexpected_status is True.
        errors.ProviderConnectionError: No answer (errors.ProviderTimeoutError: not in time).
        errors.MalformedResponse: A documented body that does not match its model (the client's malformed_response hook may replace it).

    Returns:
        Response[Any | TestResponse]
    """

    kwargs = _get_kwargs(
        id=id,
        language=language,
    )

    response = await errors.asend(client, kwargs, timeout)

    return _build_response(client=client, response=response)


async def asyncio(
    id: str,
    *,
    client: AuthenticatedClient,
    language: Language | Unset = UNSET,
    timeout: float | httpx.Timeout | None = None,
) -> Any | TestResponse | None:
    """Run CCSTest

     Runs the CCS test for a draft test (the `draftTestId` returned by `create_draft_test`)
    and returns its risk score. `riskLevel` and `recommendation` are localised by the
    optional `language` query parameter. No request body.

    Args:
        id (str): The test id (the `draftTestId` returned by `create_draft_test`).
        language (Language | Unset): Language of localised fields.
        timeout (float | httpx.Timeout | None): this call's timeout; None: the client's.

    Raises:
        errors.ProviderError: The typed error of an undocumented status code (errors.UnexpectedStatusError, errors.ServerError, ...) if Client.raise_on_unexpected_status is True.
        errors.ProviderConnectionError: No answer (errors.ProviderTimeoutError: not in time).
        errors.MalformedResponse: A documented body that does not match its model (the client's malformed_response hook may replace it).

    Returns:
        Any | TestResponse
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            language=language,
            timeout=timeout,
        )
    ).parsed
