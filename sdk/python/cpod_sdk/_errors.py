"""The exceptions the SDK raises on purpose: one base class, one subclass per thing a caller can do."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypedDict

from typing_extensions import NotRequired, Unpack

from ._generated.models.error_code import ErrorCode

__all__ = [
    "AuthenticationError",
    "ConflictError",
    "CpodConnectionError",
    "CpodError",
    "CpodTimeoutError",
    "ErrorCode",
    "ErrorInit",
    "FieldError",
    "NotFoundError",
    "PermissionDeniedError",
    "PreconditionFailedError",
    "RateLimitError",
    "ServerError",
    "ValidationError",
]


class ErrorInit(TypedDict):
    """What every ``CpodError`` is built from (the keyword arguments of its constructor)."""

    status: int
    code: ErrorCode
    title: str
    detail: NotRequired[str | None]
    request_id: NotRequired[str | None]
    headers: NotRequired[Mapping[str, str] | None]


@dataclass(frozen=True)
class FieldError:
    """One failing input of a 400, e.g. ``FieldError("/body/display_name", "is required")``."""

    path: str
    message: str


class CpodError(Exception):
    """Base of every error the SDK raises on purpose.

    ``code`` is one of the contract's closed set (``ErrorCode``), so callers can match on it;
    ``status`` is 0 when no HTTP response arrived. The underlying failure, if any, is
    ``__cause__``.

    Example::

        try:
            client.kv.get("k")
        except CpodError as error:
            print(error.code, error.request_id)
    """

    def __init__(
        self,
        *,
        status: int,
        code: ErrorCode,
        title: str,
        detail: str | None = None,
        request_id: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self.status = status
        self.code: ErrorCode = code
        self.title = title
        self.detail = detail
        self.request_id = request_id
        self.headers = headers
        super().__init__(_message(status, code, title, detail, request_id))


def _message(status: int, code: str, title: str, detail: str | None, request_id: str | None) -> str:
    prefix = f"{status} " if status else ""
    more = f": {detail}" if detail and detail != title else ""
    request = f" (request {request_id})" if request_id else ""
    return f"{prefix}{code}: {title}{more}{request}"


class AuthenticationError(CpodError):
    """401: the token or app credentials were refused, or no token could be obtained."""


class PermissionDeniedError(CpodError):
    """403: authenticated, but scopes or policy do not allow this call (or the tenant is suspended)."""


class NotFoundError(CpodError):
    """404: no such resource for this tenant (another tenant's resource also answers 404)."""


class ConflictError(CpodError):
    """409: the request conflicts with current state (taken id, reused idempotency key, ...)."""


class PreconditionFailedError(CpodError):
    """412: an ``if_version`` / ``if_match`` check failed: someone else changed it first."""


class ValidationError(CpodError):
    """400: the request was invalid; ``fields`` names each failing input when the server said."""

    fields: list[FieldError]

    def __init__(self, *, fields: list[FieldError] | None = None, **init: Unpack[ErrorInit]) -> None:
        super().__init__(**init)
        self.fields = fields or []


class RateLimitError(CpodError):
    """429 after the SDK's own retries; wait ``retry_after`` seconds (when the server said)."""

    retry_after: float | None

    def __init__(self, *, retry_after: float | None = None, **init: Unpack[ErrorInit]) -> None:
        super().__init__(**init)
        self.retry_after = retry_after


class ServerError(CpodError):
    """5xx after the SDK's own retries: the platform failed. Safe to retry later."""


class CpodConnectionError(CpodError):
    """No HTTP answer at all: DNS, refused or reset connection, TLS failure.

    Named ``Cpod...`` (the TypeScript SDK's ``ConnectionError``) so it does not shadow the builtin.
    """


class CpodTimeoutError(CpodError):
    """The call's ``timeout`` ran out, retries included (or the server answered 408/504)."""
