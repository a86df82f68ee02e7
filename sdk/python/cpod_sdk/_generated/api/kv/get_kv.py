from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.get_kv_tier import GetKvTier, check_get_kv_tier
from ...models.kv_entry import KvEntry
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    key: str,
    *,
    tier: GetKvTier | Unset = "private",
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_tier: str | Unset = UNSET
    if not isinstance(tier, Unset):
        json_tier = tier

    params["tier"] = json_tier

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/kv/{key}".format(
            key=quote(str(key), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> KvEntry | Problem | None:
    if response.status_code == 200:
        response_200 = KvEntry.from_dict(response.json())

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

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

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
) -> Response[KvEntry | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    key: str,
    *,
    client: AuthenticatedClient,
    tier: GetKvTier | Unset = "private",
) -> Response[KvEntry | Problem]:
    """Get a value

     Returns the entry with its `version` (send it back as `if_version` to write only what you read) and
    `expires_at`. A missing or expired key answers 404.

    Args:
        key (str):
        tier (GetKvTier | Unset):  Default: 'private'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[KvEntry | Problem]
    """

    kwargs = _get_kwargs(
        key=key,
        tier=tier,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    key: str,
    *,
    client: AuthenticatedClient,
    tier: GetKvTier | Unset = "private",
) -> KvEntry | Problem | None:
    """Get a value

     Returns the entry with its `version` (send it back as `if_version` to write only what you read) and
    `expires_at`. A missing or expired key answers 404.

    Args:
        key (str):
        tier (GetKvTier | Unset):  Default: 'private'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        KvEntry | Problem
    """

    return sync_detailed(
        key=key,
        client=client,
        tier=tier,
    ).parsed


async def asyncio_detailed(
    key: str,
    *,
    client: AuthenticatedClient,
    tier: GetKvTier | Unset = "private",
) -> Response[KvEntry | Problem]:
    """Get a value

     Returns the entry with its `version` (send it back as `if_version` to write only what you read) and
    `expires_at`. A missing or expired key answers 404.

    Args:
        key (str):
        tier (GetKvTier | Unset):  Default: 'private'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[KvEntry | Problem]
    """

    kwargs = _get_kwargs(
        key=key,
        tier=tier,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    key: str,
    *,
    client: AuthenticatedClient,
    tier: GetKvTier | Unset = "private",
) -> KvEntry | Problem | None:
    """Get a value

     Returns the entry with its `version` (send it back as `if_version` to write only what you read) and
    `expires_at`. A missing or expired key answers 404.

    Args:
        key (str):
        tier (GetKvTier | Unset):  Default: 'private'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        KvEntry | Problem
    """

    return (
        await asyncio_detailed(
            key=key,
            client=client,
            tier=tier,
        )
    ).parsed
