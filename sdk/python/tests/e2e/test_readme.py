"""Runs every ```python block of sdk/python/README.md as its own program against a real
``cpod dev``, with the environment the README tells a newcomer to export, so the examples stay
correct (the TypeScript README's examples are run the same way by test/sdk/readme.test.ts).

The examples run in this test run's interpreter (the editable checkout), or in
``CPOD_SDK_PYTHON`` when set: scripts/test-python-sdk.sh points it at a clean venv holding only
the built wheel, so the README is also checked against what would be published."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import DevPlatform

README = Path(__file__).resolve().parents[2] / "README.md"
BLOCK = re.compile(r"^```python\n(.*?)^```$", re.S | re.M)
EXAMPLES = BLOCK.findall(README.read_text())


def test_readme_has_examples() -> None:
    assert len(EXAMPLES) >= 2


@pytest.mark.parametrize("code", EXAMPLES, ids=[f"example-{n + 1}" for n in range(len(EXAMPLES))])
def test_readme_example_runs(code: str, platform: DevPlatform, tmp_path: Path) -> None:
    program = tmp_path / "example.py"
    program.write_text(code)
    env = {**os.environ, **platform.env()}
    done = subprocess.run(
        [os.environ.get("CPOD_SDK_PYTHON") or sys.executable, str(program)],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, f"stdout:\n{done.stdout}\nstderr:\n{done.stderr}"
    assert done.stdout.strip(), "an example prints what it did"
