"""Runs the ``Attempts`` chain over httpx: ``send`` for threads, ``asend`` for asyncio.

The two loops are the only I/O; every decision (retry, wait, refresh, raise) is in
``_attempts.py``, shared, so the sync and async clients cannot drift apart.
"""

from __future__ import annotations

from typing import TypeVar

import httpx

from ._attempts import Attempts, HttpConfig
from ._call import Call, RequestOptions
from ._errors import CpodConnectionError
from ._tokens import AsyncTokenSource, TokenSource

T = TypeVar("T")


def _ok(response: httpx.Response) -> bool:
    return response.is_success or response.status_code == 304


def _broken_read(status: int, cause: httpx.TransportError) -> CpodConnectionError:
    error = CpodConnectionError(
        status=status,
        code="unavailable",
        title="The connection broke while reading the response",
        detail=str(cause) or type(cause).__name__,
    )
    error.__cause__ = cause
    return error


def send(
    http: httpx.Client, config: HttpConfig, call: Call[T], tokens: TokenSource | None, options: RequestOptions | None
) -> T:
    """One SDK call over a sync httpx client; returns the parsed result or raises a ``CpodError``."""
    attempts = Attempts(config, call, options)
    while True:
        attempts.check_deadline()
        token = tokens.get(attempts.remaining()) if tokens else None
        try:
            response = http.send(attempts.request(http, token), stream=True)
        except httpx.TransportError as cause:
            config.clock.sleep(attempts.on_connection_error(cause))
            continue
        if _ok(response) and call.stream:
            return call.parse(response)
        try:
            response.read()
        except httpx.TransportError as cause:
            raise _broken_read(response.status_code, cause) from cause
        finally:
            response.close()
        if _ok(response):
            return call.parse(response)
        invalidate = tokens.invalidate if tokens else (lambda _token: False)
        delay = attempts.on_failure(response.status_code, response.headers, response.text, token, invalidate)
        if delay:
            config.clock.sleep(delay)


async def asend(
    http: httpx.AsyncClient,
    config: HttpConfig,
    call: Call[T],
    tokens: AsyncTokenSource | None,
    options: RequestOptions | None,
) -> T:
    """One SDK call over an async httpx client; cancel it by cancelling the task."""
    attempts = Attempts(config, call, options)
    while True:
        attempts.check_deadline()
        token = await tokens.get() if tokens else None
        try:
            response = await http.send(attempts.request(http, token), stream=True)
        except httpx.TransportError as cause:
            await config.clock.asleep(attempts.on_connection_error(cause))
            continue
        if _ok(response) and call.stream:
            return call.parse(response)
        try:
            await response.aread()
        except httpx.TransportError as cause:
            raise _broken_read(response.status_code, cause) from cause
        finally:
            await response.aclose()
        if _ok(response):
            return call.parse(response)
        invalidate = tokens.invalidate if tokens else (lambda _token: False)
        delay = attempts.on_failure(response.status_code, response.headers, response.text, token, invalidate)
        if delay:
            await config.clock.asleep(delay)
