from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.server_metadata import ServerMetadata
from ...types import UNSET, Response


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/.well-known/openid-configuration",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | ServerMetadata | None:
    if response.status_code == 200:
        response_200 = ServerMetadata.from_dict(response.json())

        return response_200

    if response.status_code == 414:
        response_414 = Problem.from_dict(response.json())

        return response_414

    if response.status_code == 431:
        response_431 = Problem.from_dict(response.json())

        return response_431

    if response.status_code == 500:
        response_500 = Problem.from_dict(response.json())

        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Problem | ServerMetadata]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[Problem | ServerMetadata]:
    """Get the authorization server metadata

     RFC 8414 metadata, so OAuth client libraries configure themselves from the issuer URL. Every URL is
    under the issuer (`CPOD_ISSUER`, the gateway's public URL, which serves all OAuth routes), because
    RFC 8414 §3.3 requires `issuer` to equal the URL the metadata was fetched from.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | ServerMetadata]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
) -> Problem | ServerMetadata | None:
    """Get the authorization server metadata

     RFC 8414 metadata, so OAuth client libraries configure themselves from the issuer URL. Every URL is
    under the issuer (`CPOD_ISSUER`, the gateway's public URL, which serves all OAuth routes), because
    RFC 8414 §3.3 requires `issuer` to equal the URL the metadata was fetched from.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | ServerMetadata
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[Problem | ServerMetadata]:
    """Get the authorization server metadata

     RFC 8414 metadata, so OAuth client libraries configure themselves from the issuer URL. Every URL is
    under the issuer (`CPOD_ISSUER`, the gateway's public URL, which serves all OAuth routes), because
    RFC 8414 §3.3 requires `issuer` to equal the URL the metadata was fetched from.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | ServerMetadata]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
) -> Problem | ServerMetadata | None:
    """Get the authorization server metadata

     RFC 8414 metadata, so OAuth client libraries configure themselves from the issuer URL. Every URL is
    under the issuer (`CPOD_ISSUER`, the gateway's public URL, which serves all OAuth routes), because
    RFC 8414 §3.3 requires `issuer` to equal the URL the metadata was fetched from.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | ServerMetadata
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
