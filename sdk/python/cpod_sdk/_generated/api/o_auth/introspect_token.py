from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.introspection_request import IntrospectionRequest
from ...models.introspection_response import IntrospectionResponse
from ...models.o_auth_error import OAuthError
from ...models.problem import Problem
from ...types import UNSET, Response


def _get_kwargs(
    *,
    body: IntrospectionRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/oauth/introspect",
    }

    _kwargs["data"] = body.to_dict()

    headers["Content-Type"] = "application/x-www-form-urlencoded"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> IntrospectionResponse | OAuthError | Problem | None:
    if response.status_code == 200:
        response_200 = IntrospectionResponse.from_dict(response.json())

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
) -> Response[IntrospectionResponse | OAuthError | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: IntrospectionRequest,
) -> Response[IntrospectionResponse | OAuthError | Problem]:
    r"""Introspect a token

     RFC 7662 token introspection, for resource servers that cannot verify JWTs themselves or need to
    know about revocation at once. The caller authenticates as an app (Basic or form fields, as at the
    token endpoint) and only learns about tokens of its own tenant; anything else is reported as
    `{\"active\": false}`.

    Args:
        body (IntrospectionRequest): RFC 7662 §2.1. The caller authenticates as a client, like at
            the token endpoint.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[IntrospectionResponse | OAuthError | Problem]
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
    body: IntrospectionRequest,
) -> IntrospectionResponse | OAuthError | Problem | None:
    r"""Introspect a token

     RFC 7662 token introspection, for resource servers that cannot verify JWTs themselves or need to
    know about revocation at once. The caller authenticates as an app (Basic or form fields, as at the
    token endpoint) and only learns about tokens of its own tenant; anything else is reported as
    `{\"active\": false}`.

    Args:
        body (IntrospectionRequest): RFC 7662 §2.1. The caller authenticates as a client, like at
            the token endpoint.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        IntrospectionResponse | OAuthError | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: IntrospectionRequest,
) -> Response[IntrospectionResponse | OAuthError | Problem]:
    r"""Introspect a token

     RFC 7662 token introspection, for resource servers that cannot verify JWTs themselves or need to
    know about revocation at once. The caller authenticates as an app (Basic or form fields, as at the
    token endpoint) and only learns about tokens of its own tenant; anything else is reported as
    `{\"active\": false}`.

    Args:
        body (IntrospectionRequest): RFC 7662 §2.1. The caller authenticates as a client, like at
            the token endpoint.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[IntrospectionResponse | OAuthError | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: IntrospectionRequest,
) -> IntrospectionResponse | OAuthError | Problem | None:
    r"""Introspect a token

     RFC 7662 token introspection, for resource servers that cannot verify JWTs themselves or need to
    know about revocation at once. The caller authenticates as an app (Basic or form fields, as at the
    token endpoint) and only learns about tokens of its own tenant; anything else is reported as
    `{\"active\": false}`.

    Args:
        body (IntrospectionRequest): RFC 7662 §2.1. The caller authenticates as a client, like at
            the token endpoint.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        IntrospectionResponse | OAuthError | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
