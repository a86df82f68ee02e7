"""From a non-2xx response (status, headers, body text) to the matching typed exception."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ._errors import (
    AuthenticationError,
    ConflictError,
    CpodError,
    CpodTimeoutError,
    ErrorCode,
    FieldError,
    NotFoundError,
    PermissionDeniedError,
    PreconditionFailedError,
    RateLimitError,
    ServerError,
    ValidationError,
)
from ._generated.models.error_code import ERROR_CODE_VALUES
from ._retry import parse_retry_after

ERROR_CLASSES: Mapping[ErrorCode, type[CpodError]] = {
    "bad_request": ValidationError,
    "validation_failed": ValidationError,
    "invalid_filter": ValidationError,
    "invalid_cursor": ValidationError,
    "unauthenticated": AuthenticationError,
    "invalid_token": AuthenticationError,
    "permission_denied": PermissionDeniedError,
    "tenant_suspended": PermissionDeniedError,
    "not_found": NotFoundError,
    "method_not_allowed": CpodError,
    "conflict": ConflictError,
    "idempotency_conflict": ConflictError,
    "precondition_failed": PreconditionFailedError,
    "payload_too_large": ValidationError,
    "unsupported_media_type": ValidationError,
    "range_not_satisfiable": CpodError,
    "rate_limited": RateLimitError,
    "internal": ServerError,
    "not_implemented": ServerError,
    "unavailable": ServerError,
    "timeout": CpodTimeoutError,
    "uri_too_long": ValidationError,
    "headers_too_large": ValidationError,
    "request_timeout": CpodTimeoutError,
}
"""The one table from contract error code to exception class, the same as the TypeScript
SDK's ``ERROR_CLASSES``; a test fails when the contract gains a code not mapped here."""

_STATUS_CODES: Mapping[int, ErrorCode] = {
    400: "bad_request",
    401: "unauthenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    408: "timeout",
    409: "conflict",
    412: "precondition_failed",
    413: "payload_too_large",
    414: "uri_too_long",
    415: "unsupported_media_type",
    416: "range_not_satisfiable",
    429: "rate_limited",
    431: "headers_too_large",
    501: "not_implemented",
    503: "unavailable",
    504: "timeout",
}


def code_for_status(status: int) -> ErrorCode:
    """The code to assume when a response carries none (a proxy's 502 page, a HEAD 404)."""
    return _STATUS_CODES.get(status, "internal" if status >= 500 else "bad_request")


def _body(text: str) -> dict[str, Any]:
    try:
        parsed = json.loads(text)
    except ValueError:
        return {}
    return parsed if isinstance(parsed, dict) else {}


def _str(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _fields(errors: object) -> list[FieldError]:
    if not isinstance(errors, list):
        return []
    return [
        FieldError(e["path"], e["message"])
        for e in errors
        if isinstance(e, dict) and isinstance(e.get("path"), str) and isinstance(e.get("message"), str)
    ]


def _code(value: object, status: int) -> ErrorCode:
    for known in ERROR_CODE_VALUES:
        if value == known:
            return known
    return code_for_status(status)


def _detail(body: Mapping[str, Any]) -> str | None:
    """A Problem's ``detail``, else an OAuth error (RFC 6749 §5.2) as ``error: description``."""
    detail = _str(body.get("detail"))
    if detail is not None:
        return detail
    oauth, description = _str(body.get("error")), _str(body.get("error_description"))
    if oauth is None:
        return None
    return f"{oauth}: {description}" if description else oauth


def error_from_response(status: int, headers: Mapping[str, str], text: str, now: float) -> CpodError:
    """The typed exception for a non-2xx response; a 401 is always ``AuthenticationError``."""
    body = _body(text)
    code = _code(body.get("code"), status)
    cls = AuthenticationError if status == 401 else ERROR_CLASSES[code]
    title = _str(body.get("title")) or title_of(code)
    detail = _detail(body)
    request_id = _str(body.get("request_id")) or headers.get("x-request-id")
    if issubclass(cls, ValidationError):
        return cls(
            status=status,
            code=code,
            title=title,
            detail=detail,
            request_id=request_id,
            headers=headers,
            fields=_fields(body.get("errors")),
        )
    if issubclass(cls, RateLimitError):
        return cls(
            status=status,
            code=code,
            title=title,
            detail=detail,
            request_id=request_id,
            headers=headers,
            retry_after=parse_retry_after(headers, now),
        )
    return cls(status=status, code=code, title=title, detail=detail, request_id=request_id, headers=headers)


def title_of(code: str) -> str:
    """``rate_limited`` -> ``Rate limited``: a readable title when the body had none."""
    words = code.replace("_", " ")
    return words[:1].upper() + words[1:]
