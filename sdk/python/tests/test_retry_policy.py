"""The retry rules as pure functions: table-driven, no clock, no network."""

from __future__ import annotations

import pytest

from cpod_sdk._retry import DEFAULT_RETRY_POLICY, backoff_delay, is_retryable_status, parse_retry_after

NOW = 1_800_000_000.0


@pytest.mark.parametrize(
    ("status", "want"),
    [
        (408, True),
        (429, True),
        (500, True),
        (502, True),
        (503, True),
        (504, True),
        (501, False),
        (400, False),
        (401, False),
        (404, False),
        (409, False),
        (412, False),
    ],
)
def test_retryable_statuses_match_the_typescript_sdk(status: int, want: bool) -> None:
    assert is_retryable_status(status) is want


@pytest.mark.parametrize(
    ("header", "want"),
    [
        (None, None),
        ("", None),
        ("3", 3.0),
        ("1.5", 1.5),
        (" 2 ", 2.0),
        ("soon", None),
        ("-1", None),
        ("Fri, 15 Jan 2027 08:00:10 GMT", 10.0),
        ("Fri, 15 Jan 2027 07:59:00 GMT", 0.0),
    ],
)
def test_retry_after_in_seconds_or_as_a_date(header: str | None, want: float | None) -> None:
    headers = {} if header is None else {"retry-after": header}
    now = 1_800_000_000.0  # 2027-01-15T08:00:00Z
    assert parse_retry_after(headers, now) == want


@pytest.mark.parametrize(
    ("retry", "low", "high"), [(1, 0.25, 0.5), (2, 0.5, 1.0), (3, 1.0, 2.0), (5, 4.0, 8.0), (9, 4.0, 8.0)]
)
def test_backoff_is_exponential_with_equal_jitter_and_capped(retry: int, low: float, high: float) -> None:
    assert backoff_delay(retry, None, lambda: 0.0, DEFAULT_RETRY_POLICY) == low
    assert backoff_delay(retry, None, lambda: 1.0, DEFAULT_RETRY_POLICY) == high


def test_retry_after_wins_over_backoff_and_is_capped_at_60_s() -> None:
    assert backoff_delay(1, 7.0, lambda: 0.5, DEFAULT_RETRY_POLICY) == 7.0
    assert backoff_delay(1, 3600.0, lambda: 0.5, DEFAULT_RETRY_POLICY) == 60.0
