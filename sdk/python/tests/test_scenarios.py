"""The shared SDK scenarios (sdk/scenarios, see its README) run against the real clients over
httpx's MockTransport; the TypeScript and Go SDKs run the same files. Calls get a one-hour
timeout, far beyond any scripted wait, so the only sleeps the fake clock records are backoffs."""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from typing import Any, TypeVar

import httpx
import pytest

import cpod_sdk
from cpod_sdk import AsyncCpodClient, CpodClient, CpodError
from cpod_sdk._error_mapping import ERROR_CLASSES
from cpod_sdk._retry import DEFAULT_RETRY_POLICY

from .fakes import BASE, FakeClock
from .scenarios import (
    ERRORS,
    PAGINATION,
    RETRY,
    TOKENS,
    class_of_code,
    classes_covered,
    python_class,
    response,
    sweep_expectation,
)

TIMEOUT = 3600.0
TOKEN_PATH = "/v1/oauth/token"


F = TypeVar("F", bound=Callable[..., None])


def named(scenarios: list[dict[str, Any]]) -> Callable[[F], F]:
    """One test per scenario, named by it."""
    mark: Callable[[F], F] = pytest.mark.parametrize("s", scenarios, ids=[s["name"] for s in scenarios])
    return mark


def outcome_of(call: Callable[[], object]) -> tuple[dict[str, Any], CpodError | None]:
    try:
        call()
    except CpodError as error:
        return {"class": type(error).__name__, "code": error.code, "status": error.status}, error
    return {"ok": True}, None


def expected(outcome: dict[str, Any]) -> dict[str, Any]:
    return {**outcome, "class": python_class(outcome["class"])} if "class" in outcome else outcome


class Script:
    """Answers the operation's requests from ``steps`` in order (the last repeats) and the token
    endpoint with tok-1, tok-2, …; records every request."""

    def __init__(
        self, steps: list[dict[str, Any]], expires_in: int | None = 3600, token_failures: Sequence[dict[str, Any]] = ()
    ) -> None:
        self.steps = steps
        self.expires_in = expires_in
        self.token_failures = list(token_failures)
        self.served = 0
        self.tokens = 0
        self.requests: list[httpx.Request] = []

    @property
    def ops(self) -> list[httpx.Request]:
        return [r for r in self.requests if r.url.path != TOKEN_PATH]

    def answer(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if request.url.path == TOKEN_PATH:
            self.tokens += 1
            if self.tokens <= len(self.token_failures):
                failure = self.token_failures[self.tokens - 1]
                if failure.get("network_error"):
                    raise httpx.ConnectError("connection refused", request=request)
                return response(failure)
            body: dict[str, Any] = {"access_token": f"tok-{self.tokens}", "token_type": "Bearer"}
            if self.expires_in is not None:
                body["expires_in"] = self.expires_in
            return httpx.Response(200, json=body)
        step = self.steps[min(self.served, len(self.steps) - 1)]
        self.served += 1
        if step.get("network_error"):
            raise httpx.ConnectError("connection refused", request=request)
        return response(step)


def fixed_token_client(script: Script, clock: FakeClock) -> CpodClient:
    """A client whose token is fixed, so a 401 is not refreshed; one retry allowed."""
    transport = httpx.MockTransport(script.answer)
    return CpodClient.from_token(
        "tok-fixed", base_url=BASE, transport=transport, clock=clock, max_retries=1, timeout=TIMEOUT
    )


def app_client(script: Script, clock: FakeClock, max_retries: int | None = None) -> CpodClient:
    transport = httpx.MockTransport(script.answer)
    return CpodClient(
        BASE,
        client_id="app_1",
        client_secret="cs_1",
        transport=transport,
        clock=clock,
        timeout=TIMEOUT,
        max_retries=DEFAULT_RETRY_POLICY.max_retries if max_retries is None else max_retries,
    )


def get_once(step: dict[str, Any]) -> tuple[dict[str, Any], CpodError | None, int]:
    script = Script([step])
    client = fixed_token_client(script, FakeClock())
    outcome, error = outcome_of(lambda: client.kv.get("k"))
    return outcome, error, len(script.ops)


@named(ERRORS["scenarios"])
def test_error_scenario(s: dict[str, Any]) -> None:
    want = s["expect"]
    outcome, error, attempts = get_once(s["response"])
    assert outcome == expected({"class": want["class"], "code": want["code"], "status": want["status"]})
    assert attempts == (2 if want["retryable"] else 1)
    assert error is not None
    if "request_id" in want:
        assert error.request_id == want["request_id"]
    if "detail" in want:
        assert error.detail == want["detail"]
    if "message" in want:
        assert str(error) == want["message"]
    if "retry_after_seconds" in want:
        assert getattr(error, "retry_after", None) == want["retry_after_seconds"]


def test_status_sweep() -> None:
    classes, sweep = class_of_code(), ERRORS["status_sweep"]
    wrong = []
    for status in range(sweep["from"], sweep["to"] + 1):
        code, retryable = sweep_expectation(status)
        cls = "AuthenticationError" if status == 401 else classes.get(code)
        outcome, _, attempts = get_once({"status": status})
        if outcome != {"class": cls, "code": code, "status": status} or attempts != (2 if retryable else 1):
            wrong.append(f"{status}: got {outcome} after {attempts} attempt(s)")
    assert wrong == []


def test_coverage_codes() -> None:
    """The SDK's code table is exactly the codes the error scenarios cover."""
    assert sorted({s["expect"]["code"] for s in ERRORS["scenarios"]}) == sorted(ERROR_CLASSES)


def test_coverage_classes() -> None:
    """The error classes the package exports are exactly the classes the scenarios name."""
    exported = {
        name
        for name in cpod_sdk.__all__
        if isinstance(getattr(cpod_sdk, name), type) and issubclass(getattr(cpod_sdk, name), CpodError)
    }
    assert exported == classes_covered()


OPERATIONS: dict[str, Callable[[CpodClient], object]] = {
    "GET": lambda c: c.kv.get("k"),
    "PUT": lambda c: c.kv.set("k", 1),
    "DELETE": lambda c: c.kv.delete("k"),
    "POST": lambda c: c.kv.incr("k", 1),
}


@pytest.fixture
def away_from_utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A local time zone other than UTC, so a Retry-After date read in local time shows."""
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@named(RETRY["scenarios"])
@pytest.mark.usefixtures("away_from_utc")
def test_retry_scenario(s: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    # The SDK's jitter source is random.random; the scenario fixes what it returns.
    monkeypatch.setattr(random, "random", lambda: s["random"])
    start = datetime.fromisoformat(RETRY["clock_start"].replace("Z", "+00:00")).timestamp()
    clock, script = FakeClock(start), Script(s["responses"])
    client = app_client(script, clock, s.get("max_retries"))
    outcome, _ = outcome_of(lambda: OPERATIONS[s["method"]](client))
    want = s["expect"]
    assert outcome == expected(want["outcome"])
    assert [r.method for r in script.ops] == [s["method"]] * want["attempts"]
    assert [w * 1000 for w in clock.sleeps] == pytest.approx(want["waits_ms"])
    keys = [r.headers.get("idempotency-key") for r in script.ops]
    if want["idempotency_key"] == "absent":
        assert keys == [None] * len(keys)
    else:
        assert keys[0] and keys == [keys[0]] * len(keys)


@named(TOKENS["scenarios"])
def test_token_scenario(s: dict[str, Any]) -> None:
    """Through the async client, so a step's calls really are concurrent."""
    clock = FakeClock()
    script = Script([], s["expires_in"], s.get("token_responses", []))

    async def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path == TOKEN_PATH:
            # Let every other call of the step reach the token source before this one answers.
            for _ in range(10):
                await asyncio.sleep(0)
        return script.answer(request)

    async def run() -> None:
        transport = httpx.MockTransport(answer)
        client = AsyncCpodClient(
            BASE, client_id="app_1", client_secret="cs_1", transport=transport, clock=clock, timeout=TIMEOUT
        )
        entry = {"status": 200, "body": {"key": "k", "value": 1, "version": 1, "expires_at": None}}
        for step in s["steps"]:
            clock.advance(step["advance_seconds"])
            script.steps, script.served = [*step.get("responses", []), entry], 0
            before = len(script.ops)
            outcomes = await asyncio.gather(*(outcome_async(client) for _ in range(step["calls"])))
            want = step["expect"]
            assert outcomes == [expected(want["outcome"])] * step["calls"]
            assert script.tokens == want["token_requests"]
            bearers = [r.headers["authorization"].removeprefix("Bearer ") for r in script.ops[before:]]
            assert bearers == want["bearers"]
        await client.aclose()

    asyncio.run(run())


async def outcome_async(client: AsyncCpodClient) -> dict[str, Any]:
    try:
        await client.kv.get("k")
    except CpodError as error:
        return {"class": type(error).__name__, "code": error.code, "status": error.status}
    return {"ok": True}


@named(PAGINATION["scenarios"])
def test_pagination_scenario(s: dict[str, Any]) -> None:
    pages = [
        p["error"]
        if "error" in p
        else {"status": 200, "body": {"items": [_item(k) for k in p["items"]], "next_cursor": p["next_cursor"]}}
        for p in s["pages"]
    ]
    script = Script(pages)
    client = app_client(script, FakeClock())
    keys: list[str] = []

    def walk() -> None:
        for item in client.kv.list():
            keys.append(item.key)
            if len(keys) == s.get("take"):
                break

    outcome, _ = outcome_of(walk)
    want = s["expect"]
    assert outcome == expected(want["outcome"])
    assert keys == want["keys"]
    assert [r.url.params.get("cursor") for r in script.ops] == want["cursors"]


def _item(key: str) -> dict[str, Any]:
    return {"key": key, "version": 1, "expires_at": None}
