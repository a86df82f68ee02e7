from http import HTTPStatus
from io import BytesIO
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.put_presigned_file_x_cpod_method import (
    PutPresignedFileXCpodMethod,
    check_put_presigned_file_x_cpod_method,
)
from ...types import UNSET, File, FileTypes, Response


def _get_kwargs(
    key: str,
    *,
    body: File | File | Unset = UNSET,
    x_cpod_method: PutPresignedFileXCpodMethod,
    x_cpod_expires: str,
    x_cpod_signature: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    params: dict[str, Any] = {}

    json_x_cpod_method: str = x_cpod_method
    params["X-Cpod-Method"] = json_x_cpod_method

    params["X-Cpod-Expires"] = x_cpod_expires

    params["X-Cpod-Signature"] = x_cpod_signature

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/v1/presigned/{key}".format(
            key=quote(str(key), safe=""),
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
) -> Any | Problem | None:
    if response.status_code == 200:
        response_200 = cast(Any, None)
        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 413:
        response_413 = Problem.from_dict(response.json())

        return response_413

    if response.status_code == 414:
        response_414 = Problem.from_dict(response.json())

        return response_414

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
    client: AuthenticatedClient | Client,
    body: File | File | Unset = UNSET,
    x_cpod_method: PutPresignedFileXCpodMethod,
    x_cpod_expires: str,
    x_cpod_signature: str,
) -> Response[Any | Problem]:
    """Upload through a presigned URL

     Streams the body into the object a `presignFile` (`PUT`) URL names, without an access token, with
    the same guarantees as `putFile` (all-or-nothing, SHA-256 computed while streaming, plan size
    limit). Answers like S3 does: 200 with the ETag and no body.

    Args:
        key (str):
        x_cpod_method (PutPresignedFileXCpodMethod):
        x_cpod_expires (str):
        x_cpod_signature (str):
        body (File):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
    """

    kwargs = _get_kwargs(
        key=key,
        body=body,
        x_cpod_method=x_cpod_method,
        x_cpod_expires=x_cpod_expires,
        x_cpod_signature=x_cpod_signature,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    key: str,
    *,
    client: AuthenticatedClient | Client,
    body: File | File | Unset = UNSET,
    x_cpod_method: PutPresignedFileXCpodMethod,
    x_cpod_expires: str,
    x_cpod_signature: str,
) -> Any | Problem | None:
    """Upload through a presigned URL

     Streams the body into the object a `presignFile` (`PUT`) URL names, without an access token, with
    the same guarantees as `putFile` (all-or-nothing, SHA-256 computed while streaming, plan size
    limit). Answers like S3 does: 200 with the ETag and no body.

    Args:
        key (str):
        x_cpod_method (PutPresignedFileXCpodMethod):
        x_cpod_expires (str):
        x_cpod_signature (str):
        body (File):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
    """

    return sync_detailed(
        key=key,
        client=client,
        body=body,
        x_cpod_method=x_cpod_method,
        x_cpod_expires=x_cpod_expires,
        x_cpod_signature=x_cpod_signature,
    ).parsed


async def asyncio_detailed(
    key: str,
    *,
    client: AuthenticatedClient | Client,
    body: File | File | Unset = UNSET,
    x_cpod_method: PutPresignedFileXCpodMethod,
    x_cpod_expires: str,
    x_cpod_signature: str,
) -> Response[Any | Problem]:
    """Upload through a presigned URL

     Streams the body into the object a `presignFile` (`PUT`) URL names, without an access token, with
    the same guarantees as `putFile` (all-or-nothing, SHA-256 computed while streaming, plan size
    limit). Answers like S3 does: 200 with the ETag and no body.

    Args:
        key (str):
        x_cpod_method (PutPresignedFileXCpodMethod):
        x_cpod_expires (str):
        x_cpod_signature (str):
        body (File):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
    """

    kwargs = _get_kwargs(
        key=key,
        body=body,
        x_cpod_method=x_cpod_method,
        x_cpod_expires=x_cpod_expires,
        x_cpod_signature=x_cpod_signature,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    key: str,
    *,
    client: AuthenticatedClient | Client,
    body: File | File | Unset = UNSET,
    x_cpod_method: PutPresignedFileXCpodMethod,
    x_cpod_expires: str,
    x_cpod_signature: str,
) -> Any | Problem | None:
    """Upload through a presigned URL

     Streams the body into the object a `presignFile` (`PUT`) URL names, without an access token, with
    the same guarantees as `putFile` (all-or-nothing, SHA-256 computed while streaming, plan size
    limit). Answers like S3 does: 200 with the ETag and no body.

    Args:
        key (str):
        x_cpod_method (PutPresignedFileXCpodMethod):
        x_cpod_expires (str):
        x_cpod_signature (str):
        body (File):
        body (File):

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
            body=body,
            x_cpod_method=x_cpod_method,
            x_cpod_expires=x_cpod_expires,
            x_cpod_signature=x_cpod_signature,
        )
    ).parsed
