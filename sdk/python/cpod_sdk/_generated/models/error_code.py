from typing import Literal, cast

ErrorCode = Literal[
    "bad_request",
    "conflict",
    "headers_too_large",
    "idempotency_conflict",
    "internal",
    "invalid_cursor",
    "invalid_filter",
    "invalid_token",
    "method_not_allowed",
    "not_found",
    "not_implemented",
    "payload_too_large",
    "permission_denied",
    "precondition_failed",
    "range_not_satisfiable",
    "rate_limited",
    "request_timeout",
    "tenant_suspended",
    "timeout",
    "unauthenticated",
    "unavailable",
    "unsupported_media_type",
    "uri_too_long",
    "validation_failed",
]

ERROR_CODE_VALUES: set[ErrorCode] = {
    "bad_request",
    "conflict",
    "headers_too_large",
    "idempotency_conflict",
    "internal",
    "invalid_cursor",
    "invalid_filter",
    "invalid_token",
    "method_not_allowed",
    "not_found",
    "not_implemented",
    "payload_too_large",
    "permission_denied",
    "precondition_failed",
    "range_not_satisfiable",
    "rate_limited",
    "request_timeout",
    "tenant_suspended",
    "timeout",
    "unauthenticated",
    "unavailable",
    "unsupported_media_type",
    "uri_too_long",
    "validation_failed",
}


def check_error_code(value: str) -> ErrorCode:
    if value in ERROR_CODE_VALUES:
        return cast(ErrorCode, value)
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {ERROR_CODE_VALUES!r}"
    )
