from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.client_credentials_grant import ClientCredentialsGrant
from ...models.o_auth_error import OAuthError
from ...models.problem import Problem
from ...models.refresh_token_grant import RefreshTokenGrant
from ...models.token_response import TokenResponse
from ...types import UNSET, Response


def _get_kwargs(
    *,
    body: ClientCredentialsGrant | RefreshTokenGrant,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/oauth/token",
    }

    _kwargs["data"] = body.to_dict()

    headers["Content-Type"] = "application/x-www-form-urlencoded"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> OAuthError | Problem | TokenResponse | None:
    if response.status_code == 200:
        response_200 = TokenResponse.from_dict(response.json())

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
) -> Response[OAuthError | Problem | TokenResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: ClientCredentialsGrant | RefreshTokenGrant,
) -> Response[OAuthError | Problem | TokenResponse]:
    """Issue an access token

     RFC 6749 token endpoint with the `client_credentials` and `refresh_token` grants. Authenticate the
    app with `client_secret_basic` (HTTP Basic, preferred, keeps the secret out of bodies that proxies
    might log) or `client_secret_post` (`client_id` and `client_secret` form fields). The token carries
    the requested scopes, which must all be declared by the app; without `scope` it carries all of them.
    Errors, including malformed requests, use the RFC 6749 §5.2 body that OAuth client libraries expect
    rather than a Problem; only rate limiting and server failures answer with a Problem.

    Args:
        body (ClientCredentialsGrant | RefreshTokenGrant): A token request; the value of
            `grant_type` selects exactly one form.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OAuthError | Problem | TokenResponse]
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
    body: ClientCredentialsGrant | RefreshTokenGrant,
) -> OAuthError | Problem | TokenResponse | None:
    """Issue an access token

     RFC 6749 token endpoint with the `client_credentials` and `refresh_token` grants. Authenticate the
    app with `client_secret_basic` (HTTP Basic, preferred, keeps the secret out of bodies that proxies
    might log) or `client_secret_post` (`client_id` and `client_secret` form fields). The token carries
    the requested scopes, which must all be declared by the app; without `scope` it carries all of them.
    Errors, including malformed requests, use the RFC 6749 §5.2 body that OAuth client libraries expect
    rather than a Problem; only rate limiting and server failures answer with a Problem.

    Args:
        body (ClientCredentialsGrant | RefreshTokenGrant): A token request; the value of
            `grant_type` selects exactly one form.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OAuthError | Problem | TokenResponse
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: ClientCredentialsGrant | RefreshTokenGrant,
) -> Response[OAuthError | Problem | TokenResponse]:
    """Issue an access token

     RFC 6749 token endpoint with the `client_credentials` and `refresh_token` grants. Authenticate the
    app with `client_secret_basic` (HTTP Basic, preferred, keeps the secret out of bodies that proxies
    might log) or `client_secret_post` (`client_id` and `client_secret` form fields). The token carries
    the requested scopes, which must all be declared by the app; without `scope` it carries all of them.
    Errors, including malformed requests, use the RFC 6749 §5.2 body that OAuth client libraries expect
    rather than a Problem; only rate limiting and server failures answer with a Problem.

    Args:
        body (ClientCredentialsGrant | RefreshTokenGrant): A token request; the value of
            `grant_type` selects exactly one form.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OAuthError | Problem | TokenResponse]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: ClientCredentialsGrant | RefreshTokenGrant,
) -> OAuthError | Problem | TokenResponse | None:
    """Issue an access token

     RFC 6749 token endpoint with the `client_credentials` and `refresh_token` grants. Authenticate the
    app with `client_secret_basic` (HTTP Basic, preferred, keeps the secret out of bodies that proxies
    might log) or `client_secret_post` (`client_id` and `client_secret` form fields). The token carries
    the requested scopes, which must all be declared by the app; without `scope` it carries all of them.
    Errors, including malformed requests, use the RFC 6749 §5.2 body that OAuth client libraries expect
    rather than a Problem; only rate limiting and server failures answer with a Problem.

    Args:
        body (ClientCredentialsGrant | RefreshTokenGrant): A token request; the value of
            `grant_type` selects exactly one form.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OAuthError | Problem | TokenResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
