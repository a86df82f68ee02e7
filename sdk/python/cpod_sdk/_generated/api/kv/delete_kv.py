from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.delete_kv_tier import DeleteKvTier, check_delete_kv_tier
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    key: str,
    *,
    if_version: int | Unset = UNSET,
    tier: DeleteKvTier | Unset = "private",
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["if_version"] = if_version

    json_tier: str | Unset = UNSET
    if not isinstance(tier, Unset):
        json_tier = tier

    params["tier"] = json_tier

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/v1/kv/{key}".format(
            key=quote(str(key), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | Problem | None:
    if response.status_code == 204:
        response_204 = cast(Any, None)
        return response_204

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 412:
        response_412 = Problem.from_dict(response.json())

        return response_412

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
) -> Response[Any | Problem]:
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
    if_version: int | Unset = UNSET,
    tier: DeleteKvTier | Unset = "private",
) -> Response[Any | Problem]:
    """Delete a value

     Deletes the entry. Deleting a missing key also answers 204, so a retry after a lost response cannot
    fail; use `if_version` to delete only what you read.

    Args:
        key (str):
        if_version (int | Unset):
        tier (DeleteKvTier | Unset):  Default: 'private'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
    """

    kwargs = _get_kwargs(
        key=key,
        if_version=if_version,
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
    if_version: int | Unset = UNSET,
    tier: DeleteKvTier | Unset = "private",
) -> Any | Problem | None:
    """Delete a value

     Deletes the entry. Deleting a missing key also answers 204, so a retry after a lost response cannot
    fail; use `if_version` to delete only what you read.

    Args:
        key (str):
        if_version (int | Unset):
        tier (DeleteKvTier | Unset):  Default: 'private'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
    """

    return sync_detailed(
        key=key,
        client=client,
        if_version=if_version,
        tier=tier,
    ).parsed


async def asyncio_detailed(
    key: str,
    *,
    client: AuthenticatedClient,
    if_version: int | Unset = UNSET,
    tier: DeleteKvTier | Unset = "private",
) -> Response[Any | Problem]:
    """Delete a value

     Deletes the entry. Deleting a missing key also answers 204, so a retry after a lost response cannot
    fail; use `if_version` to delete only what you read.

    Args:
        key (str):
        if_version (int | Unset):
        tier (DeleteKvTier | Unset):  Default: 'private'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
    """

    kwargs = _get_kwargs(
        key=key,
        if_version=if_version,
        tier=tier,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    key: str,
    *,
    client: AuthenticatedClient,
    if_version: int | Unset = UNSET,
    tier: DeleteKvTier | Unset = "private",
) -> Any | Problem | None:
    """Delete a value

     Deletes the entry. Deleting a missing key also answers 204, so a retry after a lost response cannot
    fail; use `if_version` to delete only what you read.

    Args:
        key (str):
        if_version (int | Unset):
        tier (DeleteKvTier | Unset):  Default: 'private'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
    """

    return (
        await asyncio_detailed(
            key=key,
            client=client,
            if_version=if_version,
            tier=tier,
        )
    ).parsed
