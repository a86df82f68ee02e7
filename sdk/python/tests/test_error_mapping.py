"""Contract error codes to exception classes: the same table as the TypeScript SDK's."""

from __future__ import annotations

import json
from typing import get_args

import pytest

from cpod_sdk import (
    AuthenticationError,
    ConflictError,
    CpodError,
    CpodTimeoutError,
    FieldError,
    NotFoundError,
    PermissionDeniedError,
    PreconditionFailedError,
    RateLimitError,
    ServerError,
    ValidationError,
)
from cpod_sdk._error_mapping import ERROR_CLASSES, error_from_response, title_of
from cpod_sdk._generated.models.error_code import ErrorCode

NOW = 1_800_000_000.0


def test_every_contract_code_has_a_class() -> None:
    assert set(ERROR_CLASSES) == set(get_args(ErrorCode))


@pytest.mark.parametrize(
    ("status", "code", "cls"),
    [
        (400, "validation_failed", ValidationError),
        (400, "invalid_filter", ValidationError),
        (401, "invalid_token", AuthenticationError),
        (403, "tenant_suspended", PermissionDeniedError),
        (404, "not_found", NotFoundError),
        (405, "method_not_allowed", CpodError),
        (409, "idempotency_conflict", ConflictError),
        (412, "precondition_failed", PreconditionFailedError),
        (413, "payload_too_large", ValidationError),
        (416, "range_not_satisfiable", CpodError),
        (429, "rate_limited", RateLimitError),
        (500, "internal", ServerError),
        (503, "unavailable", ServerError),
        (504, "timeout", CpodTimeoutError),
    ],
)
def test_problem_code_picks_the_class(status: int, code: str, cls: type[CpodError]) -> None:
    body = json.dumps({"title": "T", "status": status, "code": code, "detail": "D", "request_id": "req_1"})
    error = error_from_response(status, {}, body, NOW)
    assert type(error) is cls
    assert (error.status, error.code, error.title, error.detail, error.request_id) == (status, code, "T", "D", "req_1")
    assert str(error) == f"{status} {code}: T: D (request req_1)"


@pytest.mark.parametrize(
    ("status", "code", "cls"),
    [
        (404, "not_found", NotFoundError),
        (502, "internal", ServerError),
        (503, "unavailable", ServerError),
        (418, "bad_request", ValidationError),
        (416, "range_not_satisfiable", CpodError),
    ],
)
def test_a_body_without_a_code_falls_back_to_the_status(status: int, code: str, cls: type[CpodError]) -> None:
    error = error_from_response(status, {"x-request-id": "req_h"}, "<html>bad gateway</html>", NOW)
    assert (type(error), error.code, error.title, error.request_id) == (cls, code, title_of(code), "req_h")


def test_an_unknown_code_is_not_trusted() -> None:
    error = error_from_response(409, {}, json.dumps({"code": "made_up"}), NOW)
    assert (type(error), error.code) == (ConflictError, "conflict")


def test_401_is_always_an_authentication_error() -> None:
    error = error_from_response(401, {}, json.dumps({"code": "permission_denied"}), NOW)
    assert type(error) is AuthenticationError


def test_validation_error_lists_fields() -> None:
    body = {"code": "validation_failed", "errors": [{"path": "/body/name", "message": "is required"}, {"path": 1}]}
    error = error_from_response(400, {}, json.dumps(body), NOW)
    assert isinstance(error, ValidationError)
    assert error.fields == [FieldError("/body/name", "is required")]


def test_rate_limit_error_carries_retry_after() -> None:
    error = error_from_response(429, {"retry-after": "7"}, json.dumps({"code": "rate_limited"}), NOW)
    assert isinstance(error, RateLimitError) and error.retry_after == 7.0


def test_oauth_errors_keep_the_oauth_name_in_detail() -> None:
    body = json.dumps({"error": "invalid_client", "error_description": "unknown client"})
    error = error_from_response(401, {}, body, NOW)
    assert (type(error), error.code, error.detail) == (
        AuthenticationError,
        "unauthenticated",
        "invalid_client: unknown client",
    )
