from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.group_list import GroupList
from ...models.list_groups_sort import ListGroupsSort, check_list_groups_sort
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    limit: int | Unset = 50,
    cursor: str | Unset = UNSET,
    filter_: str | Unset = UNSET,
    sort: ListGroupsSort | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["limit"] = limit

    params["cursor"] = cursor

    params["filter"] = filter_

    json_sort: str | Unset = UNSET
    if not isinstance(sort, Unset):
        json_sort = sort

    params["sort"] = json_sort

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/entities/groups",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> GroupList | Problem | None:
    if response.status_code == 200:
        response_200 = GroupList.from_dict(response.json())

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
) -> Response[GroupList | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 50,
    cursor: str | Unset = UNSET,
    filter_: str | Unset = UNSET,
    sort: ListGroupsSort | Unset = UNSET,
) -> Response[GroupList | Problem]:
    """List groups

     Lists the tenant's live groups one page at a time, by `sort` (default: `id`, which is creation
    order). `filter` and `sort` may name `name`, so every list is served by an index.

    Args:
        limit (int | Unset):  Default: 50.
        cursor (str | Unset):
        filter_ (str | Unset):
        sort (ListGroupsSort | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GroupList | Problem]
    """

    kwargs = _get_kwargs(
        limit=limit,
        cursor=cursor,
        filter_=filter_,
        sort=sort,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 50,
    cursor: str | Unset = UNSET,
    filter_: str | Unset = UNSET,
    sort: ListGroupsSort | Unset = UNSET,
) -> GroupList | Problem | None:
    """List groups

     Lists the tenant's live groups one page at a time, by `sort` (default: `id`, which is creation
    order). `filter` and `sort` may name `name`, so every list is served by an index.

    Args:
        limit (int | Unset):  Default: 50.
        cursor (str | Unset):
        filter_ (str | Unset):
        sort (ListGroupsSort | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GroupList | Problem
    """

    return sync_detailed(
        client=client,
        limit=limit,
        cursor=cursor,
        filter_=filter_,
        sort=sort,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 50,
    cursor: str | Unset = UNSET,
    filter_: str | Unset = UNSET,
    sort: ListGroupsSort | Unset = UNSET,
) -> Response[GroupList | Problem]:
    """List groups

     Lists the tenant's live groups one page at a time, by `sort` (default: `id`, which is creation
    order). `filter` and `sort` may name `name`, so every list is served by an index.

    Args:
        limit (int | Unset):  Default: 50.
        cursor (str | Unset):
        filter_ (str | Unset):
        sort (ListGroupsSort | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GroupList | Problem]
    """

    kwargs = _get_kwargs(
        limit=limit,
        cursor=cursor,
        filter_=filter_,
        sort=sort,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 50,
    cursor: str | Unset = UNSET,
    filter_: str | Unset = UNSET,
    sort: ListGroupsSort | Unset = UNSET,
) -> GroupList | Problem | None:
    """List groups

     Lists the tenant's live groups one page at a time, by `sort` (default: `id`, which is creation
    order). `filter` and `sort` may name `name`, so every list is served by an index.

    Args:
        limit (int | Unset):  Default: 50.
        cursor (str | Unset):
        filter_ (str | Unset):
        sort (ListGroupsSort | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GroupList | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            limit=limit,
            cursor=cursor,
            filter_=filter_,
            sort=sort,
        )
    ).parsed
