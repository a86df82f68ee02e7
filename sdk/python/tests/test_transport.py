"""The network chain over a mock transport: retries, Retry-After, idempotency keys, the 401
refresh, timeouts and connection errors, for the sync and the async client alike."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from cpod_sdk import (
    AuthenticationError,
    CpodConnectionError,
    CpodError,
    CpodTimeoutError,
    NotFoundError,
    RateLimitError,
    RequestOptions,
    ServerError,
)

from .fakes import KV_ENTRY, FakeClock, Gateway, async_client, json_body, problem, sync_client

OK = httpx.Response(200, json=KV_ENTRY)
INCR_OK = httpx.Response(200, json={"value": 3})


def test_5xx_is_retried_with_backoff_then_succeeds() -> None:
    gateway, clock = Gateway(problem(503, "unavailable"), problem(500, "internal"), OK), FakeClock()
    with sync_client(gateway, clock) as client:
        assert client.kv.get("k").version == 1
    assert len(gateway.calls) == 3
    assert len(clock.sleeps) == 2 and 0.25 <= clock.sleeps[0] <= 0.5 and 0.5 <= clock.sleeps[1] <= 1.0


def test_retries_are_capped_and_the_last_error_raised() -> None:
    gateway, clock = Gateway(problem(503, "unavailable", request_id="req_last")), FakeClock()
    with sync_client(gateway, clock) as client, pytest.raises(ServerError) as raised:
        client.kv.get("k")
    assert len(gateway.calls) == 3 and raised.value.request_id == "req_last"


@pytest.mark.parametrize(
    "status,code", [(400, "validation_failed"), (404, "not_found"), (409, "conflict"), (501, "not_implemented")]
)
def test_non_retryable_statuses_are_sent_once(status: int, code: str) -> None:
    gateway = Gateway(problem(status, code))
    with sync_client(gateway, FakeClock()) as client, pytest.raises(CpodError):
        client.kv.get("k")
    assert len(gateway.calls) == 1


def test_retry_after_is_honoured() -> None:
    gateway, clock = Gateway(problem(429, "rate_limited", headers={"retry-after": "3"}), OK), FakeClock()
    with sync_client(gateway, clock) as client:
        client.kv.get("k")
    assert clock.sleeps == [3.0]


def test_rate_limit_after_retries_raises_with_retry_after() -> None:
    gateway = Gateway(problem(429, "rate_limited", headers={"retry-after": "1"}))
    with sync_client(gateway, FakeClock(), max_retries=1) as client, pytest.raises(RateLimitError) as raised:
        client.kv.get("k")
    assert raised.value.retry_after == 1.0 and len(gateway.calls) == 2


def test_a_backoff_that_outlasts_the_timeout_is_not_started() -> None:
    gateway, clock = Gateway(problem(503, "unavailable", headers={"retry-after": "30"})), FakeClock()
    with sync_client(gateway, clock, timeout=10) as client, pytest.raises(ServerError):
        client.kv.get("k")
    assert clock.sleeps == [] and len(gateway.calls) == 1


def test_one_idempotency_key_per_post_reused_across_retries() -> None:
    gateway = Gateway(problem(503, "unavailable"), problem(502, "internal"), INCR_OK)
    with sync_client(gateway, FakeClock()) as client:
        assert client.kv.incr("n") == 3
        client.kv.incr("n")
    keys = [r.headers.get("idempotency-key") for r in gateway.calls]
    assert keys[0] and keys[0] == keys[1] == keys[2] and keys[3] != keys[0]


def test_own_idempotency_key_and_none_on_put_or_token_calls() -> None:
    gateway = Gateway(INCR_OK, OK)
    with sync_client(gateway, FakeClock()) as client:
        client.kv.incr("n", options=RequestOptions(idempotency_key="order-7f3a"))
        client.kv.set("k", 1)
    assert gateway.calls[0].headers["idempotency-key"] == "order-7f3a"
    assert "idempotency-key" not in gateway.calls[1].headers
    assert "idempotency-key" not in gateway.requests[0].headers  # the token request (a form)


def test_401_fetches_a_new_token_once_and_resends() -> None:
    gateway = Gateway(problem(401, "invalid_token"), OK)
    with sync_client(gateway, FakeClock()) as client:
        client.kv.get("k")
    assert gateway.tokens_issued == 2
    assert [r.headers["authorization"] for r in gateway.calls] == ["Bearer tok-1", "Bearer tok-2"]


def test_a_second_401_is_raised() -> None:
    gateway = Gateway(problem(401, "invalid_token"))
    with sync_client(gateway, FakeClock()) as client, pytest.raises(AuthenticationError):
        client.kv.get("k")
    assert gateway.tokens_issued == 2 and len(gateway.calls) == 2


def test_connection_errors_are_retried_then_raised_typed() -> None:
    gateway = Gateway(httpx.ConnectError("refused"))
    with sync_client(gateway, FakeClock()) as client, pytest.raises(CpodConnectionError) as raised:
        client.kv.get("k")
    assert raised.value.status == 0 and raised.value.code == "unavailable"
    assert isinstance(raised.value.__cause__, httpx.ConnectError) and len(gateway.calls) == 3


def test_a_stream_upload_is_sent_once() -> None:
    gateway = Gateway(problem(503, "unavailable"))
    with sync_client(gateway, FakeClock()) as client, pytest.raises(ServerError):
        client.files.upload("a/b.bin", iter([b"abc"]))
    assert len(gateway.calls) == 1


def test_request_shape_matches_the_typescript_sdk() -> None:
    gateway = Gateway(OK)
    with sync_client(gateway, FakeClock(), user_agent="billing/1.4") as client:
        client.kv.set("cart:42", {"items": [1]}, ttl_seconds=60, tier="shared")
    request = gateway.calls[0]
    assert (request.method, request.url.path, request.url.params["tier"]) == ("PUT", "/v1/kv/cart:42", "shared")
    assert json_body(request) == {"value": {"items": [1]}, "ttl_seconds": 60}
    assert request.headers["content-type"] == "application/json"
    assert request.headers["user-agent"].startswith("billing/1.4 cpod-sdk-python/")
    token = gateway.requests[0]
    assert token.headers["authorization"] == "Basic YXBwXzE6Y3NfMQ=="  # app_1:cs_1
    assert token.content == b"grant_type=client_credentials"


def test_the_async_client_follows_the_same_chain() -> None:
    async def scenario() -> None:
        gateway, clock = Gateway(problem(401, "invalid_token"), problem(503, "unavailable"), INCR_OK), FakeClock()
        async with async_client(gateway, clock) as client:
            assert await client.kv.incr("n") == 3
            with pytest.raises(NotFoundError):
                gateway.script = [problem(404, "not_found")]
                await client.kv.get("missing")
        keys = {r.headers["idempotency-key"] for r in gateway.calls[:3]}
        assert len(keys) == 1 and gateway.tokens_issued == 2 and len(clock.sleeps) == 1

    asyncio.run(scenario())


def test_a_network_timeout_is_a_timeout_error_and_not_retried() -> None:
    gateway = Gateway(httpx.ReadTimeout("slow"))
    with sync_client(gateway, FakeClock()) as client, pytest.raises(CpodTimeoutError) as raised:
        client.kv.get("k")
    assert raised.value.code == "timeout" and raised.value.status == 0 and len(gateway.calls) == 1


def test_each_attempt_gets_only_the_time_left_of_the_call() -> None:
    clock = FakeClock()

    def slow_failure(request: httpx.Request) -> httpx.Response:
        clock.advance(3)
        return problem(503, "unavailable")

    gateway = Gateway(slow_failure, OK)
    with sync_client(gateway, clock, timeout=10) as client:
        client.kv.get("k", options=RequestOptions(timeout=5))
    budgets = [r.extensions["timeout"]["read"] for r in gateway.calls]
    assert budgets[0] == pytest.approx(5) and budgets[1] < 2


def test_per_call_max_retries_overrides_the_client() -> None:
    gateway = Gateway(problem(503, "unavailable"))
    with sync_client(gateway, FakeClock(), max_retries=4) as client, pytest.raises(ServerError):
        client.kv.get("k", options=RequestOptions(max_retries=0))
    assert len(gateway.calls) == 1


def test_per_call_headers_are_sent() -> None:
    gateway = Gateway(OK)
    with sync_client(gateway, FakeClock()) as client:
        client.kv.get("k", options=RequestOptions(headers={"traceparent": "00-abc-def-01"}))
    assert gateway.calls[0].headers["traceparent"] == "00-abc-def-01"
