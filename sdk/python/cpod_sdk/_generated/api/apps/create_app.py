from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.app_create_request import AppCreateRequest
from ...models.app_with_secret import AppWithSecret
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: AppCreateRequest,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/oauth/apps",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AppWithSecret | Problem | None:
    if response.status_code == 201:
        response_201 = AppWithSecret.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

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
) -> Response[AppWithSecret | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: AppCreateRequest,
    idempotency_key: str | Unset = UNSET,
) -> Response[AppWithSecret | Problem]:
    """Create an app

     Registers an OAuth client for a tenant and returns its secret. The secret is shown only in this
    response; the server stores only an Argon2id hash of it, so it cannot be shown again: retrying with
    the same `Idempotency-Key` creates no second app and answers 409 `conflict` naming the app (rotate
    its secret to get a new one). An unknown `tenant_id` answers 404; a taken `client_id` (also one of a
    deleted app) answers 409.

    Args:
        idempotency_key (str | Unset):
        body (AppCreateRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AppWithSecret | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: AppCreateRequest,
    idempotency_key: str | Unset = UNSET,
) -> AppWithSecret | Problem | None:
    """Create an app

     Registers an OAuth client for a tenant and returns its secret. The secret is shown only in this
    response; the server stores only an Argon2id hash of it, so it cannot be shown again: retrying with
    the same `Idempotency-Key` creates no second app and answers 409 `conflict` naming the app (rotate
    its secret to get a new one). An unknown `tenant_id` answers 404; a taken `client_id` (also one of a
    deleted app) answers 409.

    Args:
        idempotency_key (str | Unset):
        body (AppCreateRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AppWithSecret | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: AppCreateRequest,
    idempotency_key: str | Unset = UNSET,
) -> Response[AppWithSecret | Problem]:
    """Create an app

     Registers an OAuth client for a tenant and returns its secret. The secret is shown only in this
    response; the server stores only an Argon2id hash of it, so it cannot be shown again: retrying with
    the same `Idempotency-Key` creates no second app and answers 409 `conflict` naming the app (rotate
    its secret to get a new one). An unknown `tenant_id` answers 404; a taken `client_id` (also one of a
    deleted app) answers 409.

    Args:
        idempotency_key (str | Unset):
        body (AppCreateRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AppWithSecret | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: AppCreateRequest,
    idempotency_key: str | Unset = UNSET,
) -> AppWithSecret | Problem | None:
    """Create an app

     Registers an OAuth client for a tenant and returns its secret. The secret is shown only in this
    response; the server stores only an Argon2id hash of it, so it cannot be shown again: retrying with
    the same `Idempotency-Key` creates no second app and answers 409 `conflict` naming the app (rotate
    its secret to get a new one). An unknown `tenant_id` answers 404; a taken `client_id` (also one of a
    deleted app) answers 409.

    Args:
        idempotency_key (str | Unset):
        body (AppCreateRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AppWithSecret | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
