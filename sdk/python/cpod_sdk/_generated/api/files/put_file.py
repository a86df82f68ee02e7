from http import HTTPStatus
from io import BytesIO
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.file_object import FileObject
from ...models.problem import Problem
from ...models.put_file_tier import PutFileTier, check_put_file_tier
from ...types import UNSET, File, FileTypes, Response, Unset


def _get_kwargs(
    path: str,
    *,
    body: File | File | Unset = UNSET,
    tier: PutFileTier | Unset = "private",
    x_checksum_sha256: str | Unset = UNSET,
    if_match: str | Unset = UNSET,
    if_none_match: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_checksum_sha256, Unset):
        headers["X-Checksum-SHA256"] = x_checksum_sha256

    if not isinstance(if_match, Unset):
        headers["If-Match"] = if_match

    if not isinstance(if_none_match, Unset):
        headers["If-None-Match"] = if_none_match

    params: dict[str, Any] = {}

    json_tier: str | Unset = UNSET
    if not isinstance(tier, Unset):
        json_tier = tier

    params["tier"] = json_tier

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/v1/files/{path}".format(
            path=quote(str(path), safe=""),
        ),
        "params": params,
    }

    if isinstance(body, File):
        _kwargs["content"] = body.payload

        headers["Content-Type"] = "application/octet-stream"
    if isinstance(body, File):
        _kwargs["content"] = body.payload

        headers["Content-Type"] = "*/*"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> FileObject | Problem | None:
    if response.status_code == 200:
        response_200 = FileObject.from_dict(response.json())

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

    if response.status_code == 412:
        response_412 = Problem.from_dict(response.json())

        return response_412

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
) -> Response[FileObject | Problem]:
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
    body: File | File | Unset = UNSET,
    tier: PutFileTier | Unset = "private",
    x_checksum_sha256: str | Unset = UNSET,
    if_match: str | Unset = UNSET,
    if_none_match: str | Unset = UNSET,
) -> Response[FileObject | Problem]:
    """Upload a file

     Creates or replaces the object with the raw request body, storing the request's `Content-Type` to
    serve it back. The server computes the SHA-256 while streaming; with `X-Checksum-SHA256` a mismatch
    stores nothing (400). The object appears only once fully written, so readers never see a partial
    upload. `If-Match` / `If-None-Match: *` make the write conditional (412). The size limit depends on
    the tenant's plan (100 MiB on `free`); over it answers 413.

    Args:
        path (str):
        tier (PutFileTier | Unset):  Default: 'private'.
        x_checksum_sha256 (str | Unset):
        if_match (str | Unset):
        if_none_match (str | Unset):
        body (File):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FileObject | Problem]
    """

    kwargs = _get_kwargs(
        path=path,
        body=body,
        tier=tier,
        x_checksum_sha256=x_checksum_sha256,
        if_match=if_match,
        if_none_match=if_none_match,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    path: str,
    *,
    client: AuthenticatedClient,
    body: File | File | Unset = UNSET,
    tier: PutFileTier | Unset = "private",
    x_checksum_sha256: str | Unset = UNSET,
    if_match: str | Unset = UNSET,
    if_none_match: str | Unset = UNSET,
) -> FileObject | Problem | None:
    """Upload a file

     Creates or replaces the object with the raw request body, storing the request's `Content-Type` to
    serve it back. The server computes the SHA-256 while streaming; with `X-Checksum-SHA256` a mismatch
    stores nothing (400). The object appears only once fully written, so readers never see a partial
    upload. `If-Match` / `If-None-Match: *` make the write conditional (412). The size limit depends on
    the tenant's plan (100 MiB on `free`); over it answers 413.

    Args:
        path (str):
        tier (PutFileTier | Unset):  Default: 'private'.
        x_checksum_sha256 (str | Unset):
        if_match (str | Unset):
        if_none_match (str | Unset):
        body (File):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FileObject | Problem
    """

    return sync_detailed(
        path=path,
        client=client,
        body=body,
        tier=tier,
        x_checksum_sha256=x_checksum_sha256,
        if_match=if_match,
        if_none_match=if_none_match,
    ).parsed


async def asyncio_detailed(
    path: str,
    *,
    client: AuthenticatedClient,
    body: File | File | Unset = UNSET,
    tier: PutFileTier | Unset = "private",
    x_checksum_sha256: str | Unset = UNSET,
    if_match: str | Unset = UNSET,
    if_none_match: str | Unset = UNSET,
) -> Response[FileObject | Problem]:
    """Upload a file

     Creates or replaces the object with the raw request body, storing the request's `Content-Type` to
    serve it back. The server computes the SHA-256 while streaming; with `X-Checksum-SHA256` a mismatch
    stores nothing (400). The object appears only once fully written, so readers never see a partial
    upload. `If-Match` / `If-None-Match: *` make the write conditional (412). The size limit depends on
    the tenant's plan (100 MiB on `free`); over it answers 413.

    Args:
        path (str):
        tier (PutFileTier | Unset):  Default: 'private'.
        x_checksum_sha256 (str | Unset):
        if_match (str | Unset):
        if_none_match (str | Unset):
        body (File):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FileObject | Problem]
    """

    kwargs = _get_kwargs(
        path=path,
        body=body,
        tier=tier,
        x_checksum_sha256=x_checksum_sha256,
        if_match=if_match,
        if_none_match=if_none_match,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    path: str,
    *,
    client: AuthenticatedClient,
    body: File | File | Unset = UNSET,
    tier: PutFileTier | Unset = "private",
    x_checksum_sha256: str | Unset = UNSET,
    if_match: str | Unset = UNSET,
    if_none_match: str | Unset = UNSET,
) -> FileObject | Problem | None:
    """Upload a file

     Creates or replaces the object with the raw request body, storing the request's `Content-Type` to
    serve it back. The server computes the SHA-256 while streaming; with `X-Checksum-SHA256` a mismatch
    stores nothing (400). The object appears only once fully written, so readers never see a partial
    upload. `If-Match` / `If-None-Match: *` make the write conditional (412). The size limit depends on
    the tenant's plan (100 MiB on `free`); over it answers 413.

    Args:
        path (str):
        tier (PutFileTier | Unset):  Default: 'private'.
        x_checksum_sha256 (str | Unset):
        if_match (str | Unset):
        if_none_match (str | Unset):
        body (File):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FileObject | Problem
    """

    return (
        await asyncio_detailed(
            path=path,
            client=client,
            body=body,
            tier=tier,
            x_checksum_sha256=x_checksum_sha256,
            if_match=if_match,
            if_none_match=if_none_match,
        )
    ).parsed
