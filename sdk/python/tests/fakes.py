"""Test doubles: a clock that only moves when slept on, and a scripted gateway."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx

from cpod_sdk import AsyncCpodClient, CpodClient

BASE = "http://cpod.test"
START = 1_800_000_000.0


class FakeClock:
    """Wall time that advances only through ``sleep`` / ``asleep`` (recorded) or ``advance``."""

    def __init__(self, now: float = START) -> None:
        self._now = now
        self.sleeps: list[float] = []

    def now(self) -> float:
        return self._now

    def advance(self, seconds: float) -> None:
        self._now += seconds

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self._now += seconds

    async def asleep(self, seconds: float) -> None:
        self.sleep(seconds)


def token_response(value: str = "tok-1", expires_in: int = 3600) -> httpx.Response:
    body = {"access_token": value, "token_type": "Bearer", "expires_in": expires_in, "scope": "kv.read"}
    return httpx.Response(200, json=body)


def problem(status: int, code: str, **extra: Any) -> httpx.Response:
    headers = extra.pop("headers", {})
    body = {"type": "about:blank", "title": code.replace("_", " "), "status": status, "code": code, **extra}
    return httpx.Response(status, json=body, headers=headers)


KV_ENTRY = {"key": "k", "value": 1, "version": 1, "expires_at": None}


class Gateway:
    """Answers the token endpoint with fresh tokens and every other request from a script of
    responses (the last one repeats); records every request with its body."""

    def __init__(self, *script: httpx.Response | Callable[[httpx.Request], httpx.Response] | Exception) -> None:
        self.script = list(script) or [httpx.Response(200, json=KV_ENTRY)]
        self.requests: list[httpx.Request] = []
        self.bodies: list[bytes] = []
        self.tokens_issued = 0

    @property
    def calls(self) -> list[httpx.Request]:
        """The requests other than the token endpoint's."""
        return [r for r in self.requests if r.url.path != "/v1/oauth/token"]

    def _answer(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if request.url.path == "/v1/oauth/token":
            self.tokens_issued += 1
            return token_response(f"tok-{self.tokens_issued}")
        step = self.script.pop(0) if len(self.script) > 1 else self.script[0]
        if isinstance(step, Exception):
            raise step
        if callable(step):
            return step(request)
        # A fresh copy each time: a Response's stream is consumed by the request it answers.
        return httpx.Response(step.status_code, headers=step.headers, content=step.read())

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.bodies.append(request.read())
        return self._answer(request)

    async def async_handler(self, request: httpx.Request) -> httpx.Response:
        self.bodies.append(await request.aread())
        return self._answer(request)


def sync_client(gateway: Gateway, clock: FakeClock, **options: Any) -> CpodClient:
    transport = httpx.MockTransport(gateway.handler)
    return CpodClient(BASE, client_id="app_1", client_secret="cs_1", transport=transport, clock=clock, **options)


def async_client(gateway: Gateway, clock: FakeClock, **options: Any) -> AsyncCpodClient:
    transport = httpx.MockTransport(gateway.async_handler)
    return AsyncCpodClient(BASE, client_id="app_1", client_secret="cs_1", transport=transport, clock=clock, **options)


def json_body(request: httpx.Request) -> Any:
    return json.loads(request.content)
