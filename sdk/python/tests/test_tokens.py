"""The token lifecycle: refresh at 80%, one refresh in flight, cooldown after a failure."""

from __future__ import annotations

import asyncio
import base64
import json
import threading
import time

import httpx
import pytest

from cpod_sdk import AsyncCpodClient, AuthenticationError, CpodClient, CpodConnectionError, CpodTimeoutError
from cpod_sdk._tokens import AsyncRefreshingTokenSource, Issued, RefreshingTokenSource

from .fakes import BASE, KV_ENTRY, FakeClock, Gateway, problem, sync_client


def test_token_is_fetched_once_and_refreshed_at_80_percent() -> None:
    clock, issued = FakeClock(), []

    def fetch() -> Issued:
        issued.append(clock.now())
        return Issued(f"t{len(issued)}", 100)

    source = RefreshingTokenSource(clock, fetch)
    assert source.get() == "t1"
    clock.advance(79.9)
    assert source.get() == "t1"
    clock.advance(0.1)
    assert source.get() == "t2" and len(issued) == 2


def test_only_one_refresh_is_in_flight_across_threads() -> None:
    clock, calls, release = FakeClock(), [], threading.Event()

    def fetch() -> Issued:
        calls.append(1)
        release.wait(5)
        return Issued("shared", 3600)

    source = RefreshingTokenSource(clock, fetch)
    results: list[str] = []
    threads = [threading.Thread(target=lambda: results.append(source.get())) for _ in range(8)]
    for thread in threads:
        thread.start()
    time.sleep(0.05)
    release.set()
    for thread in threads:
        thread.join(5)
    assert results == ["shared"] * 8 and len(calls) == 1


def test_only_one_refresh_is_in_flight_across_tasks() -> None:
    clock, calls = FakeClock(), []

    async def fetch() -> Issued:
        calls.append(1)
        await asyncio.sleep(0.01)
        return Issued("shared", 3600)

    async def scenario() -> list[str]:
        source = AsyncRefreshingTokenSource(clock, fetch)
        return await asyncio.gather(*(source.get() for _ in range(8)))

    assert asyncio.run(scenario()) == ["shared"] * 8 and len(calls) == 1


def test_a_failed_fetch_cools_down_then_tries_again() -> None:
    clock, calls = FakeClock(), []

    def fetch() -> Issued:
        calls.append(1)
        if len(calls) < 3:
            raise CpodConnectionError(status=0, code="unavailable", title="down")
        return Issued("late", 3600)

    source = RefreshingTokenSource(clock, fetch)
    with pytest.raises(AuthenticationError) as first:
        source.get()
    assert isinstance(first.value.__cause__, CpodConnectionError)
    with pytest.raises(AuthenticationError, match="cooling down"):
        source.get()  # within 1 s: fails fast
    assert len(calls) == 1
    clock.advance(1.0)
    with pytest.raises(AuthenticationError):
        source.get()  # second failure: the cooldown doubles to 2 s
    clock.advance(1.5)
    with pytest.raises(AuthenticationError, match="cooling down"):
        source.get()
    clock.advance(0.5)
    assert source.get() == "late" and len(calls) == 3


def test_a_failed_refresh_keeps_serving_a_still_valid_token() -> None:
    clock, answers = FakeClock(), [Issued("old", 100)]

    def fetch() -> Issued:
        if answers:
            return answers.pop()
        raise CpodConnectionError(status=0, code="unavailable", title="down")

    source = RefreshingTokenSource(clock, fetch)
    assert source.get() == "old"
    clock.advance(90)  # past 80%, before expiry
    assert source.get() == "old"
    clock.advance(10)  # expired
    with pytest.raises(AuthenticationError):
        source.get()


def test_a_refused_client_is_an_authentication_error_and_the_call_is_not_sent() -> None:
    gateway = Gateway(httpx.Response(200, json=KV_ENTRY))

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/oauth/token":
            return httpx.Response(401, json={"error": "invalid_client"})
        return gateway.handler(request)

    client = CpodClient(
        BASE, client_id="a", client_secret="b", transport=httpx.MockTransport(handler), clock=FakeClock()
    )
    with client, pytest.raises(AuthenticationError) as raised:
        client.kv.get("k")
    assert raised.value.status == 401 and gateway.calls == []


def _jwt(claims: dict[str, float]) -> str:
    def part(value: object) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")

    return f"{part({'alg': 'none'})}.{part(claims)}.sig"


def test_from_token_refreshes_at_80_percent_of_the_jwt_lifetime() -> None:
    clock = FakeClock()
    first = _jwt({"iat": clock.now(), "exp": clock.now() + 100})
    fresh = _jwt({"iat": clock.now() + 80, "exp": clock.now() + 180})
    gateway, refreshed = Gateway(httpx.Response(200, json=KV_ENTRY)), []

    def on_refresh() -> str:
        refreshed.append(1)
        return fresh

    transport = httpx.MockTransport(gateway.handler)
    with CpodClient.from_token(first, base_url=BASE, on_refresh=on_refresh, transport=transport, clock=clock) as client:
        client.kv.get("k")
        clock.advance(80)
        client.kv.get("k")
        client.kv.get("k")
    assert [r.headers["authorization"] for r in gateway.calls] == [
        f"Bearer {first}",
        f"Bearer {fresh}",
        f"Bearer {fresh}",
    ]
    assert len(refreshed) == 1


def test_from_token_without_on_refresh_raises_on_401() -> None:
    gateway = Gateway(problem(401, "invalid_token"))

    async def scenario() -> None:
        transport = httpx.MockTransport(gateway.async_handler)
        async with AsyncCpodClient.from_token("opaque", base_url=BASE, transport=transport) as client:
            with pytest.raises(AuthenticationError):
                await client.kv.get("k")

    asyncio.run(scenario())
    assert len(gateway.calls) == 1


def test_401_refresh_is_shared_by_the_sync_client() -> None:
    gateway = Gateway(problem(401, "invalid_token"), httpx.Response(200, json=KV_ENTRY))
    with sync_client(gateway, FakeClock()) as client:
        client.kv.get("k")
        client.kv.get("k")
    assert gateway.tokens_issued == 2


def test_a_call_waits_for_another_threads_refresh_only_as_long_as_its_timeout() -> None:
    release = threading.Event()

    def fetch() -> Issued:
        release.wait(5)
        return Issued("slow", 3600)

    source = RefreshingTokenSource(FakeClock(), fetch)
    first = threading.Thread(target=source.get)
    first.start()
    time.sleep(0.05)
    try:
        with pytest.raises(CpodTimeoutError, match="refresh in flight"):
            source.get(timeout=0.05)
    finally:
        release.set()
        first.join(5)
    assert source.get(timeout=0.05) == "slow"
