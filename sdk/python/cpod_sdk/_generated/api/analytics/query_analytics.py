from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.analytics_query import AnalyticsQuery
from ...models.analytics_result import AnalyticsResult
from ...models.problem import Problem
from ...types import UNSET, Response


def _get_kwargs(
    *,
    body: AnalyticsQuery,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/analytics/query",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AnalyticsResult | Problem | None:
    if response.status_code == 200:
        response_200 = AnalyticsResult.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 414:
        response_414 = Problem.from_dict(response.json())

        return response_414

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())

        return response_429

    if response.status_code == 431:
        response_431 = Problem.from_dict(response.json())

        return response_431

    if response.status_code == 500:
        response_500 = Problem.from_dict(response.json())

        return response_500

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[AnalyticsResult | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: AnalyticsQuery,
) -> Response[AnalyticsResult | Problem]:
    """Run an aggregate query

     Aggregates one event of the caller's tenant over a time range, optionally bucketed and grouped. The
    request is compiled to SQL with server-side parameters (never string-built), always restricted to
    the token's tenant; raw SQL is not accepted. It is a POST because the query is a structured body,
    but it changes nothing and is safe to retry.

    Args:
        body (AnalyticsQuery): Aggregate one event over `[from, to)`, at most 366 days. `sum` and
            `avg` need `property`, whose values are read as numbers.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AnalyticsResult | Problem]
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
    body: AnalyticsQuery,
) -> AnalyticsResult | Problem | None:
    """Run an aggregate query

     Aggregates one event of the caller's tenant over a time range, optionally bucketed and grouped. The
    request is compiled to SQL with server-side parameters (never string-built), always restricted to
    the token's tenant; raw SQL is not accepted. It is a POST because the query is a structured body,
    but it changes nothing and is safe to retry.

    Args:
        body (AnalyticsQuery): Aggregate one event over `[from, to)`, at most 366 days. `sum` and
            `avg` need `property`, whose values are read as numbers.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AnalyticsResult | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: AnalyticsQuery,
) -> Response[AnalyticsResult | Problem]:
    """Run an aggregate query

     Aggregates one event of the caller's tenant over a time range, optionally bucketed and grouped. The
    request is compiled to SQL with server-side parameters (never string-built), always restricted to
    the token's tenant; raw SQL is not accepted. It is a POST because the query is a structured body,
    but it changes nothing and is safe to retry.

    Args:
        body (AnalyticsQuery): Aggregate one event over `[from, to)`, at most 366 days. `sum` and
            `avg` need `property`, whose values are read as numbers.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AnalyticsResult | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: AnalyticsQuery,
) -> AnalyticsResult | Problem | None:
    """Run an aggregate query

     Aggregates one event of the caller's tenant over a time range, optionally bucketed and grouped. The
    request is compiled to SQL with server-side parameters (never string-built), always restricted to
    the token's tenant; raw SQL is not accepted. It is a POST because the query is a structured body,
    but it changes nothing and is safe to retry.

    Args:
        body (AnalyticsQuery): Aggregate one event over `[from, to)`, at most 366 days. `sum` and
            `avg` need `property`, whose values are read as numbers.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AnalyticsResult | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
