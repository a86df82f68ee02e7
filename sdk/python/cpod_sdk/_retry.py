"""When and how long to wait before retrying: pure functions of their inputs (time and
randomness are passed in), so every rule is unit-tested without a clock."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone


@dataclass(frozen=True)
class RetryPolicy:
    """Retries after the first attempt and the backoff bounds, all in seconds."""

    max_retries: int = 2
    """2 means at most 3 attempts."""
    base_delay: float = 0.5
    """First backoff, doubled per retry."""
    max_delay: float = 8.0
    """Cap of the exponential backoff."""
    max_retry_after: float = 60.0
    """Cap of a server's ``Retry-After``, so one header cannot park a call for an hour."""


DEFAULT_RETRY_POLICY = RetryPolicy()

_SECONDS = re.compile(r"^\d+(\.\d+)?$")
_HTTP_DATES = ("%a, %d %b %Y %H:%M:%S GMT", "%A, %d-%b-%y %H:%M:%S GMT", "%a %b %d %H:%M:%S %Y")
"""The three forms of an HTTP-date (RFC 9110 §5.6.7): IMF-fixdate, then the obsolete RFC 850 and
asctime forms a recipient must still accept. All are GMT; the asctime form says so nowhere,
which ``email.utils`` read as local time."""


def is_retryable_status(status: int) -> bool:
    """408 and 429 (come back later) and 5xx except 501 (not implemented stays so)."""
    return status in (408, 429) or (status >= 500 and status != 501)


def parse_retry_after(headers: Mapping[str, str], now: float) -> float | None:
    """``Retry-After`` (delay-seconds or an HTTP-date, RFC 9110 §10.2.3) in seconds, or None
    when absent or unreadable. ``now`` is epoch seconds, for the date form."""
    value = (headers.get("retry-after") or "").strip()
    if not value:
        return None
    if _SECONDS.match(value):
        return float(value)
    for form in _HTTP_DATES:
        try:
            date = datetime.strptime(value, form).replace(tzinfo=timezone.utc)
        except ValueError:
            continue
        return max(0.0, date.timestamp() - now)
    return None


def backoff_delay(retry: int, retry_after: float | None, random: Callable[[], float], policy: RetryPolicy) -> float:
    """Seconds to wait before retry number ``retry`` (1-based). A server's ``Retry-After`` wins,
    capped; otherwise exponential backoff with equal jitter (half fixed, half random), so many
    clients failing together do not retry in lockstep."""
    if retry_after is not None:
        return min(retry_after, policy.max_retry_after)
    exponential = min(policy.base_delay * 2.0 ** (retry - 1), policy.max_delay)
    return exponential / 2 + random() * exponential / 2
