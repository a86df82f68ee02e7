from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.o_auth_error import OAuthError
from ...models.problem import Problem
from ...models.revocation_request import RevocationRequest
from ...types import UNSET, Response


def _get_kwargs(
    *,
    body: RevocationRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/oauth/revoke",
    }

    _kwargs["data"] = body.to_dict()

    headers["Content-Type"] = "application/x-www-form-urlencoded"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | OAuthError | Problem | None:
    if response.status_code == 200:
        response_200 = cast(Any, None)
        return response_200

    if response.status_code == 400:
        response_400 = OAuthError.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = OAuthError.from_dict(response.json())

        return response_401

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
) -> Response[Any | OAuthError | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: RevocationRequest,
) -> Response[Any | OAuthError | Problem]:
    """Revoke a token

     RFC 7009 revocation of an access or refresh token issued to the calling app. A revoked access
    token's `jti` is deny-listed until it would have expired; revoking a refresh token also ends its
    rotation chain. The answer is 200 even for unknown, expired or foreign tokens (RFC 7009 §2.2), so
    the endpoint cannot be used to probe tokens.

    Args:
        body (RevocationRequest): RFC 7009 §2.1. The caller authenticates as a client and may
            revoke only its own tokens.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | OAuthError | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: RevocationRequest,
) -> Any | OAuthError | Problem | None:
    """Revoke a token

     RFC 7009 revocation of an access or refresh token issued to the calling app. A revoked access
    token's `jti` is deny-listed until it would have expired; revoking a refresh token also ends its
    rotation chain. The answer is 200 even for unknown, expired or foreign tokens (RFC 7009 §2.2), so
    the endpoint cannot be used to probe tokens.

    Args:
        body (RevocationRequest): RFC 7009 §2.1. The caller authenticates as a client and may
            revoke only its own tokens.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | OAuthError | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: RevocationRequest,
) -> Response[Any | OAuthError | Problem]:
    """Revoke a token

     RFC 7009 revocation of an access or refresh token issued to the calling app. A revoked access
    token's `jti` is deny-listed until it would have expired; revoking a refresh token also ends its
    rotation chain. The answer is 200 even for unknown, expired or foreign tokens (RFC 7009 §2.2), so
    the endpoint cannot be used to probe tokens.

    Args:
        body (RevocationRequest): RFC 7009 §2.1. The caller authenticates as a client and may
            revoke only its own tokens.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | OAuthError | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: RevocationRequest,
) -> Any | OAuthError | Problem | None:
    """Revoke a token

     RFC 7009 revocation of an access or refresh token issued to the calling app. A revoked access
    token's `jti` is deny-listed until it would have expired; revoking a refresh token also ends its
    rotation chain. The answer is 200 even for unknown, expired or foreign tokens (RFC 7009 §2.2), so
    the endpoint cannot be used to probe tokens.

    Args:
        body (RevocationRequest): RFC 7009 §2.1. The caller authenticates as a client and may
            revoke only its own tokens.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | OAuthError | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
