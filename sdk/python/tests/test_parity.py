"""The Python SDK's tables read against the TypeScript SDK's source and the generated error
codes, so a change on either side that the other does not follow fails here (STYLE.md habit
16, in its smallest form: the same tables, checked from both languages' sources)."""

from __future__ import annotations

import re
from pathlib import Path

from cpod_sdk._error_mapping import _STATUS_CODES, ERROR_CLASSES
from cpod_sdk._retry import DEFAULT_RETRY_POLICY
from cpod_sdk._tokens import COOLDOWN_BASE, COOLDOWN_MAX, REFRESH_AT

REPO = Path(__file__).resolve().parents[3]
TS = REPO / "sdk" / "src"
# Python names the no-answer errors Cpod... so they do not shadow the builtins.
RENAMED = {"ConnectionError": "CpodConnectionError", "TimeoutError": "CpodTimeoutError"}


def _ts(name: str) -> str:
    return (TS / name).read_text()


def test_error_codes_are_the_generated_set() -> None:
    codes = re.findall(r'^\s+"([a-z_]+)",?$', (REPO / "gen" / "errors" / "codes.ts").read_text(), re.M)
    assert sorted(codes) == sorted(ERROR_CLASSES)


def test_code_to_class_table_matches_the_typescript_sdk() -> None:
    table = _ts("error-mapping.ts").split("ERROR_CLASSES")[1].split("};")[0]
    ts = {code: RENAMED.get(cls, cls) for code, cls in re.findall(r"^\s+(\w+): (\w+),$", table, re.M)}
    assert ts == {code: cls.__name__ for code, cls in ERROR_CLASSES.items()}


def test_status_fallback_table_matches_the_typescript_sdk() -> None:
    table = _ts("error-mapping.ts").split("function codeForStatus")[1].split("};")[0]
    ts = {int(status): code for status, code in re.findall(r'^\s+(\d+): "(\w+)",$', table, re.M)}
    assert ts == dict(_STATUS_CODES)


def test_retry_and_token_constants_match_the_typescript_sdk() -> None:
    retry = _ts("retry-policy.ts")
    tokens = _ts("token-source.ts")

    def number(source: str, name: str) -> float:
        found = re.search(rf"{name}\s*[:=]\s*([\d_.]+)", source)
        assert found, name
        return float(found.group(1).replace("_", ""))

    assert number(retry, "maxRetries") == DEFAULT_RETRY_POLICY.max_retries
    assert number(retry, "baseDelayMs") / 1000 == DEFAULT_RETRY_POLICY.base_delay
    assert number(retry, "maxDelayMs") / 1000 == DEFAULT_RETRY_POLICY.max_delay
    assert number(retry, "maxRetryAfterMs") / 1000 == DEFAULT_RETRY_POLICY.max_retry_after
    assert number(tokens, "REFRESH_AT") == REFRESH_AT
    assert number(tokens, "COOLDOWN_BASE_MS") / 1000 == COOLDOWN_BASE
    assert number(tokens, "COOLDOWN_MAX_MS") / 1000 == COOLDOWN_MAX
