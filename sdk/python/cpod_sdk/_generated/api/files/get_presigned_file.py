from http import HTTPStatus
from io import BytesIO
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.get_presigned_file_x_cpod_method import (
    GetPresignedFileXCpodMethod,
    check_get_presigned_file_x_cpod_method,
)
from ...models.problem import Problem
from ...types import UNSET, File, FileTypes, Response, Unset


def _get_kwargs(
    key: str,
    *,
    x_cpod_method: GetPresignedFileXCpodMethod,
    x_cpod_expires: str,
    x_cpod_signature: str,
    range_: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(range_, Unset):
        headers["Range"] = range_

    params: dict[str, Any] = {}

    json_x_cpod_method: str = x_cpod_method
    params["X-Cpod-Method"] = json_x_cpod_method

    params["X-Cpod-Expires"] = x_cpod_expires

    params["X-Cpod-Signature"] = x_cpod_signature

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/presigned/{key}".format(
            key=quote(str(key), safe=""),
        ),
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> File | Problem | None:
    if response.status_code == 200:
        response_200 = File(payload=BytesIO(response.content))

        return response_200

    if response.status_code == 206:
        response_206 = File(payload=BytesIO(response.content))

        return response_206

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 414:
        response_414 = Problem.from_dict(response.json())

        return response_414

    if response.status_code == 416:
        response_416 = Problem.from_dict(response.json())

        return response_416

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
) -> Response[File | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    key: str,
    *,
    client: AuthenticatedClient | Client,
    x_cpod_method: GetPresignedFileXCpodMethod,
    x_cpod_expires: str,
    x_cpod_signature: str,
    range_: str | Unset = UNSET,
) -> Response[File | Problem]:
    """Download through a presigned URL

     Streams the object a `presignFile` (`GET`) URL names, without an access token. A single `Range`
    answers 206. A wrong, tampered or expired URL answers 403, never a hint which check failed.

    Args:
        key (str):
        x_cpod_method (GetPresignedFileXCpodMethod):
        x_cpod_expires (str):
        x_cpod_signature (str):
        range_ (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[File | Problem]
    """

    kwargs = _get_kwargs(
        key=key,
        x_cpod_method=x_cpod_method,
        x_cpod_expires=x_cpod_expires,
        x_cpod_signature=x_cpod_signature,
        range_=range_,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    key: str,
    *,
    client: AuthenticatedClient | Client,
    x_cpod_method: GetPresignedFileXCpodMethod,
    x_cpod_expires: str,
    x_cpod_signature: str,
    range_: str | Unset = UNSET,
) -> File | Problem | None:
    """Download through a presigned URL

     Streams the object a `presignFile` (`GET`) URL names, without an access token. A single `Range`
    answers 206. A wrong, tampered or expired URL answers 403, never a hint which check failed.

    Args:
        key (str):
        x_cpod_method (GetPresignedFileXCpodMethod):
        x_cpod_expires (str):
        x_cpod_signature (str):
        range_ (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        File | Problem
    """

    return sync_detailed(
        key=key,
        client=client,
        x_cpod_method=x_cpod_method,
        x_cpod_expires=x_cpod_expires,
        x_cpod_signature=x_cpod_signature,
        range_=range_,
    ).parsed


async def asyncio_detailed(
    key: str,
    *,
    client: AuthenticatedClient | Client,
    x_cpod_method: GetPresignedFileXCpodMethod,
    x_cpod_expires: str,
    x_cpod_signature: str,
    range_: str | Unset = UNSET,
) -> Response[File | Problem]:
    """Download through a presigned URL

     Streams the object a `presignFile` (`GET`) URL names, without an access token. A single `Range`
    answers 206. A wrong, tampered or expired URL answers 403, never a hint which check failed.

    Args:
        key (str):
        x_cpod_method (GetPresignedFileXCpodMethod):
        x_cpod_expires (str):
        x_cpod_signature (str):
        range_ (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[File | Problem]
    """

    kwargs = _get_kwargs(
        key=key,
        x_cpod_method=x_cpod_method,
        x_cpod_expires=x_cpod_expires,
        x_cpod_signature=x_cpod_signature,
        range_=range_,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    key: str,
    *,
    client: AuthenticatedClient | Client,
    x_cpod_method: GetPresignedFileXCpodMethod,
    x_cpod_expires: str,
    x_cpod_signature: str,
    range_: str | Unset = UNSET,
) -> File | Problem | None:
    """Download through a presigned URL

     Streams the object a `presignFile` (`GET`) URL names, without an access token. A single `Range`
    answers 206. A wrong, tampered or expired URL answers 403, never a hint which check failed.

    Args:
        key (str):
        x_cpod_method (GetPresignedFileXCpodMethod):
        x_cpod_expires (str):
        x_cpod_signature (str):
        range_ (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        File | Problem
    """

    return (
        await asyncio_detailed(
            key=key,
            client=client,
            x_cpod_method=x_cpod_method,
            x_cpod_expires=x_cpod_expires,
            x_cpod_signature=x_cpod_signature,
            range_=range_,
        )
    ).parsed
