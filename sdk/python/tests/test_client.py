"""Construction: misuse fails at once with a ValueError naming the option."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cpod_sdk import AsyncCpodClient, CpodClient, __version__


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"base_url": "not a url", "client_id": "a", "client_secret": "b"}, "base_url"),
        ({"base_url": "http://x", "client_id": "a"}, "client_secret is missing"),
        ({"base_url": "http://x", "client_secret": "b"}, "client_id is missing"),
        ({"base_url": "http://x"}, "pass client_id and client_secret"),
        ({"base_url": "http://x", "client_id": "a", "client_secret": "b", "timeout": 0}, "timeout"),
        ({"base_url": "http://x", "client_id": "a", "client_secret": "b", "max_retries": -1}, "max_retries"),
    ],
)
def test_misuse_is_a_value_error(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        CpodClient(**kwargs)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=message):
        AsyncCpodClient(**kwargs)  # type: ignore[arg-type]


def test_from_env_names_the_missing_variable() -> None:
    with pytest.raises(ValueError, match="CPOD_CLIENT_SECRET is not set"):
        CpodClient.from_env({"CPOD_BASE_URL": "http://x", "CPOD_CLIENT_ID": "a"})


def test_admin_only_client_fails_app_calls_clearly() -> None:
    with (
        CpodClient("http://x", admin_token="adm") as client,
        pytest.raises(ValueError, match="client_id and client_secret"),
    ):
        client.kv.get("k")


def test_version_matches_pyproject() -> None:
    pyproject = (Path(__file__).resolve().parents[1] / "pyproject.toml").read_text()
    declared = re.search(r'^version = "([^"]+)"$', pyproject, re.M)
    assert declared is not None and __version__ == declared.group(1)
