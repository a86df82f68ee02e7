"""The shared SDK scenarios (sdk/scenarios/*.json, see its README) as Python data, and the
expectations derived from them that the runner compares the SDK with."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"

# The scenarios name classes as the TypeScript SDK does; Python prefixes the two that would
# shadow builtins.
PYTHON_NAMES = {"ConnectionError": "CpodConnectionError", "TimeoutError": "CpodTimeoutError"}


def load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((SCENARIOS / name).read_text())
    return data


ERRORS = load("errors.json")
RETRY = load("retry.json")
TOKENS = load("tokens.json")
PAGINATION = load("pagination.json")


def python_class(name: str) -> str:
    return PYTHON_NAMES.get(name, name)


def response(step: dict[str, Any]) -> httpx.Response:
    """A scripted answer: ``body`` as JSON, ``body_text`` as is, neither an empty body."""
    content = json.dumps(step["body"]).encode() if "body" in step else str(step.get("body_text", "")).encode()
    return httpx.Response(step["status"], headers=step.get("headers", {}), content=content)


def classes_covered() -> set[str]:
    """Every class an expectation or outcome in any file names (Python names)."""
    outcomes = [s["expect"]["outcome"] for s in RETRY["scenarios"] + PAGINATION["scenarios"]]
    outcomes += [step["expect"]["outcome"] for s in TOKENS["scenarios"] for step in s["steps"]]
    names = {s["expect"]["class"] for s in ERRORS["scenarios"]} | {o["class"] for o in outcomes if "class" in o}
    return {python_class(name) for name in names}


def class_of_code() -> dict[str, str]:
    """The class the error scenarios give each code, from Problem bodies carrying that code."""
    table = {}
    for s in ERRORS["scenarios"]:
        body, expect = s["response"].get("body"), s["expect"]
        if isinstance(body, dict) and body.get("code") == expect["code"] and expect["status"] != 401:
            table[expect["code"]] = python_class(expect["class"])
    return table


def sweep_expectation(status: int) -> tuple[str, bool]:
    """The code the status sweep expects of an empty ``status`` answer, and whether it is retried."""
    sweep = ERRORS["status_sweep"]
    default = sweep["5xx_code"] if status >= 500 else sweep["4xx_code"]
    code: str = sweep["fallback_codes"].get(str(status), default)
    retryable = any(first <= status <= last for first, last in sweep["retryable"])
    return code, retryable
