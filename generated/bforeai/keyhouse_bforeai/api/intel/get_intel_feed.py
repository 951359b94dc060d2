import datetime
from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.intel_feed_page import IntelFeedPage
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    since: datetime.datetime | Unset = UNSET,
    until: datetime.datetime | Unset = UNSET,
    min_score: float | Unset = UNSET,
    max_score: float | Unset = UNSET,
    order: str | Unset = UNSET,
    url_query: str | Unset = UNSET,
    page: int | Unset = UNSET,
    size: int | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_since: str | Unset = UNSET
    if not isinstance(since, Unset):
        json_since = since.isoformat()
    params["since"] = json_since

    json_until: str | Unset = UNSET
    if not isinstance(until, Unset):
        json_until = until.isoformat()
    params["until"] = json_until

    params["min_score"] = min_score

    params["max_score"] = max_score

    params["order"] = order

    params["url"] = url_query

    params["page"] = page

    params["size"] = size

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v2/feed/intel",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | IntelFeedPage | None:
    if response.status_code == 200:
        response_200 = IntelFeedPage.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = cast(Any, None)
        return response_400

    if response.status_code == 401:
        response_401 = cast(Any, None)
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
) -> Response[Any | IntelFeedPage]:
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
) -> IntelFeedPage:
    """The documented success model; any other status raises its typed error (errors.py)."""
    if response.status_code == 200:
        try:
            response_200 = IntelFeedPage.from_dict(response.json())

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
    *,
    client: AuthenticatedClient,
    since: datetime.datetime | Unset = UNSET,
    until: datetime.datetime | Unset = UNSET,
    min_score: float | Unset = UNSET,
    max_score: float | Unset = UNSET,
    order: str | Unset = UNSET,
    url_query: str | Unset = UNSET,
    page: int | Unset = UNSET,
    size: int | Unset = UNSET,
    timeout: float | httpx.Timeout | None = None,
) -> Response[Any | IntelFeedPage]:
    """Page through the threat intelligence feed

     Returns one page of predicted-malicious domains, filterable by time window and score.
    Accepts either the JWT or an API key. The query parameters and the page envelope are
    documented; the fields of each item other than `score` are not.

    Args:
        since (datetime.datetime | Unset): Only items at or after this instant.
        until (datetime.datetime | Unset): Only items before this instant.
        min_score (float | Unset): Minimum threat score (0 to 1).
        max_score (float | Unset): Maximum threat score (0 to 1).
        order (str | Unset): Sort order. Its accepted values are not public.
        url_query (str | Unset): Filter by URL or domain.
        page (int | Unset): Page number, starting at 1.
        size (int | Unset): Items per page (1 to 1000).
        timeout (float | httpx.Timeout | None): this call's timeout; None: the client's.

    Raises:
        errors.ProviderError: The typed error of an undocumented status code (errors.UnexpectedStatusError, errors.ServerError, ...) if Client.raise_on_unexpected_status is True.
        errors.ProviderConnectionError: No answer (errors.ProviderTimeoutError: not in time).
        errors.MalformedResponse: A documented body that does not match its model (the client's malformed_response hook may replace it).

    Returns:
        Response[Any | IntelFeedPage]
    """

    kwargs = _get_kwargs(
        since=since,
        until=until,
        min_score=min_score,
        max_score=max_score,
        order=order,
        url_query=url_query,
        page=page,
        size=size,
    )

    response = errors.send(client, kwargs, timeout)

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    since: datetime.datetime | Unset = UNSET,
    until: datetime.datetime | Unset = UNSET,
    min_score: float | Unset = UNSET,
    max_score: float | Unset = UNSET,
    order: str | Unset = UNSET,
    url_query: str | Unset = UNSET,
    page: int | Unset = UNSET,
    size: int | Unset = UNSET,
    timeout: float | httpx.Timeout | None = None,
) -> Any | IntelFeedPage | None:
    """Page through the threat intelligence feed

     Returns one page of predicted-malicious domains, filterable by time window and score.
    Accepts either the JWT or an API key. The query parameters and the page envelope are
    documented; the fields of each item other than `score` are not.

    Args:
        since (datetime.datetime | Unset): Only items at or after this instant.
        until (datetime.datetime | Unset): Only items before this instant.
        min_score (float | Unset): Minimum threat score (0 to 1).
        max_score (float | Unset): Maximum threat score (0 to 1).
        order (str | Unset): Sort order. Its accepted values are not public.
        url_query (str | Unset): Filter by URL or domain.
        page (int | Unset): Page number, starting at 1.
        size (int | Unset): Items per page (1 to 1000).
        timeout (float | httpx.Timeout | None): this call's timeout; None: the client's.

    Raises:
        errors.ProviderError: The typed error of an undocumented status code (errors.UnexpectedStatusError, errors.ServerError, ...) if Client.raise_on_unexpected_status is True.
        errors.ProviderConnectionError: No answer (errors.ProviderTimeoutError: not in time).
        errors.MalformedResponse: A documented body that does not match its model (the client's malformed_response hook may replace it).

    Returns:
        Any | IntelFeedPage
    """

    return sync_detailed(
        client=client,
        since=since,
        until=until,
        min_score=min_score,
        max_score=max_score,
        order=order,
        url_query=url_query,
        page=page,
        size=size,
        timeout=timeout,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    since: datetime.datetime | Unset = UNSET,
    until: datetime.datetime | Unset = UNSET,
    min_score: float | Unset = UNSET,
    max_score: float | Unset = UNSET,
    order: str | Unset = UNSET,
    url_query: str | Unset = UNSET,
    page: int | Unset = UNSET,
    size: int | Unset = UNSET,
    timeout: float | httpx.Timeout | None = None,
) -> Response[Any | IntelFeedPage]:
    """Page through the threat intelligence feed

     Returns one page of predicted-malicious domains, filterable by time window and score.
    Accepts either the JWT or an API key. The query parameters and the page envelope are
    documented; the fields of each item other than `score` are not.

    Args:
        since (datetime.datetime | Unset): Only items at or after this instant.
        until (datetime.datetime | Unset): Only items before this instant.
        min_score (float | Unset): Minimum threat score (0 to 1).
        max_score (float | Unset): Maximum threat score (0 to 1).
        order (str | Unset): Sort order. Its accepted values are not public.
        url_query (str | Unset): Filter by URL or domain.
        page (int | Unset): Page number, starting at 1.
        size (int | Unset): Items per page (1 to 1000).
        timeout (float | httpx.Timeout | None): this call's timeout; None: the client's.

    Raises:
        errors.ProviderError: The typed error of an undocumented status code (errors.UnexpectedStatusError, errors.ServerError, ...) if Client.raise_on_unexpected_status is True.
        errors.ProviderConnectionError: No answer (errors.ProviderTimeoutError: not in time).
        errors.MalformedResponse: A documented body that does not match its model (the client's malformed_response hook may replace it).

    Returns:
        Response[Any | IntelFeedPage]
    """

    kwargs = _get_kwargs(
        since=since,
        until=until,
        min_score=min_score,
        max_score=max_score,
        order=order,
        url_query=url_query,
        page=page,
        size=size,
    )

    response = await errors.asend(client, kwargs, timeout)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    since: datetime.datetime | Unset = UNSET,
    until: datetime.datetime | Unset = UNSET,
    min_score: float | Unset = UNSET,
    max_score: float | Unset = UNSET,
    order: str | Unset = UNSET,
    url_query: str | Unset = UNSET,
    page: int | Unset = UNSET,
    size: int | Unset = UNSET,
    timeout: float | httpx.Timeout | None = None,
) -> Any | IntelFeedPage | None:
    """Page through the threat intelligence feed

     Returns one page of predicted-malicious domains, filterable by time window and score.
    Accepts either the JWT or an API key. The query parameters and the page envelope are
    documented; the fields of each item other than `score` are not.

    Args:
        since (datetime.datetime | Unset): Only items at or after this instant.
        until (datetime.datetime | Unset): Only items before this instant.
        min_score (float | Unset): Minimum threat score (0 to 1).
        max_score (float | Unset): Maximum threat score (0 to 1).
        order (str | Unset): Sort order. Its accepted values are not public.
        url_query (str | Unset): Filter by URL or domain.
        page (int | Unset): Page number, starting at 1.
        size (int | Unset): Items per page (1 to 1000).
        timeout (float | httpx.Timeout | None): this call's timeout; None: the client's.

    Raises:
        errors.ProviderError: The typed error of an undocumented status code (errors.UnexpectedStatusError, errors.ServerError, ...) if Client.raise_on_unexpected_status is True.
        errors.ProviderConnectionError: No answer (errors.ProviderTimeoutError: not in time).
        errors.MalformedResponse: A documented body that does not match its model (the client's malformed_response hook may replace it).

    Returns:
        Any | IntelFeedPage
    """

    return (
        await asyncio_detailed(
            client=client,
            since=since,
            until=until,
            min_score=min_score,
            max_score=max_score,
            order=order,
            url_query=url_query,
            page=page,
            size=size,
            timeout=timeout,
        )
    ).parsed
