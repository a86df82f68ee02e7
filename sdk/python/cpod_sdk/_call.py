"""What a resource method describes (a ``Call``) and the per-call options a caller can pass."""

from __future__ import annotations

from collections.abc import AsyncIterable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Generic, Literal, TypeVar
from urllib.parse import quote

import httpx

T = TypeVar("T")

QueryValue = str | int | float | bool | None
Auth = Literal["app", "admin", "none"]


@dataclass(frozen=True)
class RequestOptions:
    """Per-call overrides of the client's settings.

    Example::

        client.kv.incr("orders", 1, options=RequestOptions(idempotency_key="order-7f3a", timeout=2))
    """

    timeout: float | None = None
    """Seconds for the whole call, retries and backoff included."""
    max_retries: int | None = None
    """Retries after the first attempt."""
    idempotency_key: str | None = None
    """Your own key for a POST (e.g. per order); by default one random key per call."""
    headers: Mapping[str, str] | None = None
    """Extra headers, e.g. for tracing."""


@dataclass(frozen=True)
class JsonBody:
    """A JSON request body; ``None`` members of a top-level object are left out."""

    value: object


@dataclass(frozen=True)
class FormBody:
    """An ``application/x-www-form-urlencoded`` body (the OAuth token endpoint)."""

    value: Mapping[str, str]


Content = bytes | Iterable[bytes] | AsyncIterable[bytes]


@dataclass(frozen=True)
class RawBody:
    """Bytes produced afresh per attempt by ``open``; a non-replayable body is sent once."""

    content_type: str
    open: Callable[[], Content]
    replayable: bool


Body = JsonBody | FormBody | RawBody


@dataclass(frozen=True)
class Call(Generic[T]):
    """One operation: method, path (already percent-encoded), query, headers, body, which
    credentials, and how to turn the successful response into ``T``. ``stream=True`` hands the
    unread response to ``parse`` (downloads); otherwise the body is read first."""

    method: str
    path: str
    parse: Callable[[httpx.Response], T]
    query: Mapping[str, QueryValue] = field(default_factory=dict)
    headers: Mapping[str, str | None] = field(default_factory=dict)
    body: Body | None = None
    auth: Auth = "app"
    stream: bool = False


def segment(value: str) -> str:
    """Percent-encodes one path segment like JavaScript's ``encodeURIComponent``."""
    return quote(value, safe="!~*'()")


def file_path(path: str) -> str:
    """Percent-encodes a file path segment by segment, keeping its slashes."""
    return "/".join(segment(part) for part in path.split("/"))
