from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.presign_file_tier import PresignFileTier, check_presign_file_tier
from ...models.presign_request import PresignRequest
from ...models.presign_response import PresignResponse
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    path: str,
    *,
    body: PresignRequest,
    tier: PresignFileTier | Unset = "private",
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    params: dict[str, Any] = {}

    json_tier: str | Unset = UNSET
    if not isinstance(tier, Unset):
        json_tier = tier

    params["tier"] = json_tier

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/files/{path}/presign".format(
            path=quote(str(path), safe=""),
        ),
        "params": params,
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PresignResponse | Problem | None:
    if response.status_code == 200:
        response_200 = PresignResponse.from_dict(response.json())

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
) -> Response[PresignResponse | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    path: str,
    *,
    client: AuthenticatedClient,
    body: PresignRequest,
    tier: PresignFileTier | Unset = "private",
) -> Response[PresignResponse | Problem]:
    """Create a presigned URL

     Returns a short-lived URL that lets someone without a token download (`GET`) or upload (`PUT`)
    exactly this object, e.g. a browser fetching straight from storage. `GET` needs `files.read`; `PUT`
    additionally needs `files.write` (the handler checks it, because the scope depends on the body).
    Presigning a download of a missing object answers 404. `POST` on a file path always means presign,
    so an object may itself be named `…/presign`.

    Args:
        path (str):
        tier (PresignFileTier | Unset):  Default: 'private'.
        body (PresignRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PresignResponse | Problem]
    """

    kwargs = _get_kwargs(
        path=path,
        body=body,
        tier=tier,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    path: str,
    *,
    client: AuthenticatedClient,
    body: PresignRequest,
    tier: PresignFileTier | Unset = "private",
) -> PresignResponse | Problem | None:
    """Create a presigned URL

     Returns a short-lived URL that lets someone without a token download (`GET`) or upload (`PUT`)
    exactly this object, e.g. a browser fetching straight from storage. `GET` needs `files.read`; `PUT`
    additionally needs `files.write` (the handler checks it, because the scope depends on the body).
    Presigning a download of a missing object answers 404. `POST` on a file path always means presign,
    so an object may itself be named `…/presign`.

    Args:
        path (str):
        tier (PresignFileTier | Unset):  Default: 'private'.
        body (PresignRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PresignResponse | Problem
    """

    return sync_detailed(
        path=path,
        client=client,
        body=body,
        tier=tier,
    ).parsed


async def asyncio_detailed(
    path: str,
    *,
    client: AuthenticatedClient,
    body: PresignRequest,
    tier: PresignFileTier | Unset = "private",
) -> Response[PresignResponse | Problem]:
    """Create a presigned URL

     Returns a short-lived URL that lets someone without a token download (`GET`) or upload (`PUT`)
    exactly this object, e.g. a browser fetching straight from storage. `GET` needs `files.read`; `PUT`
    additionally needs `files.write` (the handler checks it, because the scope depends on the body).
    Presigning a download of a missing object answers 404. `POST` on a file path always means presign,
    so an object may itself be named `…/presign`.

    Args:
        path (str):
        tier (PresignFileTier | Unset):  Default: 'private'.
        body (PresignRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PresignResponse | Problem]
    """

    kwargs = _get_kwargs(
        path=path,
        body=body,
        tier=tier,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    path: str,
    *,
    client: AuthenticatedClient,
    body: PresignRequest,
    tier: PresignFileTier | Unset = "private",
) -> PresignResponse | Problem | None:
    """Create a presigned URL

     Returns a short-lived URL that lets someone without a token download (`GET`) or upload (`PUT`)
    exactly this object, e.g. a browser fetching straight from storage. `GET` needs `files.read`; `PUT`
    additionally needs `files.write` (the handler checks it, because the scope depends on the body).
    Presigning a download of a missing object answers 404. `POST` on a file path always means presign,
    so an object may itself be named `…/presign`.

    Args:
        path (str):
        tier (PresignFileTier | Unset):  Default: 'private'.
        body (PresignRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PresignResponse | Problem
    """

    return (
        await asyncio_detailed(
            path=path,
            client=client,
            body=body,
            tier=tier,
        )
    ).parsed
