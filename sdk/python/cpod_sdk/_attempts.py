"""The SDK's network behaviour as one chain, without I/O (STYLE.md habit 11).

bearer token -> send -> on 401 one forced token refresh and resend -> on connection errors,
408, 429 and 5xx capped exponential backoff with jitter or the server's ``Retry-After`` ->
typed error. One ``Idempotency-Key`` per POST is reused by all its attempts; the call's
timeout covers every step, retries and backoff included. ``_transport.py`` runs this chain
over a sync or an async httpx client, so both clients behave the same by construction.
"""

from __future__ import annotations

import datetime
import json
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import httpx

from ._call import Call, Content, FormBody, JsonBody, RawBody, RequestOptions
from ._clock import Clock
from ._error_mapping import error_from_response
from ._errors import CpodConnectionError, CpodError, CpodTimeoutError
from ._retry import RetryPolicy, backoff_delay, is_retryable_status, parse_retry_after


@dataclass(frozen=True)
class HttpConfig:
    """What every request is sent with; fixed at client construction."""

    base_url: str
    clock: Clock
    random: Callable[[], float]
    timeout: float
    retry: RetryPolicy
    user_agent: str


class Attempts:
    """The state of one call across its attempts: deadline, retries used, the 401 refresh
    already spent, and the idempotency key."""

    def __init__(self, config: HttpConfig, call: Call[Any], options: RequestOptions | None) -> None:
        self._config = config
        self._call = call
        self._options = options or RequestOptions()
        body = call.body
        self.replayable = not isinstance(body, RawBody) or body.replayable
        retries = self._options.max_retries
        self._max_retries = (config.retry.max_retries if retries is None else retries) if self.replayable else 0
        self._retries = 0
        self._refreshed_after_401 = False
        timeout = config.timeout if self._options.timeout is None else self._options.timeout
        self._timeout = timeout
        self._deadline = config.clock.now() + timeout
        post = call.method == "POST" and not isinstance(body, FormBody)
        self.idempotency_key = (self._options.idempotency_key or str(uuid.uuid4())) if post else None

    def remaining(self) -> float:
        """Seconds left of the call's timeout."""
        return self._deadline - self._config.clock.now()

    def check_deadline(self) -> None:
        """Raises ``CpodTimeoutError`` once the call's timeout has run out."""
        if self.remaining() <= 0:
            raise self.timeout_error()

    def timeout_error(self) -> CpodTimeoutError:
        return CpodTimeoutError(
            status=0,
            code="timeout",
            title="Request timed out",
            detail=f"no answer within the call's timeout of {self._timeout:g} s (retries included)",
        )

    def request(self, http: httpx.Client | httpx.AsyncClient, token: str | None) -> httpx.Request:
        """The next attempt's request; each network step may take at most the time left."""
        headers = {"accept": "application/json", "user-agent": self._config.user_agent}
        if token:
            headers["authorization"] = f"Bearer {token}"
        if self.idempotency_key:
            headers["idempotency-key"] = self.idempotency_key
        merged = {**self._call.headers, **(self._options.headers or {})}
        headers.update({name: value for name, value in merged.items() if value is not None})
        content = self._content(headers)
        return http.build_request(
            self._call.method,
            self._config.base_url.rstrip("/") + self._call.path,
            params=_query(self._call.query),
            headers=headers,
            content=content,
            timeout=httpx.Timeout(max(self.remaining(), 0.001)),
        )

    def _content(self, headers: dict[str, str]) -> Content | None:
        body = self._call.body
        if body is None:
            return None
        if isinstance(body, JsonBody):
            headers["content-type"] = "application/json"
            return json.dumps(body.value, separators=(",", ":"), default=_json_default).encode()
        if isinstance(body, FormBody):
            headers["content-type"] = "application/x-www-form-urlencoded"
            return urlencode(body.value).encode()
        headers.setdefault("content-type", body.content_type)
        return body.open()

    def on_connection_error(self, cause: httpx.TransportError) -> float:
        """The backoff before resending after no answer arrived, or raises the typed error."""
        if isinstance(cause, httpx.TimeoutException):
            raise self.timeout_error() from cause
        error = CpodConnectionError(
            status=0, code="unavailable", title="Could not reach cPod", detail=str(cause) or type(cause).__name__
        )
        error.__cause__ = cause
        return self._backoff_or_raise(error, None)

    def on_failure(
        self, status: int, headers: Mapping[str, str], text: str, token: str | None, invalidate: Callable[[str], bool]
    ) -> float:
        """Seconds to wait before resending a failed attempt (0 after a 401 refresh), or raises."""
        now = self._config.clock.now()
        error = error_from_response(status, headers, text, now)
        if status == 401 and token and self.replayable and not self._refreshed_after_401:
            self._refreshed_after_401 = True
            if invalidate(token):
                return 0.0
        if not is_retryable_status(status):
            raise error
        return self._backoff_or_raise(error, parse_retry_after(headers, now))

    def _backoff_or_raise(self, error: CpodError, retry_after: float | None) -> float:
        if self._retries >= self._max_retries:
            raise error
        delay = backoff_delay(self._retries + 1, retry_after, self._config.random, self._config.retry)
        # A wait that would outlast the call's timeout only turns a precise error into a timeout.
        if delay >= self.remaining():
            raise error
        self._retries += 1
        return delay


def _query(query: Mapping[str, object]) -> list[tuple[str, str | int | float | bool | None]]:
    """Query parameters as the TypeScript SDK sends them: absent values left out, booleans lowercase."""
    pairs: list[tuple[str, str | int | float | bool | None]] = []
    for name, value in query.items():
        if value is None:
            continue
        pairs.append((name, str(value).lower() if isinstance(value, bool) else str(value)))
    return pairs


def _json_default(value: object) -> object:
    """Dates as ISO-8601 (like ``Date.toJSON``) and generated models by their ``to_dict``."""
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict):
        return to_dict()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")
