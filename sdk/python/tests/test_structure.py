"""Structural rules that keep the two clients and the generated code in their places."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

from cpod_sdk import AsyncCpodClient, CpodClient

PACKAGE = Path(__file__).resolve().parents[1] / "cpod_sdk"
NAMESPACES = [
    "kv",
    "files",
    "audit",
    "secrets",
    "analytics",
    "entities.people",
    "entities.groups",
    "entities.technology_assets",
    "entities.software_licenses",
    "oauth.apps",
]


def _resolve(root: object, dotted: str) -> object:
    for part in dotted.split("."):
        root = getattr(root, part)
    return root


def _public_methods(obj: object) -> dict[str, inspect.Signature]:
    return {
        name: inspect.signature(member)
        for name, member in inspect.getmembers(obj, callable)
        if not name.startswith("_")
    }


@pytest.mark.parametrize("namespace", NAMESPACES)
def test_async_namespaces_mirror_the_sync_ones(namespace: str) -> None:
    sync = _public_methods(_resolve(CpodClient("http://x", admin_token="a"), namespace))
    asynchronous = _public_methods(_resolve(AsyncCpodClient("http://x", admin_token="a"), namespace))
    assert sync.keys() == asynchronous.keys()
    for name, signature in sync.items():
        assert list(signature.parameters) == list(asynchronous[name].parameters), name


def test_the_hand_written_layer_uses_only_the_generated_models() -> None:
    """The generated api/ functions and client.py are not used: the hand-written transport owns
    retries, tokens and errors, and today's spec leaves some operations ungenerated."""
    pattern = re.compile(r"_generated\.(api|client|errors)\b|from \.+_generated import")
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if "_generated" not in path.parts and pattern.search(path.read_text())
    ]
    assert offenders == []
