from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.secret_metadata import SecretMetadata
from ...models.secret_put_request import SecretPutRequest
from ...types import UNSET, Response


def _get_kwargs(
    name: str,
    *,
    body: SecretPutRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/v1/secrets/{name}".format(
            name=quote(str(name), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | SecretMetadata | None:
    if response.status_code == 200:
        response_200 = SecretMetadata.from_dict(response.json())

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
) -> Response[Problem | SecretMetadata]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    name: str,
    *,
    client: AuthenticatedClient,
    body: SecretPutRequest,
) -> Response[Problem | SecretMetadata]:
    """Set a secret

     Creates or replaces the secret and bumps its version. The answer never echoes the value, so it
    cannot end up in client logs by accident. A PUT replaces the whole secret, value and description: a
    body without `description` clears any earlier one (metadata then answers `description: null`), so
    send it again on every PUT to keep it.

    Args:
        name (str):
        body (SecretPutRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SecretMetadata]
    """

    kwargs = _get_kwargs(
        name=name,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    name: str,
    *,
    client: AuthenticatedClient,
    body: SecretPutRequest,
) -> Problem | SecretMetadata | None:
    """Set a secret

     Creates or replaces the secret and bumps its version. The answer never echoes the value, so it
    cannot end up in client logs by accident. A PUT replaces the whole secret, value and description: a
    body without `description` clears any earlier one (metadata then answers `description: null`), so
    send it again on every PUT to keep it.

    Args:
        name (str):
        body (SecretPutRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SecretMetadata
    """

    return sync_detailed(
        name=name,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    name: str,
    *,
    client: AuthenticatedClient,
    body: SecretPutRequest,
) -> Response[Problem | SecretMetadata]:
    """Set a secret

     Creates or replaces the secret and bumps its version. The answer never echoes the value, so it
    cannot end up in client logs by accident. A PUT replaces the whole secret, value and description: a
    body without `description` clears any earlier one (metadata then answers `description: null`), so
    send it again on every PUT to keep it.

    Args:
        name (str):
        body (SecretPutRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SecretMetadata]
    """

    kwargs = _get_kwargs(
        name=name,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    name: str,
    *,
    client: AuthenticatedClient,
    body: SecretPutRequest,
) -> Problem | SecretMetadata | None:
    """Set a secret

     Creates or replaces the secret and bumps its version. The answer never echoes the value, so it
    cannot end up in client logs by accident. A PUT replaces the whole secret, value and description: a
    body without `description` clears any earlier one (metadata then answers `description: null`), so
    send it again on every PUT to keep it.

    Args:
        name (str):
        body (SecretPutRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SecretMetadata
    """

    return (
        await asyncio_detailed(
            name=name,
            client=client,
            body=body,
        )
    ).parsed
