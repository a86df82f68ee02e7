from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.event_batch import EventBatch
from ...models.ingest_result import IngestResult
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: EventBatch,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/analytics/events",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> IngestResult | Problem | None:
    if response.status_code == 202:
        response_202 = IngestResult.from_dict(response.json())

        return response_202

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = Problem.from_dict(response.json())

        return response_413

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
) -> Response[IngestResult | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: EventBatch,
    idempotency_key: str | Unset = UNSET,
) -> Response[IngestResult | Problem]:
    """Ingest events

     Stores a batch of up to 1000 events (1 MiB), stamped with the token's tenant and app. The batch is
    validated as a whole: one bad event rejects all, so a retry never duplicates a partial batch.
    Properties are masked before storage. Send an `Idempotency-Key` so a retry after a timeout does not
    count events twice.

    Args:
        idempotency_key (str | Unset):
        body (EventBatch):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[IngestResult | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: EventBatch,
    idempotency_key: str | Unset = UNSET,
) -> IngestResult | Problem | None:
    """Ingest events

     Stores a batch of up to 1000 events (1 MiB), stamped with the token's tenant and app. The batch is
    validated as a whole: one bad event rejects all, so a retry never duplicates a partial batch.
    Properties are masked before storage. Send an `Idempotency-Key` so a retry after a timeout does not
    count events twice.

    Args:
        idempotency_key (str | Unset):
        body (EventBatch):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        IngestResult | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: EventBatch,
    idempotency_key: str | Unset = UNSET,
) -> Response[IngestResult | Problem]:
    """Ingest events

     Stores a batch of up to 1000 events (1 MiB), stamped with the token's tenant and app. The batch is
    validated as a whole: one bad event rejects all, so a retry never duplicates a partial batch.
    Properties are masked before storage. Send an `Idempotency-Key` so a retry after a timeout does not
    count events twice.

    Args:
        idempotency_key (str | Unset):
        body (EventBatch):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[IngestResult | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: EventBatch,
    idempotency_key: str | Unset = UNSET,
) -> IngestResult | Problem | None:
    """Ingest events

     Stores a batch of up to 1000 events (1 MiB), stamped with the token's tenant and app. The batch is
    validated as a whole: one bad event rejects all, so a retry never duplicates a partial batch.
    Properties are masked before storage. Send an `Idempotency-Key` so a retry after a timeout does not
    count events twice.

    Args:
        idempotency_key (str | Unset):
        body (EventBatch):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        IngestResult | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
