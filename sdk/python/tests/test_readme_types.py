"""The README's examples type-check under ``mypy --strict`` against the package: a user who
copies one into a strictly typed project gets no errors (and the package's hints are usable
from outside, through ``py.typed``)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_examples_pass_mypy_strict(tmp_path: Path) -> None:
    examples = re.findall(r"^```python\n(.*?)^```$", README.read_text(), re.S | re.M)
    assert examples
    files = []
    for number, code in enumerate(examples, start=1):
        path = tmp_path / f"example_{number}.py"
        path.write_text(code)
        files.append(str(path))
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--config-file", "/dev/null", *files],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
