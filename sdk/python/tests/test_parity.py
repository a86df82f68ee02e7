"""The token cooldown constants read against the TypeScript SDK's source (STYLE.md habit 16, in
its smallest form). Everything else this file used to compare (the code-to-class and status
tables, the retry defaults, the 80% refresh point) is held by the shared scenarios in
sdk/scenarios, which test_scenarios.py runs against the real client; the cooldown after a
failed token request has no scenario yet (the Go SDK has no cooldown), so it stays here."""

from __future__ import annotations

import re
from pathlib import Path

from cpod_sdk._tokens import COOLDOWN_BASE, COOLDOWN_MAX

REPO = Path(__file__).resolve().parents[3]


def test_token_cooldown_constants_match_the_typescript_sdk() -> None:
    tokens = (REPO / "sdk" / "src" / "token-source.ts").read_text()

    def number(name: str) -> float:
        found = re.search(rf"{name}\s*[:=]\s*([\d_.]+)", tokens)
        assert found, name
        return float(found.group(1).replace("_", ""))

    assert number("COOLDOWN_BASE_MS") / 1000 == COOLDOWN_BASE
    assert number("COOLDOWN_MAX_MS") / 1000 == COOLDOWN_MAX
