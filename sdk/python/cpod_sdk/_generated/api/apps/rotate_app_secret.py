from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.app_with_secret import AppWithSecret
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    client_id: str,
    *,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/oauth/apps/{client_id}/rotate-secret".format(
            client_id=quote(str(client_id), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AppWithSecret | Problem | None:
    if response.status_code == 200:
        response_200 = AppWithSecret.from_dict(response.json())

        return response_200

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
    client_id: str,
    *,
    client: AuthenticatedClient,
    idempotency_key: str | Unset = UNSET,
) -> Response[AppWithSecret | Problem]:
    """Rotate an app's secret

     Issues a new secret and returns it once. The previous secret stops working immediately and the app's
    refresh tokens are revoked, because a rotation usually means the old secret leaked; access tokens
    already issued run out within the token lifetime. A retry with the same `Idempotency-Key` does not
    rotate again and answers 409 `conflict` (the secret it produced is not stored and cannot be shown
    twice).

    Args:
        client_id (str): OAuth client id, also the app's `app_id` in tokens, records and audit.
            Generated as `app_` + ULID unless chosen at creation (useful to keep ids stable across
            environments).
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AppWithSecret | Problem]
    """

    kwargs = _get_kwargs(
        client_id=client_id,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    client_id: str,
    *,
    client: AuthenticatedClient,
    idempotency_key: str | Unset = UNSET,
) -> AppWithSecret | Problem | None:
    """Rotate an app's secret

     Issues a new secret and returns it once. The previous secret stops working immediately and the app's
    refresh tokens are revoked, because a rotation usually means the old secret leaked; access tokens
    already issued run out within the token lifetime. A retry with the same `Idempotency-Key` does not
    rotate again and answers 409 `conflict` (the secret it produced is not stored and cannot be shown
    twice).

    Args:
        client_id (str): OAuth client id, also the app's `app_id` in tokens, records and audit.
            Generated as `app_` + ULID unless chosen at creation (useful to keep ids stable across
            environments).
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AppWithSecret | Problem
    """

    return sync_detailed(
        client_id=client_id,
        client=client,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    client_id: str,
    *,
    client: AuthenticatedClient,
    idempotency_key: str | Unset = UNSET,
) -> Response[AppWithSecret | Problem]:
    """Rotate an app's secret

     Issues a new secret and returns it once. The previous secret stops working immediately and the app's
    refresh tokens are revoked, because a rotation usually means the old secret leaked; access tokens
    already issued run out within the token lifetime. A retry with the same `Idempotency-Key` does not
    rotate again and answers 409 `conflict` (the secret it produced is not stored and cannot be shown
    twice).

    Args:
        client_id (str): OAuth client id, also the app's `app_id` in tokens, records and audit.
            Generated as `app_` + ULID unless chosen at creation (useful to keep ids stable across
            environments).
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AppWithSecret | Problem]
    """

    kwargs = _get_kwargs(
        client_id=client_id,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    client_id: str,
    *,
    client: AuthenticatedClient,
    idempotency_key: str | Unset = UNSET,
) -> AppWithSecret | Problem | None:
    """Rotate an app's secret

     Issues a new secret and returns it once. The previous secret stops working immediately and the app's
    refresh tokens are revoked, because a rotation usually means the old secret leaked; access tokens
    already issued run out within the token lifetime. A retry with the same `Idempotency-Key` does not
    rotate again and answers 409 `conflict` (the secret it produced is not stored and cannot be shown
    twice).

    Args:
        client_id (str): OAuth client id, also the app's `app_id` in tokens, records and audit.
            Generated as `app_` + ULID unless chosen at creation (useful to keep ids stable across
            environments).
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AppWithSecret | Problem
    """

    return (
        await asyncio_detailed(
            client_id=client_id,
            client=client,
            idempotency_key=idempotency_key,
        )
    ).parsed
