from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.technology_asset import TechnologyAsset
from ...models.technology_asset_create import TechnologyAssetCreate
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: TechnologyAssetCreate,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/entities/technology-assets",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | TechnologyAsset | None:
    if response.status_code == 201:
        response_201 = TechnologyAsset.from_dict(response.json())

        return response_201

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
) -> Response[Problem | TechnologyAsset]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: TechnologyAssetCreate,
    idempotency_key: str | Unset = UNSET,
) -> Response[Problem | TechnologyAsset]:
    """Create a TechnologyAsset

     Creates a TechnologyAsset from its own fields; the server sets `id`, tenant, app, timestamps and
    `version` 1. Send an `Idempotency-Key` so a retried create cannot make a second TechnologyAsset.

    Args:
        idempotency_key (str | Unset):
        body (TechnologyAssetCreate): A tracked device or system, optionally assigned to the
            person responsible for it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | TechnologyAsset]
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
    body: TechnologyAssetCreate,
    idempotency_key: str | Unset = UNSET,
) -> Problem | TechnologyAsset | None:
    """Create a TechnologyAsset

     Creates a TechnologyAsset from its own fields; the server sets `id`, tenant, app, timestamps and
    `version` 1. Send an `Idempotency-Key` so a retried create cannot make a second TechnologyAsset.

    Args:
        idempotency_key (str | Unset):
        body (TechnologyAssetCreate): A tracked device or system, optionally assigned to the
            person responsible for it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | TechnologyAsset
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: TechnologyAssetCreate,
    idempotency_key: str | Unset = UNSET,
) -> Response[Problem | TechnologyAsset]:
    """Create a TechnologyAsset

     Creates a TechnologyAsset from its own fields; the server sets `id`, tenant, app, timestamps and
    `version` 1. Send an `Idempotency-Key` so a retried create cannot make a second TechnologyAsset.

    Args:
        idempotency_key (str | Unset):
        body (TechnologyAssetCreate): A tracked device or system, optionally assigned to the
            person responsible for it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | TechnologyAsset]
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
    body: TechnologyAssetCreate,
    idempotency_key: str | Unset = UNSET,
) -> Problem | TechnologyAsset | None:
    """Create a TechnologyAsset

     Creates a TechnologyAsset from its own fields; the server sets `id`, tenant, app, timestamps and
    `version` 1. Send an `Idempotency-Key` so a retried create cannot make a second TechnologyAsset.

    Args:
        idempotency_key (str | Unset):
        body (TechnologyAssetCreate): A tracked device or system, optionally assigned to the
            person responsible for it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | TechnologyAsset
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
