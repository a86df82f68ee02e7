from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...types import UNSET, Response


def _get_kwargs(
    client_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/v1/oauth/apps/{client_id}".format(
            client_id=quote(str(client_id), safe=""),
        ),
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

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

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
    client_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[Any | Problem]:
    """Delete an app

     Deletes the app: it can no longer get tokens and its refresh tokens are revoked. Access tokens
    already issued stay valid until they expire (at most the token lifetime); revoke them first if that
    window matters. Data the app wrote stays with the tenant.

    Args:
        client_id (str): OAuth client id, also the app's `app_id` in tokens, records and audit.
            Generated as `app_` + ULID unless chosen at creation (useful to keep ids stable across
            environments).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
    """

    kwargs = _get_kwargs(
        client_id=client_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    client_id: str,
    *,
    client: AuthenticatedClient,
) -> Any | Problem | None:
    """Delete an app

     Deletes the app: it can no longer get tokens and its refresh tokens are revoked. Access tokens
    already issued stay valid until they expire (at most the token lifetime); revoke them first if that
    window matters. Data the app wrote stays with the tenant.

    Args:
        client_id (str): OAuth client id, also the app's `app_id` in tokens, records and audit.
            Generated as `app_` + ULID unless chosen at creation (useful to keep ids stable across
            environments).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
    """

    return sync_detailed(
        client_id=client_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    client_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[Any | Problem]:
    """Delete an app

     Deletes the app: it can no longer get tokens and its refresh tokens are revoked. Access tokens
    already issued stay valid until they expire (at most the token lifetime); revoke them first if that
    window matters. Data the app wrote stays with the tenant.

    Args:
        client_id (str): OAuth client id, also the app's `app_id` in tokens, records and audit.
            Generated as `app_` + ULID unless chosen at creation (useful to keep ids stable across
            environments).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
    """

    kwargs = _get_kwargs(
        client_id=client_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    client_id: str,
    *,
    client: AuthenticatedClient,
) -> Any | Problem | None:
    """Delete an app

     Deletes the app: it can no longer get tokens and its refresh tokens are revoked. Access tokens
    already issued stay valid until they expire (at most the token lifetime); revoke them first if that
    window matters. Data the app wrote stays with the tenant.

    Args:
        client_id (str): OAuth client id, also the app's `app_id` in tokens, records and audit.
            Generated as `app_` + ULID unless chosen at creation (useful to keep ids stable across
            environments).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
    """

    return (
        await asyncio_detailed(
            client_id=client_id,
            client=client,
        )
    ).parsed
