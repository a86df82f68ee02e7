from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.incr_kv_tier import IncrKvTier, check_incr_kv_tier
from ...models.kv_incr_request import KvIncrRequest
from ...models.kv_incr_response import KvIncrResponse
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    key: str,
    *,
    body: KvIncrRequest,
    tier: IncrKvTier | Unset = "private",
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    params: dict[str, Any] = {}

    json_tier: str | Unset = UNSET
    if not isinstance(tier, Unset):
        json_tier = tier

    params["tier"] = json_tier

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/kv/{key}/incr".format(
            key=quote(str(key), safe=""),
        ),
        "params": params,
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> KvIncrResponse | Problem | None:
    if response.status_code == 200:
        response_200 = KvIncrResponse.from_dict(response.json())

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

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

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
) -> Response[KvIncrResponse | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    key: str,
    *,
    client: AuthenticatedClient,
    body: KvIncrRequest,
    tier: IncrKvTier | Unset = "private",
    idempotency_key: str | Unset = UNSET,
) -> Response[KvIncrResponse | Problem]:
    """Increment a counter

     Atomically adds `by` to an integer entry (a missing key counts as 0 and is created without expiry;
    an existing expiry is kept). Concurrent increments from any number of replicas are never lost. An
    entry whose value is not an integer, or a result outside ±(2^53−1), answers 409. Not idempotent by
    nature, so send an `Idempotency-Key` when retrying.

    Args:
        key (str):
        tier (IncrKvTier | Unset):  Default: 'private'.
        idempotency_key (str | Unset):
        body (KvIncrRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[KvIncrResponse | Problem]
    """

    kwargs = _get_kwargs(
        key=key,
        body=body,
        tier=tier,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    key: str,
    *,
    client: AuthenticatedClient,
    body: KvIncrRequest,
    tier: IncrKvTier | Unset = "private",
    idempotency_key: str | Unset = UNSET,
) -> KvIncrResponse | Problem | None:
    """Increment a counter

     Atomically adds `by` to an integer entry (a missing key counts as 0 and is created without expiry;
    an existing expiry is kept). Concurrent increments from any number of replicas are never lost. An
    entry whose value is not an integer, or a result outside ±(2^53−1), answers 409. Not idempotent by
    nature, so send an `Idempotency-Key` when retrying.

    Args:
        key (str):
        tier (IncrKvTier | Unset):  Default: 'private'.
        idempotency_key (str | Unset):
        body (KvIncrRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        KvIncrResponse | Problem
    """

    return sync_detailed(
        key=key,
        client=client,
        body=body,
        tier=tier,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    key: str,
    *,
    client: AuthenticatedClient,
    body: KvIncrRequest,
    tier: IncrKvTier | Unset = "private",
    idempotency_key: str | Unset = UNSET,
) -> Response[KvIncrResponse | Problem]:
    """Increment a counter

     Atomically adds `by` to an integer entry (a missing key counts as 0 and is created without expiry;
    an existing expiry is kept). Concurrent increments from any number of replicas are never lost. An
    entry whose value is not an integer, or a result outside ±(2^53−1), answers 409. Not idempotent by
    nature, so send an `Idempotency-Key` when retrying.

    Args:
        key (str):
        tier (IncrKvTier | Unset):  Default: 'private'.
        idempotency_key (str | Unset):
        body (KvIncrRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[KvIncrResponse | Problem]
    """

    kwargs = _get_kwargs(
        key=key,
        body=body,
        tier=tier,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    key: str,
    *,
    client: AuthenticatedClient,
    body: KvIncrRequest,
    tier: IncrKvTier | Unset = "private",
    idempotency_key: str | Unset = UNSET,
) -> KvIncrResponse | Problem | None:
    """Increment a counter

     Atomically adds `by` to an integer entry (a missing key counts as 0 and is created without expiry;
    an existing expiry is kept). Concurrent increments from any number of replicas are never lost. An
    entry whose value is not an integer, or a result outside ±(2^53−1), answers 409. Not idempotent by
    nature, so send an `Idempotency-Key` when retrying.

    Args:
        key (str):
        tier (IncrKvTier | Unset):  Default: 'private'.
        idempotency_key (str | Unset):
        body (KvIncrRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        KvIncrResponse | Problem
    """

    return (
        await asyncio_detailed(
            key=key,
            client=client,
            body=body,
            tier=tier,
            idempotency_key=idempotency_key,
        )
    ).parsed
